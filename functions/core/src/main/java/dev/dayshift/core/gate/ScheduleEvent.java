package dev.dayshift.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.records.GateDecision;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What EventBridge Scheduler sends the schedule gate: {@code {"environment": "dev", "desired": "up",
 * "scheduledAt": "<aws.scheduler.scheduled-time>"}}. {@code scheduledAt} is the schedule's fire time,
 * which identifies the event (a redelivery carries the same one); when absent, the minute the gate
 * receives it stands in.
 *
 * @param environment the environment's name
 * @param desired up or down
 * @param scheduledAt the fire time
 */
public record ScheduleEvent(String environment, GateDecision.Desired desired, Optional<Instant> scheduledAt) {

    public ScheduleEvent {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
    }

    /** Thrown for an event the gate cannot read; EventBridge Scheduler retries it and then dead-letters it. */
    public static final class InvalidEventException extends DayshiftException {
        public InvalidEventException(String message) {
            super(Kind.BAD_INPUT, message);
        }
    }

    /** Reads an event, naming every problem. */
    public static ScheduleEvent parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidEventException("schedule event must be a JSON object {environment, desired, scheduledAt}");
        }
        List<String> problems = new ArrayList<>();
        JsonNode env = event.get("environment");
        if (env == null || !env.isTextual() || env.asText().isBlank()) {
            problems.add("/environment: missing or not a string");
        }
        JsonNode desired = event.get("desired");
        GateDecision.Desired d = null;
        if (desired == null || !desired.isTextual()) {
            problems.add("/desired: missing or not a string (up or down)");
        } else {
            switch (desired.asText().toLowerCase(Locale.ROOT)) {
                case "up" -> d = GateDecision.Desired.UP;
                case "down" -> d = GateDecision.Desired.DOWN;
                default -> problems.add("/desired: '" + desired.asText() + "' is not up or down");
            }
        }
        Optional<Instant> at = Optional.empty();
        JsonNode t = event.get("scheduledAt");
        if (t != null && !t.isNull()) {
            try {
                at = Optional.of(Instant.parse(t.asText()));
            } catch (DateTimeParseException e) {
                problems.add("/scheduledAt: '" + t.asText() + "' is not an ISO-8601 instant such as 2026-11-23T13:00:00Z");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException("invalid schedule event: " + String.join("; ", problems));
        }
        return new ScheduleEvent(env.asText(), d, at);
    }
}
