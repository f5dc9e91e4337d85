package dev.dayshift.core.schedule;

import dev.dayshift.core.schedule.internal.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An EventBridge Scheduler schedule expression, evaluated exactly as Scheduler evaluates it:
 * {@code cron(minutes hours day-of-month month day-of-week year)}, {@code rate(value unit)} or
 * {@code at(yyyy-mm-ddThh:mm:ss)}, in an IANA time zone. docs/schedules.md describes the language
 * and every rule this implementation follows.
 *
 * <p>Fire times are instants with second precision; cron fire times are on whole local minutes.
 * Daylight saving time: a local time that does not exist (spring forward) is skipped; a local time
 * that happens twice (fall back) fires once, at its first occurrence.
 *
 * <p>Start instant ({@code StartDate}): every method has a form that takes the schedule's start.
 * Fire times before the start are never returned. A {@code rate()} schedule is anchored at its start:
 * it fires at the start and every period after it. The forms without a start mean "no StartDate":
 * cron and at have no lower bound, and a rate schedule is taken to have been created at the reference
 * instant (the {@code after} of {@link #nextAfter(Instant, ZoneId)}), as Scheduler starts a rate
 * schedule without a StartDate when it is created.
 *
 * <p>Values are immutable and thread-safe.
 */
public sealed interface ScheduleExpression permits CronExpression, RateExpression, AtExpression {

    /**
     * Parses a schedule expression.
     *
     * @param text e.g. {@code cron(0 8 ? * MON-FRI *)}, {@code rate(5 minutes)}, {@code at(2026-03-09T08:00:00)};
     *     surrounding white space is ignored
     * @return never null
     * @throws InvalidScheduleExpressionException when Scheduler would not accept it; the message
     *     names the field and the bad token
     */
    static ScheduleExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidScheduleExpressionException(text, null, null,
                    "a schedule expression is needed: cron(...), rate(...) or at(...)", -1);
        }
        int start = 0;
        while (Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        int end = text.length();
        while (Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int open = text.indexOf('(', start);
        String kind = open < 0 ? text.substring(start, end) : text.substring(start, open).strip();
        if (open < 0) {
            throw new InvalidScheduleExpressionException(text, null, null,
                    "not a schedule expression: expected cron(...), rate(...) or at(...)", start);
        }
        if (text.charAt(end - 1) != ')') {
            throw new InvalidScheduleExpressionException(text, null, null, "missing the closing ')'", end);
        }
        int close = end - 1;
        int innerOpen = text.indexOf('(', open + 1);
        if (innerOpen >= 0 && innerOpen < close) {
            throw new InvalidScheduleExpressionException(text, null, "(", "unexpected '(' inside the expression", innerOpen);
        }
        int innerClose = text.indexOf(')', open + 1);
        if (innerClose < close) {
            throw new InvalidScheduleExpressionException(text, null, ")", "unexpected text after ')'", innerClose);
        }
        return switch (kind) {
            case "cron" -> new CronExpression(text.substring(start, end), CronParser.parse(text, open + 1, close));
            case "rate" -> RateExpression.parseBody(text, open + 1, close);
            case "at" -> AtExpression.parseBody(text, open + 1, close);
            default -> {
                String lower = kind.toLowerCase(java.util.Locale.ROOT);
                String hint = lower.equals("cron") || lower.equals("rate") || lower.equals("at")
                        ? "expression types are lower case: " + lower + "(...)"
                        : "unknown expression type: expected cron(...), rate(...) or at(...)";
                throw new InvalidScheduleExpressionException(text, null, kind.isEmpty() ? "(" : kind, hint, start);
            }
        };
    }

    /** The expression as written (surrounding white space removed); never null. */
    String text();

    /**
     * The first fire time strictly after {@code after}, with no StartDate (see the class comment:
     * a rate schedule is taken to start at {@code after}, so this is {@code after + period}).
     *
     * @return empty when the schedule never fires again (an at() in the past, a cron whose years end)
     */
    Optional<Instant> nextAfter(Instant after, ZoneId zone);

    /**
     * The first fire time strictly after {@code after} and not before {@code start} (Scheduler's
     * StartDate; a rate schedule is anchored there).
     */
    default Optional<Instant> nextAfter(Instant after, ZoneId zone, Instant start) {
        java.util.Objects.requireNonNull(start, "start");
        return nextAfter(start.isAfter(after) ? start.minusNanos(1) : after, zone);
    }

    /**
     * The last fire time strictly before {@code before} and not before {@code start}; a rate schedule
     * is anchored at {@code start}.
     */
    default Optional<Instant> previousBefore(Instant before, ZoneId zone, Instant start) {
        java.util.Objects.requireNonNull(start, "start");
        return previousBefore(before, zone).filter(i -> !i.isBefore(start));
    }

    /**
     * The last fire time strictly before {@code before}, with no StartDate. A rate schedule without a
     * start has no past (it is taken to start at {@code before}), so it returns empty.
     */
    Optional<Instant> previousBefore(Instant before, ZoneId zone);

    /**
     * The next {@code count} fire times strictly after {@code after}, in order; fewer when the
     * schedule ends. No StartDate (see {@link #nextAfter(Instant, ZoneId)}).
     */
    default List<Instant> nextN(Instant after, ZoneId zone, int count) {
        return nextN(after, zone, count, null);
    }

    /** The next {@code count} fire times strictly after {@code after} and not before {@code start}. */
    default List<Instant> nextN(Instant after, ZoneId zone, int count, Instant start) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        List<Instant> out = new ArrayList<>(Math.min(count, 1024));
        Instant anchor = start == null && this instanceof RateExpression ? after : start;
        Instant t = after;
        while (out.size() < count) {
            Optional<Instant> next = anchor == null ? nextAfter(t, zone) : nextAfter(t, zone, anchor);
            if (next.isEmpty()) {
                break;
            }
            t = next.get();
            out.add(t);
        }
        return out;
    }

    /**
     * Every fire time in {@code [from, to)}, in order, not before {@code start} when one is given. A
     * rate schedule is anchored at {@code start}, or at {@code from} when there is none.
     */
    default List<Instant> fireTimesBetween(Instant from, Instant to, ZoneId zone, Instant start) {
        List<Instant> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        Instant anchor = start == null && this instanceof RateExpression ? from : start;
        Instant t = from.minusNanos(1);
        while (true) {
            Optional<Instant> next = anchor == null ? nextAfter(t, zone) : nextAfter(t, zone, anchor);
            if (next.isEmpty() || !next.get().isBefore(to)) {
                return out;
            }
            t = next.get();
            out.add(t);
        }
    }

    /**
     * The fire times that fall in a daylight-saving gap of {@code zone} in the years
     * {@code fromYear..toYear} (inclusive) and are therefore skipped by Scheduler. Rate schedules have
     * none (they are fixed durations); an at() is reported whatever its year.
     *
     * @return in time order; empty when nothing is skipped
     */
    List<SkippedFireTime> daylightSavingGaps(ZoneId zone, int fromYear, int toYear);
}
