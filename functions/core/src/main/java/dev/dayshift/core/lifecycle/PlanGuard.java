package dev.dayshift.core.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.PhaseName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan and decides whether it may be applied. Two formats:
 *
 * <ul>
 *   <li>{@code terraform show -json PLANFILE} output (also what {@code script} phases write): every
 *       {@code resource_changes} entry of mode {@code managed} counts by its actions;</li>
 *   <li>{@code cdk diff} text: {@code [+]}, {@code [-]}, {@code [~]} resource lines per {@code Stack}
 *       section; a {@code [~]} whose line or detail says "replace" / "requires replacement" /
 *       "may be replaced" is a replacement.</li>
 * </ul>
 *
 * <p><b>Base resources</b> are those a runtime plan must never delete or replace. Terraform: a resource
 * whose current tags ({@code tags_all} or {@code tags}) have {@code Phase}, {@code DayshiftPhase} or
 * {@code dayshift:phase} set to {@code base} (any case). CDK: every resource of a stack whose name ends
 * in {@code Base} or {@code -base}. A runtime plan that deletes or replaces one is refused, whatever
 * its action.
 */
public final class PlanGuard {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PHASE_TAG_KEYS = List.of("phase", "dayshiftphase", "dayshift:phase");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern CDK_STACK = Pattern.compile("^Stack\\s+(\\S+)");
    private static final Pattern CDK_RESOURCE = Pattern.compile("^\\[([+\\-~])]\\s+(\\S+)\\s+(\\S+)(?:\\s+(\\S+))?(.*)$");
    private static final Pattern CDK_BASE_STACK = Pattern.compile("(?:Base|[-_.](?i:base))$|^(?i:base)$");

    private PlanGuard() {
    }

    /** One planned change to one resource. */
    public record Change(String address, Kind kind, boolean base) {
        /** What happens to the resource. */
        public enum Kind { CREATE, UPDATE, DESTROY, REPLACE }
    }

    /**
     * The guard's verdict.
     *
     * @param counts what the plan changes
     * @param changes every change, in plan order
     * @param refusals why it may not be applied; empty when it may
     */
    public record Report(ChangeCounts counts, List<Change> changes, List<String> refusals) {
        public Report {
            changes = List.copyOf(changes);
            refusals = List.copyOf(refusals);
        }

        /** Whether the plan may be applied. */
        public boolean accepted() {
            return refusals.isEmpty();
        }
    }

    /** Thrown when the plan text is neither terraform JSON nor cdk diff output. */
    public static final class UnreadablePlanException extends DayshiftException {
        public UnreadablePlanException(String message) {
            super(Kind.FAILED, message);
        }
    }

    /**
     * Checks a plan of {@code phase}.
     *
     * @param planText {@code terraform show -json} output (starts with '{') or {@code cdk diff} text
     * @throws UnreadablePlanException when the plan cannot be read
     */
    public static Report check(PhaseName phase, String planText) {
        String trimmed = planText.strip();
        List<Change> changes = trimmed.startsWith("{") ? terraform(trimmed) : cdk(trimmed);
        int creates = 0;
        int updates = 0;
        int destroys = 0;
        int replaces = 0;
        List<String> refusals = new ArrayList<>();
        for (Change c : changes) {
            switch (c.kind()) {
                case CREATE -> creates++;
                case UPDATE -> updates++;
                case DESTROY -> destroys++;
                case REPLACE -> replaces++;
            }
            if (phase == PhaseName.RUNTIME && c.base() && (c.kind() == Change.Kind.DESTROY || c.kind() == Change.Kind.REPLACE)) {
                refusals.add("the runtime plan would " + (c.kind() == Change.Kind.DESTROY ? "destroy" : "replace")
                        + " base resource " + c.address());
            }
        }
        return new Report(new ChangeCounts(creates, updates, destroys, replaces), changes, refusals);
    }

    private static List<Change> terraform(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnreadablePlanException("plan is not valid JSON (terraform show -json output expected): "
                    + e.getOriginalMessage());
        }
        JsonNode rcs = root.path("resource_changes");
        if (!root.has("format_version") && !root.has("resource_changes")) {
            throw new UnreadablePlanException("plan JSON has neither format_version nor resource_changes: "
                    + "not terraform show -json output");
        }
        if (!rcs.isMissingNode() && !rcs.isNull() && !rcs.isArray()) {
            throw new UnreadablePlanException("plan JSON: resource_changes must be an array");
        }
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < rcs.size(); i++) {
            JsonNode rc = rcs.get(i);
            if (!"managed".equals(rc.path("mode").asText("managed"))) {
                continue;
            }
            String address = rc.path("address").asText("resource_changes[" + i + "]");
            JsonNode actionsNode = rc.path("change").path("actions");
            if (!actionsNode.isArray()) {
                throw new UnreadablePlanException("plan JSON: resource_changes[" + i + "] (" + address + ") has no change.actions");
            }
            List<String> actions = new ArrayList<>();
            actionsNode.forEach(a -> actions.add(a.asText()));
            Change.Kind kind;
            if (actions.contains("delete") && actions.contains("create")) {
                kind = Change.Kind.REPLACE;
            } else if (actions.contains("delete")) {
                kind = Change.Kind.DESTROY;
            } else if (actions.contains("create")) {
                kind = Change.Kind.CREATE;
            } else if (actions.contains("update")) {
                kind = Change.Kind.UPDATE;
            } else {
                continue; // no-op, read, forget
            }
            JsonNode before = rc.path("change").path("before");
            out.add(new Change(address, kind, taggedBase(before.path("tags_all")) || taggedBase(before.path("tags"))));
        }
        return out;
    }

    private static boolean taggedBase(JsonNode tags) {
        if (!tags.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (PHASE_TAG_KEYS.contains(e.getKey().toLowerCase(Locale.ROOT)) && "base".equalsIgnoreCase(e.getValue().asText())) {
                return true;
            }
        }
        return false;
    }

    private static List<Change> cdk(String text) {
        List<Change> out = new ArrayList<>();
        String stack = "";
        boolean sawStack = false;
        String[] lines = ANSI.matcher(text).replaceAll("").split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher s = CDK_STACK.matcher(line.strip());
            if (s.find() && !line.startsWith(" ")) {
                stack = s.group(1);
                sawStack = true;
                continue;
            }
            Matcher r = CDK_RESOURCE.matcher(line);
            if (!r.matches() || !r.group(2).contains("::")) {
                continue;
            }
            String address = stack + "/" + r.group(3);
            String rest = (r.group(4) == null ? "" : r.group(4)) + r.group(5);
            Change.Kind kind = switch (r.group(1)) {
                case "+" -> Change.Kind.CREATE;
                case "-" -> Change.Kind.DESTROY;
                default -> replacement(rest, lines, i) ? Change.Kind.REPLACE : Change.Kind.UPDATE;
            };
            out.add(new Change(address + " (" + r.group(2) + ")", kind, CDK_BASE_STACK.matcher(stack).find()));
        }
        if (!sawStack && out.isEmpty() && !text.isBlank() && !text.contains("There were no differences")
                && !text.contains("no differences")) {
            throw new UnreadablePlanException("plan text is neither terraform show -json output nor cdk diff output "
                    + "(no 'Stack' section found)");
        }
        return out;
    }

    private static boolean replacement(String rest, String[] lines, int at) {
        if (mentionsReplacement(rest)) {
            return true;
        }
        for (int j = at + 1; j < lines.length; j++) {
            String l = lines[j];
            if (!l.startsWith(" ") || l.isBlank()) {
                break;
            }
            if (mentionsReplacement(l)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsReplacement(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.contains("replace") || l.contains("replacement");
    }
}
