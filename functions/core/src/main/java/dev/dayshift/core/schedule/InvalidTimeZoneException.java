package dev.dayshift.core.schedule;

import dev.dayshift.core.DayshiftException;

/**
 * Thrown by {@link TimeZones#parse(String)} when a text is not an IANA time zone name that
 * EventBridge Scheduler would accept. Always {@link Kind#BAD_INPUT} (exit code 2).
 */
public final class InvalidTimeZoneException extends DayshiftException {
    public InvalidTimeZoneException(String message) {
        super(Kind.BAD_INPUT, message);
    }
}
