package dev.dayshift.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.records.internal.RecordJson;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the schedule gate did with one schedule event: started the lifecycle machine, or not and why.
 *
 * @param environment the environment
 * @param desired up or down, as the schedule asked
 * @param scheduledAt the schedule's fire time (the event's identity)
 * @param decidedAt when the gate decided
 * @param verdict started or skipped
 * @param reason why, for people ("holiday: Thanksgiving", "already up", "keep-down until ... (alice: ...)")
 * @param executionName the lifecycle execution's name when started
 */
public record GateDecision(String environment, Desired desired, Instant scheduledAt, Instant decidedAt, Verdict verdict,
                           String reason, Optional<String> executionName) {

    /** The state a schedule event asks for. */
    public enum Desired {
        UP, DOWN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the gate did. */
    public enum Verdict {
        /** It started the lifecycle machine. */
        STARTED,
        /** It did not; {@link #reason} says why. */
        SKIPPED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GateDecision {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(executionName, "executionName");
    }

    ObjectNode toJson() {
        ObjectNode n = RecordJson.object();
        n.put("environment", environment);
        n.put("desired", desired.id());
        n.put("scheduledAt", scheduledAt.toString());
        n.put("decidedAt", decidedAt.toString());
        n.put("verdict", verdict.id());
        n.put("reason", reason);
        RecordJson.putOpt(n, "executionName", executionName);
        return n;
    }

    static GateDecision fromJson(JsonNode n) {
        String what = "gate decision";
        return new GateDecision(RecordJson.text(n, "environment", what),
                Desired.valueOf(RecordJson.text(n, "desired", what).toUpperCase(Locale.ROOT)),
                RecordJson.instant(n, "scheduledAt", what), RecordJson.instant(n, "decidedAt", what),
                Verdict.valueOf(RecordJson.text(n, "verdict", what).toUpperCase(Locale.ROOT)),
                RecordJson.text(n, "reason", what), RecordJson.optText(n, "executionName"));
    }
}
