package dev.dayshift.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.lifecycle.ChangeCounts;
import dev.dayshift.core.lifecycle.LifecycleAction;
import dev.dayshift.core.lifecycle.Trigger;
import dev.dayshift.core.records.internal.RecordJson;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What Dayshift last recorded about one phase of one environment: the outcome of a lifecycle
 * execution. The schedule gate reads the runtime's {@link #status}; {@code dayshift status} shows it.
 *
 * @param environment the environment's name
 * @param phase base or runtime
 * @param status the phase's state after the execution
 * @param action what the execution did
 * @param outcome how the execution ended
 * @param trigger who or what started it
 * @param at when it was recorded
 * @param executionId the execution that recorded it
 * @param requestedBy who asked
 * @param reason why (may be empty)
 * @param changes the plan's changes, when a plan ran
 * @param logUrl the last job's log, when a job ran
 * @param error the error name and cause, when it failed
 */
public record PhaseState(
        String environment, PhaseName phase, Status status, LifecycleAction action, Outcome outcome, Trigger trigger,
        Instant at, String executionId, String requestedBy, String reason, Optional<ChangeCounts> changes,
        Optional<String> logUrl, Optional<String> error) {

    /** A phase's state. */
    public enum Status {
        /** Deployed (and, for the runtime, healthy when it was recorded). */
        UP,
        /** Nothing deployed. */
        DOWN,
        /** An apply or destroy failed part-way: what is deployed is not known. */
        FAILED,
        /** Nothing was ever recorded (history entries of plans and refusals before any apply). */
        UNKNOWN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How an execution ended. */
    public enum Outcome {
        /** It did what was asked (including "nothing to do"). */
        SUCCEEDED,
        /** It failed; {@link #error} says why. */
        FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PhaseState {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(logUrl, "logUrl");
        Objects.requireNonNull(error, "error");
    }

    ObjectNode toJson() {
        ObjectNode n = RecordJson.object();
        n.put("environment", environment);
        n.put("phase", phase.id());
        n.put("status", status.id());
        n.put("action", action.id());
        n.put("outcome", outcome.id());
        n.put("trigger", trigger.id());
        n.put("at", at.toString());
        n.put("executionId", executionId);
        n.put("requestedBy", requestedBy);
        n.put("reason", reason);
        changes.ifPresent(c -> {
            ObjectNode cn = n.putObject("changes");
            cn.put("creates", c.creates());
            cn.put("updates", c.updates());
            cn.put("destroys", c.destroys());
            cn.put("replaces", c.replaces());
        });
        RecordJson.putOpt(n, "logUrl", logUrl);
        RecordJson.putOpt(n, "error", error);
        return n;
    }

    static PhaseState fromJson(JsonNode n) {
        String what = "phase state";
        JsonNode c = n.get("changes");
        Optional<ChangeCounts> changes = c == null || c.isNull() ? Optional.empty() : Optional.of(new ChangeCounts(
                c.path("creates").asInt(), c.path("updates").asInt(), c.path("destroys").asInt(), c.path("replaces").asInt()));
        return new PhaseState(
                RecordJson.text(n, "environment", what),
                PhaseName.valueOf(RecordJson.text(n, "phase", what).toUpperCase(Locale.ROOT)),
                Status.valueOf(RecordJson.text(n, "status", what).toUpperCase(Locale.ROOT)),
                LifecycleAction.valueOf(RecordJson.text(n, "action", what).toUpperCase(Locale.ROOT)),
                Outcome.valueOf(RecordJson.text(n, "outcome", what).toUpperCase(Locale.ROOT)),
                Trigger.valueOf(RecordJson.text(n, "trigger", what).toUpperCase(Locale.ROOT)),
                RecordJson.instant(n, "at", what),
                RecordJson.text(n, "executionId", what),
                RecordJson.text(n, "requestedBy", what),
                RecordJson.optText(n, "reason").orElse(""),
                changes,
                RecordJson.optText(n, "logUrl"),
                RecordJson.optText(n, "error"));
    }
}
