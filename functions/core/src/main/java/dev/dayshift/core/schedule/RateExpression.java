package dev.dayshift.core.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code rate(value unit)} expression: a fixed period, anchored at the schedule's start. Time zones
 * and daylight saving do not affect it: a day is 24 hours, as Scheduler counts it ("24 hours after the
 * last invocation"). Built by {@link ScheduleExpression#parse(String)}.
 *
 * <p>Units: {@code minutes}, {@code hours}, {@code days} for any value (Scheduler's documented form);
 * the singular {@code minute}, {@code hour}, {@code day} only with the value 1 (EventBridge's form,
 * which is what the CDK writes for 1). {@code rate(5 hour)} is refused.
 */
public final class RateExpression implements ScheduleExpression {

    /** The time unit of a rate. */
    public enum Unit {
        MINUTES(Duration.ofMinutes(1)),
        HOURS(Duration.ofHours(1)),
        DAYS(Duration.ofDays(1));

        private final Duration length;

        Unit(Duration length) {
            this.length = length;
        }

        /** The singular spelling, e.g. {@code hour}. */
        public String singular() {
            String s = name().toLowerCase(Locale.ROOT);
            return s.substring(0, s.length() - 1);
        }

        /** The plural spelling, e.g. {@code hours}. */
        public String plural() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String text;
    private final long value;
    private final Unit unit;
    private final Duration period;

    private RateExpression(String text, long value, Unit unit) {
        this.text = text;
        this.value = value;
        this.unit = unit;
        this.period = unit.length.multipliedBy(value);
    }

    static RateExpression parseBody(String text, int bodyStart, int bodyEnd) {
        String body = text.substring(bodyStart, bodyEnd);
        String trimmed = body.strip();
        String whole = text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidScheduleExpressionException(text, "rate", null,
                    "rate() needs a value and a unit, e.g. rate(5 minutes)", bodyStart);
        }
        String[] parts = trimmed.split("\\s+");
        int valuePos = bodyStart + body.indexOf(parts[0]);
        if (parts.length != 2) {
            throw new InvalidScheduleExpressionException(text, "rate", trimmed,
                    "rate() takes exactly a value and a unit, e.g. rate(5 minutes); found " + parts.length + " part(s)", valuePos);
        }
        String v = parts[0];
        String u = parts[1];
        int unitPos = bodyStart + body.indexOf(u, body.indexOf(v) + v.length());
        if (!v.matches("[0-9]+")) {
            throw new InvalidScheduleExpressionException(text, "rate", v,
                    "the value must be a positive whole number", valuePos);
        }
        if (v.length() > 9) {
            throw new InvalidScheduleExpressionException(text, "rate", v, "the value is too large", valuePos);
        }
        long value = Long.parseLong(v);
        if (value < 1) {
            throw new InvalidScheduleExpressionException(text, "rate", v,
                    "the value must be a positive whole number (at least 1)", valuePos);
        }
        Unit unit = null;
        boolean singular = false;
        for (Unit candidate : Unit.values()) {
            if (u.equals(candidate.plural())) {
                unit = candidate;
            } else if (u.equals(candidate.singular())) {
                unit = candidate;
                singular = true;
            }
        }
        if (unit == null) {
            String lower = u.toLowerCase(Locale.ROOT);
            String hint = "the unit must be minutes, hours or days (minute, hour or day with the value 1)";
            for (Unit candidate : Unit.values()) {
                if (lower.equals(candidate.plural()) || lower.equals(candidate.singular())) {
                    hint = "units are lower case: " + (value == 1 ? lower : candidate.plural());
                }
            }
            throw new InvalidScheduleExpressionException(text, "rate", u, hint, unitPos);
        }
        if (singular && value != 1) {
            throw new InvalidScheduleExpressionException(text, "rate", u,
                    "with the value " + value + " the unit is plural: rate(" + value + " " + unit.plural() + ")", unitPos);
        }
        return new RateExpression(whole, value, unit);
    }

    @Override
    public String text() {
        return text;
    }

    /** The number before the unit; at least 1. */
    public long value() {
        return value;
    }

    public Unit unit() {
        return unit;
    }

    /** value × unit; never zero or negative. */
    public Duration period() {
        return period;
    }

    /** The first fire at or after {@code start + k·period} strictly after {@code after}. */
    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone, Instant start) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(start, "start");
        if (after.isBefore(start)) {
            return Optional.of(start);
        }
        try {
            long periods = Duration.between(start, after).dividedBy(period) + 1;
            return Optional.of(start.plus(period.multipliedBy(periods)));
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty(); // past the end of time: no next fire time
        }
    }

    /** {@code after + period}: without a StartDate the schedule starts at {@code after}. */
    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        return nextAfter(after, zone, after);
    }

    @Override
    public Optional<Instant> previousBefore(Instant before, ZoneId zone, Instant start) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(start, "start");
        if (!before.isAfter(start)) {
            return Optional.empty();
        }
        try {
            Duration span = Duration.between(start, before).minusNanos(1);
            return Optional.of(start.plus(period.multipliedBy(span.dividedBy(period))));
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Always empty: without a StartDate a rate schedule starts at {@code before} and has no past. */
    @Override
    public Optional<Instant> previousBefore(Instant before, ZoneId zone) {
        return Optional.empty();
    }

    /** Always empty: a rate is a fixed duration and never lands on a local time. */
    @Override
    public List<SkippedFireTime> daylightSavingGaps(ZoneId zone, int fromYear, int toYear) {
        return List.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateExpression other && other.value == value && other.unit == unit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, unit);
    }

    @Override
    public String toString() {
        return text;
    }
}
