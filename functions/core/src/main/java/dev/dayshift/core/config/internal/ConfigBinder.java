package dev.dayshift.core.config.internal;

import dev.dayshift.core.config.BudgetAction;
import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.config.BudgetPolicy;
import dev.dayshift.core.config.ConfigException;
import dev.dayshift.core.config.ConfigProblem;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.HealthCheck;
import dev.dayshift.core.config.HolidayRule;
import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.core.config.ImageVariant;
import dev.dayshift.core.config.Notifications;
import dev.dayshift.core.config.Phase;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.RollbackConfig;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.config.ScheduleConfig;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.config.Tool;
import dev.dayshift.core.schedule.InvalidScheduleExpressionException;
import dev.dayshift.core.schedule.InvalidTimeZoneException;
import dev.dayshift.core.schedule.ScheduleExpression;
import dev.dayshift.core.schedule.SkippedFireTime;
import dev.dayshift.core.schedule.TimeZones;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the located YAML tree into the configuration records, applying defaults and checking every
 * field and every rule that spans fields. Internal: use {@link dev.dayshift.core.config.ConfigLoader}.
 */
public final class ConfigBinder {

    private static final Set<String> TOP = Set.of("version", "defaults", "calendars", "environments", "images");
    private static final Set<String> DEFAULTS = Set.of(
            "region", "timezone", "costCenter", "tags", "calendars", "lockWait", "approvalTimeout");
    private static final Set<String> ENVIRONMENT = Set.of(
            "region", "timezone", "account", "protected", "costCenter", "tags", "schedule", "calendars",
            "holidays", "overrides", "expires", "phases", "budget", "rollback", "notifications", "lockWait",
            "approvalTimeout");
    private static final Set<String> SCHEDULE = Set.of("up", "down", "enabled");
    private static final Set<String> HOLIDAY = Set.of("date", "month", "day", "weekday", "nth", "observed", "name");
    private static final Set<String> OVERRIDE = Set.of("mode", "from", "until", "reason", "setBy");
    private static final Set<String> PHASES = Set.of("base", "runtime");
    private static final Set<String> PHASE = Set.of("tool", "directory", "variables", "timeout", "healthChecks");
    private static final Set<String> HEALTH_CHECK = Set.of(
            "url", "expectStatus", "expectBody", "timeout", "attempts", "interval");
    private static final Set<String> BUDGET = Set.of("name", "limit", "unit", "period", "alerts");
    private static final Set<String> ALERT = Set.of("threshold", "thresholdType", "type", "actions");
    private static final Set<String> ROLLBACK = Set.of("cooldown", "targets");
    private static final Set<String> TARGET = Set.of(
            "name", "type", "alarms", "cluster", "service", "stableTimeout", "clearWindow");
    private static final Set<String> NOTIFICATIONS = Set.of("emails");
    private static final Set<String> IMAGES = Set.of("maxFileBytes", "maxPixels", "variants");
    private static final Set<String> VARIANT = Set.of(
            "name", "width", "height", "fit", "format", "quality", "keepMetadata");

    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9-]{0,22}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern BUDGET_NAME = Pattern.compile("[^:\\\\]{1,100}");
    private static final Pattern VARIANT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?\\s*");

    private static final String DEFAULT_REGION = "us-east-1";
    private static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);
    private static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(24);
    private static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofMinutes(60);

    private final String fileName;
    private final Path source;
    private final Path baseDirectory;
    private final Problems problems;

    public ConfigBinder(String fileName, Path source, Path baseDirectory) {
        this.fileName = fileName;
        this.source = source;
        this.baseDirectory = baseDirectory;
        this.problems = new Problems(fileName);
    }

    /** Binds the whole file, or throws a {@link ConfigException} with every problem. */
    public DayshiftConfig bind(YamlNode root) {
        if (root instanceof YamlNode.Null) {
            problems.at(root, "", "the file is empty; it needs an 'environments' mapping");
            throw failure();
        }
        Optional<MapView> top = MapView.of(root, "", problems, TOP);
        if (top.isEmpty()) {
            throw failure();
        }
        MapView t = top.get();
        t.integer("version", 1, 1);

        Defaults defaults = t.map("defaults", DEFAULTS).map(this::defaults).orElse(Defaults.NONE);
        Map<String, List<HolidayRule>> calendars = calendars(t);
        Map<String, Environment> environments = new LinkedHashMap<>();
        if (!t.has("environments")) {
            t.missing("environments", "a mapping of environment names to their settings");
        } else {
            t.map("environments", null).ifPresent(envs -> {
                if (envs.entries().isEmpty()) {
                    problems.at(envs.node(), envs.path(), "declares no environment");
                }
                for (YamlNode.Entry e : envs.entries().values()) {
                    environment(e, envs.child(e.key()), defaults, calendars).ifPresent(env -> environments.put(env.name(), env));
                }
            });
        }
        ImagePipelineConfig images = t.map("images", IMAGES).flatMap(this::images).orElse(ImagePipelineConfig.defaults());
        crossChecks(t, environments);

        if (!problems.isEmpty()) {
            throw failure();
        }
        return new DayshiftConfig(source, environments, images);
    }

    /**
     * Binds only the {@code images:} section of a file (the image processor's Lambda and
     * {@code dayshift image transform} need nothing else); other top-level sections are not validated.
     * Defaults apply when the section is absent.
     */
    public ImagePipelineConfig bindImages(YamlNode root) {
        if (root instanceof YamlNode.Null) {
            return ImagePipelineConfig.defaults();
        }
        Optional<MapView> top = MapView.of(root, "", problems, null);
        if (top.isEmpty()) {
            throw failure();
        }
        ImagePipelineConfig images = top.get().map("images", IMAGES).flatMap(this::images)
                .orElse(ImagePipelineConfig.defaults());
        if (!problems.isEmpty()) {
            throw failure();
        }
        return images;
    }

    private ConfigException failure() {
        List<ConfigProblem> all = problems.sorted();
        StringBuilder msg = new StringBuilder(fileName).append(" is invalid (")
                .append(all.size()).append(all.size() == 1 ? " problem" : " problems").append("):");
        for (ConfigProblem p : all) {
            msg.append(System.lineSeparator()).append(p);
        }
        return new ConfigException(msg.toString(), all);
    }

    // ---------------------------------------------------------------- defaults and calendars

    private record Defaults(Optional<String> region, Optional<ZoneId> zone, Optional<String> costCenter,
                            Map<String, String> tags, List<String> calendars, Optional<Duration> lockWait,
                            Optional<Duration> approvalTimeout) {
        static final Defaults NONE = new Defaults(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                List.of(), Optional.empty(), Optional.empty());
    }

    private Defaults defaults(MapView d) {
        return new Defaults(region(d), zone(d), d.string("costCenter"), tags(d), d.stringList("calendars"),
                d.duration("lockWait"), d.duration("approvalTimeout"));
    }

    private Map<String, List<HolidayRule>> calendars(MapView t) {
        Map<String, List<HolidayRule>> out = new HashMap<>();
        t.map("calendars", null).ifPresent(c -> {
            for (YamlNode.Entry e : c.entries().values()) {
                out.put(e.key(), holidays(e.value(), c.child(e.key())));
            }
        });
        return out;
    }

    private List<HolidayRule> holidays(YamlNode node, String path) {
        List<HolidayRule> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.at(node, path, "expected a list of holidays, found " + node.describe());
            return out;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            String p = path + "[" + i + "]";
            MapView.of(seq.items().get(i), p, problems, HOLIDAY).flatMap(this::holiday).ifPresent(out::add);
        }
        return out;
    }

    private Optional<HolidayRule> holiday(MapView h) {
        String name = h.string("name").orElse("");
        if (h.has("date")) {
            for (String other : List.of("month", "day", "weekday", "nth", "observed")) {
                if (h.has(other)) {
                    problems.at(h.node(), h.path(), "'date' is one explicit date; it cannot be combined with '" + other + "'");
                    return Optional.empty();
                }
            }
            return h.string("date").flatMap(text -> {
                try {
                    return Optional.of(new HolidayRule.ExplicitDate(LocalDate.parse(text), name));
                } catch (DateTimeParseException e) {
                    problems.at(h.node("date").orElseThrow(), h.child("date"), "'" + text + "' is not a date (write YYYY-MM-DD)");
                    return Optional.empty();
                }
            });
        }
        if (!h.has("month")) {
            problems.at(h.node(), h.path(),
                    "a holiday needs 'date' (one day), or 'month' with 'day' (every year) or with 'weekday' and 'nth'");
            return Optional.empty();
        }
        Optional<Month> month = month(h, "month");
        if (h.has("day")) {
            if (h.has("weekday") || h.has("nth")) {
                problems.at(h.node(), h.path(), "use either 'day' (a fixed date) or 'weekday' with 'nth', not both");
                return Optional.empty();
            }
            Optional<Long> day = h.integer("day", 1, 31);
            boolean observed = h.bool("observed").orElse(false);
            if (month.isEmpty() || day.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new HolidayRule.FixedDate(MonthDay.of(month.get(), day.get().intValue()), observed, name));
            } catch (DateTimeException e) {
                problems.at(h.node("day").orElseThrow(), h.child("day"),
                        month.get().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " has no day " + day.get());
                return Optional.empty();
            }
        }
        if (h.has("observed")) {
            problems.at(h.node("observed").orElseThrow(), h.child("observed"), "'observed' applies only to fixed dates ('month' with 'day')");
        }
        if (!h.has("weekday") || !h.has("nth")) {
            problems.at(h.node(), h.path(), "a yearly holiday needs 'day', or both 'weekday' and 'nth' (1-5 or last)");
            return Optional.empty();
        }
        Optional<DayOfWeek> weekday = weekday(h, "weekday");
        Optional<String> nthText = h.string("nth");
        if (month.isEmpty() || weekday.isEmpty() || nthText.isEmpty()) {
            return Optional.empty();
        }
        if (nthText.get().equalsIgnoreCase("last")) {
            return Optional.of(new HolidayRule.LastWeekday(month.get(), weekday.get(), name));
        }
        return h.integer("nth", 1, 5).map(n -> new HolidayRule.NthWeekday(month.get(), weekday.get(), n.intValue(), name));
    }

    private Optional<Month> month(MapView v, String key) {
        return v.string(key).flatMap(text -> {
            try {
                int n = Integer.parseInt(text);
                if (n >= 1 && n <= 12) {
                    return Optional.of(Month.of(n));
                }
            } catch (NumberFormatException e) {
                for (Month m : Month.values()) {
                    String full = m.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                    if (full.equalsIgnoreCase(text) || full.substring(0, 3).equalsIgnoreCase(text)) {
                        return Optional.of(m);
                    }
                }
            }
            problems.at(v.node(key).orElseThrow(), v.child(key), "'" + text + "' is not a month (1-12, or a name such as november or nov)");
            return Optional.empty();
        });
    }

    private Optional<DayOfWeek> weekday(MapView v, String key) {
        return v.string(key).flatMap(text -> {
            for (DayOfWeek d : DayOfWeek.values()) {
                String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                if (full.equalsIgnoreCase(text) || full.substring(0, 3).equalsIgnoreCase(text)) {
                    return Optional.of(d);
                }
            }
            problems.at(v.node(key).orElseThrow(), v.child(key), "'" + text + "' is not a weekday (monday..sunday, or mon..sun)");
            return Optional.empty();
        });
    }

    // ---------------------------------------------------------------- environments

    private Optional<Environment> environment(YamlNode.Entry entry, String path, Defaults defaults,
                                              Map<String, List<HolidayRule>> calendars) {
        String name = entry.key();
        boolean nameOk = ENV_NAME.matcher(name).matches();
        if (!nameOk) {
            problems.atKey(entry, path, "environment name '" + name
                    + "' must start with a lower-case letter and hold only a-z, 0-9 and '-' (at most 23 characters)");
        }
        Optional<MapView> view = MapView.of(entry.value(), path, problems, ENVIRONMENT);
        if (view.isEmpty()) {
            return Optional.empty();
        }
        MapView e = view.get();
        String region = region(e).or(defaults::region).orElse(DEFAULT_REGION);
        Optional<ZoneId> ownZone = zone(e);
        boolean zoneOk = ownZone.isPresent() || !e.has("timezone");
        ZoneId zone = ownZone.or(defaults::zone).orElse(ZoneId.of("UTC"));
        Optional<String> account = e.string("account").filter(a -> {
            if (ACCOUNT.matcher(a).matches()) {
                return true;
            }
            problems.at(e.node("account").orElseThrow(), e.child("account"),
                    "'" + a + "' is not an AWS account id (12 digits; quote it in YAML to keep leading zeros)");
            return false;
        });
        boolean isProtected = e.bool("protected").orElse(false);
        Optional<String> costCenter = e.string("costCenter").or(defaults::costCenter);
        Map<String, String> tags = new LinkedHashMap<>(defaults.tags());
        tags.putAll(tags(e));

        ScheduleConfig schedule = e.map("schedule", SCHEDULE).map(s -> new ScheduleConfig(
                s.string("up"), s.string("down"), s.bool("enabled").orElse(true))).orElse(ScheduleConfig.none());
        checkSchedule(e, schedule, zone, zoneOk);

        List<HolidayRule> holidays = new ArrayList<>();
        List<String> calendarNames = new ArrayList<>(defaults.calendars());
        List<String> own = e.stringList("calendars");
        calendarNames.addAll(own);
        for (int i = 0; i < own.size(); i++) {
            if (!calendars.containsKey(own.get(i))) {
                problems.at(e.list("calendars").get(i), e.child("calendars") + "[" + i + "]",
                        "unknown calendar '" + own.get(i) + "'" + (calendars.isEmpty()
                                ? " (the file declares no 'calendars')"
                                : "; declared: " + String.join(", ", new java.util.TreeSet<>(calendars.keySet()))));
            }
        }
        for (String c : calendarNames) {
            holidays.addAll(calendars.getOrDefault(c, List.of()));
        }
        e.node("holidays").ifPresent(h -> holidays.addAll(holidays(h, e.child("holidays"))));

        List<ScheduleOverride> overrides = new ArrayList<>();
        List<YamlNode> overrideNodes = e.list("overrides");
        for (int i = 0; i < overrideNodes.size(); i++) {
            String p = e.child("overrides") + "[" + i + "]";
            MapView.of(overrideNodes.get(i), p, problems, OVERRIDE).flatMap(o -> override(o, zone)).ifPresent(overrides::add);
        }
        Optional<Instant> expires = e.node("expires").flatMap(n -> instant(e, "expires", zone));

        Optional<Phase> base = Optional.empty();
        Optional<Phase> runtime = Optional.empty();
        if (!e.has("phases")) {
            e.missing("phases", "at least a 'runtime' phase");
        } else {
            Optional<MapView> phases = e.map("phases", PHASES);
            if (phases.isPresent()) {
                base = phases.get().map("base", PHASE).flatMap(p -> phase(p, PhaseName.BASE));
                if (!phases.get().has("runtime")) {
                    phases.get().missing("runtime", "every environment needs a runtime phase");
                } else {
                    runtime = phases.get().map("runtime", PHASE).flatMap(p -> phase(p, PhaseName.RUNTIME));
                }
            }
        }

        Optional<BudgetPolicy> budget = e.map("budget", BUDGET).flatMap(b -> budget(b, name));
        RollbackConfig rollback = e.map("rollback", ROLLBACK).map(this::rollback).orElse(RollbackConfig.none());
        Notifications notifications = e.map("notifications", NOTIFICATIONS).map(this::notifications).orElse(Notifications.none());
        Duration lockWait = e.duration("lockWait").or(defaults::lockWait).orElse(DEFAULT_LOCK_WAIT);
        Duration approvalTimeout = e.duration("approvalTimeout").or(defaults::approvalTimeout).orElse(DEFAULT_APPROVAL_TIMEOUT);

        if (isProtected) {
            schedule.down().ifPresent(d -> problems.at(e.map("schedule", null).flatMap(s -> s.node("down")).orElse(e.node()),
                    e.child("schedule.down"),
                    "a protected environment is never stopped by a schedule; remove 'down' or set protected: false"));
            budget.ifPresent(b -> {
                for (int i = 0; i < b.alerts().size(); i++) {
                    if (b.alerts().get(i).actions().contains(BudgetAction.STOP_RUNTIME)) {
                        int idx = i;
                        YamlNode where = e.map("budget", null).map(bv -> bv.list("alerts")).filter(l -> l.size() > idx)
                                .map(l -> l.get(idx)).orElse(e.node());
                        problems.at(where, e.child("budget.alerts") + "[" + i + "]",
                                "a protected environment is never stopped by a budget; use notify or block-starts");
                    }
                }
            });
        }
        if (!nameOk || runtime.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Environment(name, region, zone, account, isProtected, costCenter, tags, schedule,
                holidays, overrides, expires, base, runtime.get(), budget, rollback, notifications, lockWait,
                approvalTimeout));
    }

    private Optional<String> region(MapView v) {
        return v.string("region").filter(r -> {
            if (REGION.matcher(r).matches()) {
                return true;
            }
            problems.at(v.node("region").orElseThrow(), v.child("region"), "'" + r + "' is not an AWS region name (e.g. us-east-1, eu-west-2)");
            return false;
        });
    }

    private Optional<ZoneId> zone(MapView v) {
        return v.string("timezone").flatMap(z -> {
            try {
                return Optional.of(TimeZones.parse(z));
            } catch (InvalidTimeZoneException e) {
                problems.at(v.node("timezone").orElseThrow(), v.child("timezone"), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * Checks the up and down expressions as EventBridge Scheduler would, and that no fire time falls
     * in a daylight-saving gap of the zone this year or next (Scheduler silently skips those runs).
     */
    private void checkSchedule(MapView e, ScheduleConfig schedule, ZoneId zone, boolean zoneGiven) {
        Optional<MapView> view = e.map("schedule", null);
        if (view.isEmpty()) {
            return;
        }
        int year = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
        for (String key : List.of("up", "down")) {
            Optional<String> text = key.equals("up") ? schedule.up() : schedule.down();
            if (text.isEmpty()) {
                continue;
            }
            YamlNode where = view.get().node(key).orElseThrow();
            String path = view.get().child(key);
            ScheduleExpression expr;
            try {
                expr = ScheduleExpression.parse(text.get());
            } catch (InvalidScheduleExpressionException ex) {
                problems.at(where, path, ex.getMessage());
                continue;
            }
            if (!zoneGiven) {
                continue;
            }
            List<SkippedFireTime> gaps = expr.daylightSavingGaps(zone, year, year + 1);
            if (!gaps.isEmpty()) {
                problems.at(where, path, gaps.get(0).describe()
                        + (gaps.size() > 1 ? " (and " + (gaps.size() - 1) + " more such runs in " + year + "-" + (year + 1) + ")" : "")
                        + "; move it out of the daylight-saving gap");
            }
        }
    }

    private Map<String, String> tags(MapView v) {
        Map<String, String> tags = v.stringMap("tags");
        v.map("tags", null).ifPresent(t -> {
            for (YamlNode.Entry e : t.entries().values()) {
                if (!TAG_KEY.matcher(e.key()).matches() || e.key().startsWith("aws:")) {
                    problems.atKey(e, t.child(e.key()), "'" + e.key() + "' is not a valid tag key (1-128 characters, not starting with aws:)");
                }
                if (e.value() instanceof YamlNode.Scalar s && s.text().length() > 256) {
                    problems.at(s, t.child(e.key()), "tag values are at most 256 characters");
                }
            }
        });
        return tags;
    }

    private Optional<ScheduleOverride> override(MapView o, ZoneId zone) {
        Optional<ScheduleOverride.Mode> mode = Optional.empty();
        if (!o.has("mode")) {
            o.missing("mode", "keep-up or keep-down");
        } else {
            mode = o.enumValue("mode", ScheduleOverride.Mode.class);
        }
        Optional<Instant> from = o.node("from").flatMap(n -> instant(o, "from", zone));
        Optional<Instant> until = Optional.empty();
        if (!o.has("until")) {
            o.missing("until", "when the override expires");
        } else {
            until = instant(o, "until", zone);
        }
        Optional<String> reason = o.requiredString("reason", "why the override exists");
        String setBy = o.string("setBy").orElse("configuration");
        if (mode.isEmpty() || until.isEmpty() || reason.isEmpty()) {
            return Optional.empty();
        }
        if (from.isPresent() && !from.get().isBefore(until.get())) {
            problems.at(o.node("until").orElseThrow(), o.child("until"), "must be after 'from' (" + from.get() + ")");
            return Optional.empty();
        }
        return Optional.of(new ScheduleOverride(mode.get(), from, until.get(), reason.get(), setBy));
    }

    /**
     * An instant: with Z or an offset; a local date-time or a date is read in the environment's zone.
     */
    private Optional<Instant> instant(MapView v, String key, ZoneId zone) {
        return v.string(key).flatMap(text -> {
            Optional<Instant> i = parseInstant(text, zone);
            if (i.isEmpty()) {
                problems.at(v.node(key).orElseThrow(), v.child(key), "'" + text
                        + "' is not a time (write 2026-12-01T18:00:00Z, with an offset, or a local date-time in the environment's time zone)");
            }
            return i;
        });
    }

    /** Parses what {@code instant} accepts, without reporting. */
    public static Optional<Instant> parseInstant(String text, ZoneId zone) {
        String t = text.strip().replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Optional.of(LocalDateTime.parse(t).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Optional<Phase> phase(MapView p, PhaseName name) {
        Optional<Tool> tool = Optional.empty();
        if (!p.has("tool")) {
            p.missing("tool", MapView.choices(Tool.class));
        } else {
            tool = p.enumValue("tool", Tool.class);
        }
        Optional<Path> directory = Optional.empty();
        if (!p.has("directory")) {
            p.missing("directory", "the phase's working directory, relative to this file");
        } else {
            directory = p.string("directory").flatMap(d -> {
                try {
                    return Optional.of(baseDirectory.resolve(d).normalize());
                } catch (InvalidPathException ex) {
                    problems.at(p.node("directory").orElseThrow(), p.child("directory"), "'" + d + "' is not a valid path");
                    return Optional.empty();
                }
            });
        }
        Map<String, String> variables = p.stringMap("variables");
        p.map("variables", null).ifPresent(vars -> {
            for (YamlNode.Entry e : vars.entries().values()) {
                if (!VARIABLE.matcher(e.key()).matches()) {
                    problems.atKey(e, vars.child(e.key()), "variable names are letters, digits and '_', not starting with a digit");
                }
            }
        });
        Duration timeout = p.duration("timeout").orElse(DEFAULT_JOB_TIMEOUT);
        if (timeout.compareTo(Duration.ofHours(36)) > 0) {
            problems.at(p.node("timeout").orElseThrow(), p.child("timeout"), "a job may run at most 36 hours (CodeBuild's limit)");
        }
        if (timeout.compareTo(Duration.ofMinutes(5)) < 0 && p.has("timeout")) {
            problems.at(p.node("timeout").orElseThrow(), p.child("timeout"), "a job timeout must be at least 5 minutes (CodeBuild's minimum)");
        }
        List<HealthCheck> checks = new ArrayList<>();
        List<YamlNode> checkNodes = p.list("healthChecks");
        if (name == PhaseName.BASE && !checkNodes.isEmpty()) {
            problems.at(p.node("healthChecks").orElseThrow(), p.child("healthChecks"), "health checks belong to the runtime phase");
        }
        for (int i = 0; i < checkNodes.size(); i++) {
            MapView.of(checkNodes.get(i), p.child("healthChecks") + "[" + i + "]", problems, HEALTH_CHECK)
                    .flatMap(this::healthCheck).ifPresent(checks::add);
        }
        if (tool.isEmpty() || directory.isEmpty()) {
            return Optional.empty();
        }
        if (tool.get() == Tool.SCRIPT && !java.nio.file.Files.isDirectory(directory.get())) {
            problems.at(p.node("directory").orElseThrow(), p.child("directory"),
                    "directory " + directory.get() + " does not exist (script phases run on this machine)");
        }
        return Optional.of(new Phase(name, tool.get(), directory.get(), variables, timeout, checks));
    }

    private Optional<HealthCheck> healthCheck(MapView h) {
        Optional<URI> url = h.requiredString("url", "http(s) URL to GET").flatMap(u -> {
            try {
                URI uri = new URI(u);
                if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.at(h.node("url").orElseThrow(), h.child("url"), "'" + u + "' is not an http(s) URL");
            return Optional.empty();
        });
        int status = h.integer("expectStatus", 100, 599).orElse(200L).intValue();
        Optional<String> body = h.string("expectBody");
        Duration timeout = h.duration("timeout").orElse(Duration.ofSeconds(5));
        int attempts = h.integer("attempts", 1, 1000).orElse(10L).intValue();
        Duration interval = h.duration("interval").orElse(Duration.ofSeconds(10));
        return url.map(u -> new HealthCheck(u, status, body, timeout, attempts, interval));
    }

    private Optional<BudgetPolicy> budget(MapView b, String envName) {
        String name = b.string("name").orElse("dayshift-" + envName);
        if (!BUDGET_NAME.matcher(name).matches()) {
            problems.at(b.node("name").orElse(b.node()), b.child("name"), "budget names are 1-100 characters without ':' or '\\'");
        }
        Optional<BigDecimal> limit = Optional.empty();
        if (!b.has("limit")) {
            b.missing("limit", "the budget amount per period");
        } else {
            limit = b.positiveDecimal("limit");
        }
        String unit = b.string("unit").orElse("USD");
        BudgetPolicy.Period period = b.has("period")
                ? b.enumValue("period", BudgetPolicy.Period.class).orElse(BudgetPolicy.Period.MONTHLY)
                : BudgetPolicy.Period.MONTHLY;
        List<BudgetAlert> alerts = new ArrayList<>();
        List<YamlNode> alertNodes = b.list("alerts");
        for (int i = 0; i < alertNodes.size(); i++) {
            MapView.of(alertNodes.get(i), b.child("alerts") + "[" + i + "]", problems, ALERT)
                    .flatMap(this::alert).ifPresent(alerts::add);
        }
        return limit.map(l -> new BudgetPolicy(name, l, unit, period, alerts));
    }

    private Optional<BudgetAlert> alert(MapView a) {
        Optional<BigDecimal> threshold = Optional.empty();
        if (!a.has("threshold")) {
            a.missing("threshold", "e.g. 80 (percent of the limit)");
        } else {
            threshold = a.positiveDecimal("threshold");
        }
        BudgetAlert.ThresholdType thresholdType = a.has("thresholdType")
                ? a.enumValue("thresholdType", BudgetAlert.ThresholdType.class).orElse(BudgetAlert.ThresholdType.PERCENTAGE)
                : BudgetAlert.ThresholdType.PERCENTAGE;
        BudgetAlert.NotificationType type = a.has("type")
                ? a.enumValue("type", BudgetAlert.NotificationType.class).orElse(BudgetAlert.NotificationType.ACTUAL)
                : BudgetAlert.NotificationType.ACTUAL;
        Set<BudgetAction> actions = EnumSet.noneOf(BudgetAction.class);
        if (!a.has("actions")) {
            a.missing("actions", MapView.choices(BudgetAction.class));
        } else {
            List<YamlNode> items = a.list("actions");
            if (items.isEmpty() && a.node("actions").orElse(null) instanceof YamlNode.Sequence s) {
                problems.at(s, a.child("actions"), "needs at least one action: " + MapView.choices(BudgetAction.class));
            }
            for (int i = 0; i < items.size(); i++) {
                YamlNode item = items.get(i);
                String text = item instanceof YamlNode.Scalar s ? s.text() : "";
                Optional<BudgetAction> act = java.util.Arrays.stream(BudgetAction.values())
                        .filter(x -> x.id().equalsIgnoreCase(text.strip()) || x.name().equalsIgnoreCase(text.strip()))
                        .findFirst();
                if (act.isEmpty()) {
                    problems.at(item, a.child("actions") + "[" + i + "]",
                            (text.isEmpty() ? item.describe() : "'" + text + "'") + " is not one of " + MapView.choices(BudgetAction.class));
                } else {
                    actions.add(act.get());
                }
            }
        }
        if (threshold.isPresent() && thresholdType == BudgetAlert.ThresholdType.PERCENTAGE
                && threshold.get().compareTo(BigDecimal.valueOf(1000)) > 0) {
            problems.at(a.node("threshold").orElseThrow(), a.child("threshold"), "a percentage threshold is at most 1000");
            return Optional.empty();
        }
        if (threshold.isEmpty() || actions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BudgetAlert(threshold.get(), thresholdType, type, actions));
    }

    private RollbackConfig rollback(MapView r) {
        Duration cooldown = r.duration("cooldown", true).orElse(Duration.ofMinutes(30));
        List<RollbackTarget> targets = new ArrayList<>();
        Map<String, YamlNode> seen = new HashMap<>();
        List<YamlNode> nodes = r.list("targets");
        for (int i = 0; i < nodes.size(); i++) {
            String p = r.child("targets") + "[" + i + "]";
            MapView.of(nodes.get(i), p, problems, TARGET).flatMap(this::target).ifPresent(t -> {
                if (seen.containsKey(t.name())) {
                    problems.at(nodes.get(targets.size()), p, "duplicate rollback target name '" + t.name() + "'");
                }
                seen.put(t.name(), nodes.get(targets.size()));
                targets.add(t);
            });
        }
        return new RollbackConfig(cooldown, targets);
    }

    private Optional<RollbackTarget> target(MapView t) {
        Optional<String> name = t.requiredString("name", "unique within the environment");
        Optional<RollbackTarget.Kind> kind = Optional.empty();
        if (!t.has("type")) {
            t.missing("type", MapView.choices(RollbackTarget.Kind.class));
        } else {
            kind = t.enumValue("type", RollbackTarget.Kind.class);
        }
        List<String> alarms = t.stringList("alarms");
        if (alarms.isEmpty()) {
            problems.at(t.node("alarms").orElse(t.node()), t.child("alarms"), "a rollback target needs at least one alarm name");
        }
        Optional<String> cluster = t.string("cluster");
        Optional<String> service = t.string("service");
        if (kind.isPresent() && kind.get() == RollbackTarget.Kind.ECS_SERVICE) {
            if (cluster.isEmpty()) {
                t.missing("cluster", "the ECS cluster of the service");
            }
            if (service.isEmpty()) {
                t.missing("service", "the ECS service to roll back");
            }
        } else if (kind.isPresent() && (cluster.isPresent() || service.isPresent())) {
            problems.at(t.node(), t.path(), "'cluster' and 'service' apply only to type ecs-service");
        }
        Duration stable = t.duration("stableTimeout").orElse(Duration.ofMinutes(15));
        Duration clear = t.duration("clearWindow").orElse(Duration.ofMinutes(15));
        if (name.isEmpty() || kind.isEmpty() || alarms.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RollbackTarget(name.get(), kind.get(), alarms, cluster, service, stable, clear));
    }

    private Notifications notifications(MapView n) {
        List<String> emails = n.stringList("emails");
        List<YamlNode> nodes = n.list("emails");
        for (int i = 0; i < emails.size() && i < nodes.size(); i++) {
            if (!EMAIL.matcher(emails.get(i)).matches()) {
                problems.at(nodes.get(i), n.child("emails") + "[" + i + "]", "'" + emails.get(i) + "' is not an e-mail address");
            }
        }
        return new Notifications(emails);
    }

    // ---------------------------------------------------------------- images

    private Optional<ImagePipelineConfig> images(MapView im) {
        long maxBytes = size(im, "maxFileBytes").orElse(ImagePipelineConfig.DEFAULT_MAX_FILE_BYTES);
        long maxPixels = im.integer("maxPixels", 1, 1_000_000_000L).orElse(ImagePipelineConfig.DEFAULT_MAX_PIXELS);
        List<ImageVariant> variants = new ArrayList<>();
        List<YamlNode> nodes = im.list("variants");
        if (!im.has("variants")) {
            return Optional.of(new ImagePipelineConfig(maxBytes, maxPixels, ImagePipelineConfig.defaults().variants()));
        }
        if (nodes.isEmpty()) {
            problems.at(im.node("variants").orElse(im.node()), im.child("variants"), "needs at least one variant");
        }
        Map<String, Boolean> names = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            String p = im.child("variants") + "[" + i + "]";
            int idx = i;
            MapView.of(nodes.get(i), p, problems, VARIANT).flatMap(this::variant).ifPresent(v -> {
                if (names.put(v.name(), true) != null) {
                    problems.at(nodes.get(idx), p, "duplicate variant name '" + v.name() + "'");
                }
                variants.add(v);
            });
        }
        if (variants.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImagePipelineConfig(maxBytes, maxPixels, variants));
    }

    private Optional<Long> size(MapView v, String key) {
        return v.string(key).flatMap(text -> {
            var m = SIZE.matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                long factor = switch (unit) {
                    case "kb" -> 1000L;
                    case "kib" -> 1024L;
                    case "mb" -> 1000L * 1000;
                    case "mib" -> 1024L * 1024;
                    case "gb" -> 1000L * 1000 * 1000;
                    case "gib" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
                if (n > 0 && n <= Long.MAX_VALUE / factor) {
                    return Optional.of(n * factor);
                }
            }
            problems.at(v.node(key).orElseThrow(), v.child(key), "'" + text + "' is not a positive size (e.g. 52428800, 50MiB, 20MB)");
            return Optional.empty();
        });
    }

    private Optional<ImageVariant> variant(MapView v) {
        Optional<String> name = v.requiredString("name", "used in output keys").filter(n -> {
            if (VARIANT_NAME.matcher(n).matches()) {
                return true;
            }
            problems.at(v.node("name").orElseThrow(), v.child("name"), "variant names are lower-case letters, digits, '-' and '_'");
            return false;
        });
        OptionalInt width = v.integer("width", 1, 65_535).map(w -> OptionalInt.of(w.intValue())).orElse(OptionalInt.empty());
        OptionalInt height = v.integer("height", 1, 65_535).map(h -> OptionalInt.of(h.intValue())).orElse(OptionalInt.empty());
        if (!v.has("width") && !v.has("height")) {
            problems.at(v.node(), v.path(), "a variant needs 'width', 'height' or both");
        }
        ImageVariant.Fit fit = v.has("fit") ? v.enumValue("fit", ImageVariant.Fit.class).orElse(ImageVariant.Fit.INSIDE)
                : ImageVariant.Fit.INSIDE;
        Optional<ImageVariant.Format> format = Optional.empty();
        if (!v.has("format")) {
            v.missing("format", MapView.choices(ImageVariant.Format.class));
        } else {
            format = v.enumValue("format", ImageVariant.Format.class);
        }
        if (fit == ImageVariant.Fit.COVER && (!v.has("width") || !v.has("height"))) {
            problems.at(v.node("fit").orElseThrow(), v.child("fit"), "fit: cover needs both 'width' and 'height'");
        }
        int quality = v.integer("quality", 1, 100).orElse(80L).intValue();
        boolean keep = v.bool("keepMetadata").orElse(false);
        if (name.isEmpty() || format.isEmpty() || (width.isEmpty() && height.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new ImageVariant(name.get(), width, height, fit, format.get(), quality, keep));
    }

    // ---------------------------------------------------------------- rules across environments

    private void crossChecks(MapView top, Map<String, Environment> environments) {
        Map<String, String> alarmOwner = new HashMap<>();
        Map<String, String> budgetOwner = new HashMap<>();
        Optional<MapView> envs = top.map("environments", null);
        for (Environment env : environments.values()) {
            YamlNode where = envs.flatMap(v -> v.node(env.name())).orElse(top.node());
            for (RollbackTarget t : env.rollback().targets()) {
                for (String alarm : t.alarms()) {
                    String owner = alarmOwner.putIfAbsent(alarm, env.name() + "/" + t.name());
                    if (owner != null && !owner.equals(env.name() + "/" + t.name())) {
                        problems.at(where, "environments." + env.name() + ".rollback",
                                "alarm '" + alarm + "' is already bound to " + owner + "; an alarm maps to exactly one rollback target");
                    }
                }
            }
            env.budget().ifPresent(b -> {
                String owner = budgetOwner.putIfAbsent(b.name(), env.name());
                if (owner != null) {
                    problems.at(where, "environments." + env.name() + ".budget",
                            "budget name '" + b.name() + "' is already used by environment '" + owner + "'");
                }
            });
        }
    }
}
