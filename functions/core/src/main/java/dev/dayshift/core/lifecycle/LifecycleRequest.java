package dev.dayshift.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.config.PhaseName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lifecycle execution's input, well-formed: {@code {environment, phase, action, requestedBy, reason,
 * trigger, sourceVersion}}. {@link #parse} checks the shape only (every problem at once, each with its
 * JSON pointer); {@link LifecyclePolicy} then checks it against the configuration.
 *
 * @param environment the environment's name; never blank
 * @param phase base or runtime ({@code up}/{@code down} always mean the runtime)
 * @param action what to do
 * @param trigger who or what asked (default manual)
 * @param requestedBy a person or component, for the record; never blank
 * @param reason why, for the record; may be empty
 * @param sourceVersion the runtime version ({@link SourceVersion}) to apply instead of the phase
 *     directory as it is now: only for a runtime {@code apply} or {@code up}, asked by a rollback or a person
 */
public record LifecycleRequest(
        String environment, PhaseName phase, LifecycleAction action, Trigger trigger, String requestedBy, String reason,
        Optional<String> sourceVersion) {

    /** The fields an input may have; anything else is refused so that typos do not pass silently. */
    public static final Set<String> FIELDS = Set.of("environment", "phase", "action", "trigger", "requestedBy", "reason",
            "sourceVersion");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final int MAX_TEXT = 500;

    public LifecycleRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
    }

    /** A request that runs the phase directory as it is now (no pinned version). */
    public LifecycleRequest(String environment, PhaseName phase, LifecycleAction action, Trigger trigger, String requestedBy,
            String reason) {
        this(environment, phase, action, trigger, requestedBy, reason, Optional.empty());
    }

    /**
     * Reads an execution input.
     *
     * @throws LifecycleRefusal named {@link LifecycleErrors#INVALID_INPUT}, listing every problem
     */
    public static LifecycleRequest parse(JsonNode input) {
        List<String> problems = new ArrayList<>();
        if (input == null || !input.isObject()) {
            throw new LifecycleRefusal(LifecycleErrors.INVALID_INPUT,
                    "execution input must be a JSON object with environment and action, was "
                            + (input == null ? "nothing" : input.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                problems.add("/" + f + ": unknown field (allowed: environment, phase, action, trigger, requestedBy, reason,"
                        + " sourceVersion)");
            }
        }
        Optional<String> env = text(input, "environment", true, problems);
        env.ifPresent(e -> {
            if (!NAME.matcher(e).matches()) {
                problems.add("/environment: '" + e + "' is not an environment name (lower-case letters, digits, dashes)");
            }
        });
        Optional<LifecycleAction> action = text(input, "action", true, problems).flatMap(a -> {
            Optional<LifecycleAction> parsed = LifecycleAction.parse(a);
            if (parsed.isEmpty()) {
                problems.add("/action: '" + a + "' is not one of " + LifecycleAction.choices());
            }
            return parsed;
        });
        Optional<PhaseName> phase = text(input, "phase", false, problems).flatMap(p -> {
            Optional<PhaseName> parsed = switch (p) {
                case "base" -> Optional.of(PhaseName.BASE);
                case "runtime" -> Optional.of(PhaseName.RUNTIME);
                default -> Optional.empty();
            };
            if (parsed.isEmpty()) {
                problems.add("/phase: '" + p + "' is not one of base, runtime");
            }
            return parsed;
        });
        Optional<Trigger> trigger = text(input, "trigger", false, problems).flatMap(t -> {
            Optional<Trigger> parsed = Trigger.parse(t);
            if (parsed.isEmpty()) {
                problems.add("/trigger: '" + t + "' is not one of " + Trigger.choices());
            }
            return parsed;
        });
        Optional<String> requestedBy = text(input, "requestedBy", false, problems);
        Optional<String> reason = text(input, "reason", false, problems);
        if (action.isPresent() && phase.isPresent() && phase.get() == PhaseName.BASE
                && (action.get() == LifecycleAction.UP || action.get() == LifecycleAction.DOWN)) {
            problems.add("/phase: '" + action.get().id() + "' acts on the runtime; use apply or destroy for the base");
        }
        Optional<String> sourceVersion = text(input, "sourceVersion", false, problems);
        sourceVersion.ifPresent(v -> {
            if (!SourceVersion.isValid(v)) {
                problems.add("/sourceVersion: '" + v + "' is not a runtime version (sha256: and 64 lower-case hex digits,"
                        + " as dayshift status and the rollback notifications print them)");
            }
            if (phase.orElse(PhaseName.RUNTIME) != PhaseName.RUNTIME || action.isPresent()
                    && action.get() != LifecycleAction.APPLY && action.get() != LifecycleAction.UP) {
                problems.add("/sourceVersion: only a runtime apply or up can re-apply a recorded version, not a "
                        + phase.orElse(PhaseName.RUNTIME).id() + " " + action.map(LifecycleAction::id).orElse("?"));
            }
            Trigger t = trigger.orElse(Trigger.MANUAL);
            if (t != Trigger.MANUAL && t != Trigger.ROLLBACK) {
                problems.add("/sourceVersion: only a rollback or a person re-applies a recorded version, not a " + t.id());
            }
        });
        if (!problems.isEmpty()) {
            throw new LifecycleRefusal(LifecycleErrors.INVALID_INPUT,
                    "invalid execution input: " + String.join("; ", problems));
        }
        return new LifecycleRequest(env.orElseThrow(), phase.orElse(PhaseName.RUNTIME), action.orElseThrow(),
                trigger.orElse(Trigger.MANUAL), requestedBy.filter(s -> !s.isBlank()).orElse("unknown"),
                reason.orElse(""), sourceVersion);
    }

    private static Optional<String> text(JsonNode input, String field, boolean required, List<String> problems) {
        JsonNode v = input.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add("/" + field + ": missing");
            }
            return Optional.empty();
        }
        if (!v.isTextual()) {
            problems.add("/" + field + ": must be a string, was " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            return Optional.empty();
        }
        String s = v.asText();
        if (required && s.isBlank()) {
            problems.add("/" + field + ": must not be empty");
            return Optional.empty();
        }
        if (s.length() > MAX_TEXT) {
            problems.add("/" + field + ": longer than " + MAX_TEXT + " characters");
            return Optional.empty();
        }
        if (s.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            problems.add("/" + field + ": contains control characters");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** The input as JSON, as {@link #parse} reads it. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("environment", environment);
        n.put("phase", phase.id());
        n.put("action", action.id());
        n.put("trigger", trigger.id());
        n.put("requestedBy", requestedBy);
        n.put("reason", reason);
        sourceVersion.ifPresent(v -> n.put("sourceVersion", v));
        return n;
    }
}
