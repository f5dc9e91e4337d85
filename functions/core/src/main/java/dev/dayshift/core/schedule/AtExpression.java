package dev.dayshift.core.schedule;

import dev.dayshift.core.schedule.internal.ZoneScan;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code at(yyyy-mm-ddThh:mm:ss)} expression: one local date and time, fired once in the
 * schedule's zone. A local time in a daylight-saving gap never fires (it does not exist); one in an
 * overlap fires at its first occurrence. Built by {@link ScheduleExpression#parse(String)}.
 */
public final class AtExpression implements ScheduleExpression {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})");

    private final String text;
    private final LocalDateTime localTime;

    private AtExpression(String text, LocalDateTime localTime) {
        this.text = text;
        this.localTime = localTime;
    }

    static AtExpression parseBody(String text, int bodyStart, int bodyEnd) {
        String body = text.substring(bodyStart, bodyEnd);
        String v = body.strip();
        int pos = bodyStart + Math.max(0, body.indexOf(v));
        if (v.isEmpty()) {
            throw new InvalidScheduleExpressionException(text, "at", null,
                    "at() needs a local date and time, e.g. at(2026-03-09T08:00:00)", bodyStart);
        }
        Matcher m = FORMAT.matcher(v);
        if (!m.matches()) {
            throw new InvalidScheduleExpressionException(text, "at", v,
                    "expected yyyy-mm-ddThh:mm:ss (local time, with seconds, no offset), e.g. at(2026-03-09T08:00:00)", pos);
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new InvalidScheduleExpressionException(text, "at", v,
                    m.group(1) + "-" + m.group(2) + "-" + m.group(3) + " is not a date"
                            + (month < 1 || month > 12 ? " (months are 01-12)" : ""), pos);
        }
        LocalTime time;
        try {
            time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            throw new InvalidScheduleExpressionException(text, "at", v,
                    m.group(4) + ":" + m.group(5) + ":" + m.group(6) + " is not a time of day (00:00:00-23:59:59)", pos + 11);
        }
        return new AtExpression(text.strip(), LocalDateTime.of(date, time));
    }

    @Override
    public String text() {
        return text;
    }

    /** The local date and time it names; never null. */
    public LocalDateTime localTime() {
        return localTime;
    }

    /** Its one fire time in {@code zone}, or empty when that local time falls in a daylight-saving gap. */
    public Optional<Instant> fireTime(ZoneId zone) {
        return Optional.ofNullable(ZoneScan.resolve(zone.getRules(), localTime));
    }

    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        return fireTime(zone).filter(i -> i.isAfter(after));
    }

    @Override
    public Optional<Instant> previousBefore(Instant before, ZoneId zone) {
        return fireTime(zone).filter(i -> i.isBefore(before));
    }

    @Override
    public List<SkippedFireTime> daylightSavingGaps(ZoneId zone, int fromYear, int toYear) {
        ZoneOffsetTransition t = zone.getRules().getTransition(localTime);
        return t != null && t.isGap() ? List.of(new SkippedFireTime(text, zone, localTime, t)) : List.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtExpression other && other.localTime.equals(localTime);
    }

    @Override
    public int hashCode() {
        return localTime.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
