package dev.dayshift.core.config.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, located reads of one YAML mapping. Every bad value is recorded in {@link Problems} with its
 * location and the field's path, and the read returns empty, so loading goes on and reports everything.
 */
public final class MapView {
    private static final Pattern SIMPLE_DURATION =
            Pattern.compile("(?i)\\s*(\\d+)\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)\\s*");

    private final YamlNode.Mapping mapping;
    private final String path;
    private final Problems problems;
    private final int anchorLine;
    private final int anchorColumn;

    private MapView(YamlNode.Mapping mapping, String path, Problems problems, int anchorLine, int anchorColumn) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
        this.anchorLine = anchorLine;
        this.anchorColumn = anchorColumn;
    }

    /**
     * A view of {@code node} if it is a mapping whose keys are all in {@code allowed}; unknown keys
     * are reported (with a suggestion when one is close). Empty if the node is not a mapping.
     */
    public static Optional<MapView> of(YamlNode node, String path, Problems problems, Set<String> allowed) {
        return of(node, path, problems, allowed, node.line(), node.column());
    }

    /** As {@link #of(YamlNode, String, Problems, Set)}; missing fields are reported at the anchor. */
    private static Optional<MapView> of(YamlNode node, String path, Problems problems, Set<String> allowed,
                                        int anchorLine, int anchorColumn) {
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.at(node, path, "expected a mapping of fields, found " + node.describe());
            return Optional.empty();
        }
        MapView view = new MapView(m, path, problems, anchorLine, anchorColumn);
        if (allowed != null) {
            for (YamlNode.Entry e : m.entries().values()) {
                if (!allowed.contains(e.key())) {
                    problems.atKey(e, view.child(e.key()), "unknown field '" + e.key() + "'" + suggestion(e.key(), allowed));
                }
            }
        }
        return Optional.of(view);
    }

    public String path() {
        return path;
    }

    public YamlNode node() {
        return mapping;
    }

    public Problems problems() {
        return problems;
    }

    /** The path of a field of this mapping. */
    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The entries in file order. */
    public Map<String, YamlNode.Entry> entries() {
        return mapping.entries();
    }

    public boolean has(String key) {
        YamlNode.Entry e = mapping.entries().get(key);
        return e != null && !(e.value() instanceof YamlNode.Null);
    }

    /** The value of a field, if present and not null. */
    public Optional<YamlNode> node(String key) {
        YamlNode.Entry e = mapping.entries().get(key);
        if (e == null || e.value() instanceof YamlNode.Null) {
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    /** Reports a field that must be present. */
    public void missing(String key, String what) {
        problems.at(anchorLine, anchorColumn, path, "missing required field '" + key + "'" + (what.isEmpty() ? "" : " (" + what + ")"));
    }

    /** A scalar field as text (numbers and booleans as written). */
    public Optional<String> string(String key) {
        return node(key).flatMap(n -> {
            if (n instanceof YamlNode.Scalar s) {
                if (s.text().isBlank()) {
                    problems.at(n, child(key), "must not be blank");
                    return Optional.empty();
                }
                return Optional.of(s.text().strip());
            }
            problems.at(n, child(key), "expected a text value, found " + n.describe());
            return Optional.empty();
        });
    }

    /** A required scalar field as text. */
    public Optional<String> requiredString(String key, String what) {
        if (!has(key)) {
            missing(key, what);
            return Optional.empty();
        }
        return string(key);
    }

    /** A boolean field. */
    public Optional<Boolean> bool(String key) {
        return node(key).flatMap(n -> {
            if (n instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.BOOLEAN) {
                return Optional.of(Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT)));
            }
            problems.at(n, child(key), "expected true or false, found " + n.describe());
            return Optional.empty();
        });
    }

    /** A whole number in [min, max]. */
    public Optional<Long> integer(String key, long min, long max) {
        return node(key).flatMap(n -> {
            if (n instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.INTEGER) {
                try {
                    long v = Long.parseLong(s.text().replace("_", ""));
                    if (v < min || v > max) {
                        problems.at(n, child(key), "must be between " + min + " and " + max + ", was " + v);
                        return Optional.empty();
                    }
                    return Optional.of(v);
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
            problems.at(n, child(key), "expected a whole number, found " + n.describe());
            return Optional.empty();
        });
    }

    /** A positive decimal number. */
    public Optional<java.math.BigDecimal> positiveDecimal(String key) {
        return node(key).flatMap(n -> {
            if (n instanceof YamlNode.Scalar s
                    && (s.type() == YamlNode.Scalar.Type.INTEGER || s.type() == YamlNode.Scalar.Type.FLOAT)) {
                try {
                    java.math.BigDecimal v = new java.math.BigDecimal(s.text());
                    if (v.signum() <= 0) {
                        problems.at(n, child(key), "must be greater than 0, was " + s.text());
                        return Optional.empty();
                    }
                    return Optional.of(v);
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
            problems.at(n, child(key), "expected a number, found " + n.describe());
            return Optional.empty();
        });
    }

    /**
     * A duration: ISO-8601 ({@code PT10M}) or a number and a unit ({@code 90s}, {@code 10m}, {@code 2h},
     * {@code 1d}); must be positive.
     */
    public Optional<Duration> duration(String key) {
        return duration(key, false);
    }

    /** A duration as {@link #duration(String)} reads it, where zero is allowed too when {@code zeroAllowed}. */
    public Optional<Duration> duration(String key, boolean zeroAllowed) {
        return string(key).flatMap(text -> {
            Optional<Duration> d = parseDuration(text);
            if (d.isEmpty() || d.get().isNegative() || (d.get().isZero() && !zeroAllowed)) {
                problems.at(node(key).orElseThrow(), child(key), "'" + text + "' is not a " + (zeroAllowed ? "" : "positive ")
                        + "duration (write e.g. " + (zeroAllowed ? "0s, " : "") + "90s, 10m, 2h, 1d or PT10M)");
                return Optional.empty();
            }
            return d;
        });
    }

    /** Parses a duration as {@link #duration} does, without reporting. */
    public static Optional<Duration> parseDuration(String text) {
        Matcher m = SIMPLE_DURATION.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            char unit = Character.toLowerCase(m.group(2).charAt(0));
            return Optional.of(switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(text.strip().toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One of the given words (case-insensitive; '-' and '_' alike), as its enum constant. */
    public <E extends Enum<E>> Optional<E> enumValue(String key, Class<E> type) {
        return string(key).flatMap(text -> {
            String wanted = text.toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(wanted)) {
                    return Optional.of(e);
                }
            }
            problems.at(node(key).orElseThrow(), child(key),
                    "'" + text + "' is not one of " + choices(type));
            return Optional.empty();
        });
    }

    /** The spellings of an enum's constants, as configuration writes them. */
    public static <E extends Enum<E>> String choices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", names);
    }

    /** A nested mapping with the given fields. */
    public Optional<MapView> map(String key, Set<String> allowed) {
        YamlNode.Entry e = mapping.entries().get(key);
        return node(key).flatMap(n -> of(n, child(key), problems, allowed, e.keyLine(), e.keyColumn()));
    }

    /** A list field; a single scalar is not promoted. Empty list when absent. */
    public List<YamlNode> list(String key) {
        Optional<YamlNode> n = node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (n.get() instanceof YamlNode.Sequence s) {
            return s.items();
        }
        problems.at(n.get(), child(key), "expected a list, found " + n.get().describe());
        return List.of();
    }

    /** A list of texts. */
    public List<String> stringList(String key) {
        List<String> out = new ArrayList<>();
        List<YamlNode> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            if (item instanceof YamlNode.Scalar s && !s.text().isBlank()) {
                out.add(s.text().strip());
            } else {
                problems.at(item, child(key) + "[" + i + "]", "expected a text value, found " + item.describe());
            }
        }
        return out;
    }

    /** A mapping of texts to texts (tags, variables), in file order. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        map(key, null).ifPresent(v -> {
            for (YamlNode.Entry e : v.entries().values()) {
                if (e.value() instanceof YamlNode.Scalar s) {
                    out.put(e.key(), s.text());
                } else {
                    problems.at(e.value(), v.child(e.key()), "expected a text value, found " + e.value().describe());
                }
            }
        });
        return out;
    }

    static String suggestion(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
            return "; did you mean '" + best + "'?";
        }
        return "; expected one of: " + String.join(", ", new java.util.TreeSet<>(allowed));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
