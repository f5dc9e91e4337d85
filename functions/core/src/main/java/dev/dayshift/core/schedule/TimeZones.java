package dev.dayshift.core.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;

/**
 * Time zone names as EventBridge Scheduler takes them ({@code ScheduleExpressionTimezone}): IANA
 * names such as {@code Europe/Berlin}, {@code America/New_York} or {@code UTC}. Fixed offsets such
 * as {@code +02:00} are refused: they have no daylight-saving rules, and Scheduler does not take them.
 */
public final class TimeZones {

    private TimeZones() {
    }

    /**
     * The zone with that IANA name.
     *
     * @throws InvalidTimeZoneException when the name is blank, a bare offset, or not a known zone
     *     (the message suggests the zone with the same name in other letter case, when there is one)
     */
    public static ZoneId parse(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidTimeZoneException("time zone is empty: give an IANA name such as Europe/Berlin or UTC");
        }
        String n = name.strip();
        if (n.startsWith("+") || n.startsWith("-") || n.matches("(?i)(UTC|GMT|UT)[+-].*")) {
            throw new InvalidTimeZoneException("time zone '" + n
                    + "' is a fixed offset; give an IANA name such as Europe/Berlin (fixed offsets have no daylight-saving rules)");
        }
        try {
            ZoneId zone = ZoneId.of(n);
            if (zone instanceof ZoneOffset) {
                throw new InvalidTimeZoneException("time zone '" + n + "' is a fixed offset; give an IANA name such as Europe/Berlin");
            }
            return zone;
        } catch (DateTimeException e) {
            String hint = suggestion(n);
            throw new InvalidTimeZoneException("unknown time zone '" + n + "'"
                    + (hint == null ? ": give an IANA name such as Europe/Berlin, America/New_York or UTC" : " (did you mean " + hint + "?)"));
        }
    }

    private static String suggestion(String name) {
        Set<String> ids = ZoneId.getAvailableZoneIds();
        String lower = name.toLowerCase(Locale.ROOT).replace(' ', '_');
        for (String id : ids) {
            if (id.toLowerCase(Locale.ROOT).equals(lower)) {
                return id;
            }
        }
        return null;
    }
}
