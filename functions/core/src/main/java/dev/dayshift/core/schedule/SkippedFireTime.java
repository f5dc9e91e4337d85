package dev.dayshift.core.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * A local fire time that does not exist in its zone because the clocks jump over it (spring
 * forward), so EventBridge Scheduler skips that run.
 *
 * @param expression the schedule expression's text
 * @param zone the zone it is evaluated in
 * @param localTime the local time the expression names, which does not exist
 * @param transition the daylight-saving transition that skips it
 */
public record SkippedFireTime(String expression, ZoneId zone, LocalDateTime localTime, ZoneOffsetTransition transition) {

    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    public SkippedFireTime {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(localTime, "localTime");
        Objects.requireNonNull(transition, "transition");
    }

    /** When the clocks jump. */
    public Instant transitionInstant() {
        return transition.getInstant();
    }

    public ZoneOffset offsetBefore() {
        return transition.getOffsetBefore();
    }

    public ZoneOffset offsetAfter() {
        return transition.getOffsetAfter();
    }

    /**
     * One line for people, e.g. {@code 2026-03-08T02:30 does not exist in America/New_York (clocks
     * jump from 02:00 to 03:00, -05:00 to -04:00), so Scheduler skips that run}.
     */
    public String describe() {
        return localTime + " does not exist in " + zone.getId() + " (clocks jump from "
                + transition.getDateTimeBefore().format(HM) + " to " + transition.getDateTimeAfter().format(HM)
                + " on " + transition.getDateTimeBefore().toLocalDate() + ", " + offsetBefore() + " to " + offsetAfter()
                + "), so Scheduler skips that run of " + expression;
    }
}
