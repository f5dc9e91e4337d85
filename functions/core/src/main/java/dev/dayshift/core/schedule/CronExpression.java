package dev.dayshift.core.schedule;

import dev.dayshift.core.schedule.internal.CronSpec;
import dev.dayshift.core.schedule.internal.ZoneScan;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code cron(minutes hours day-of-month month day-of-week year)} expression. Built by
 * {@link ScheduleExpression#parse(String)}.
 */
public final class CronExpression implements ScheduleExpression {

    /** Instants outside these bounds are clamped before being read as local times (cron years are 1970-2199). */
    private static final Instant EARLIEST = LocalDate.of(CronSpec.MIN_YEAR - 1, 12, 30).atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final Instant LATEST = LocalDate.of(CronSpec.MAX_YEAR + 1, 1, 2).atStartOfDay().toInstant(ZoneOffset.UTC);

    private final String text;
    private final CronSpec spec;

    CronExpression(String text, CronSpec spec) {
        this.text = Objects.requireNonNull(text, "text");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String text() {
        return text;
    }

    /** Whether this local minute matches the expression (ignoring time zones and seconds). */
    public boolean matches(LocalDateTime local) {
        return spec.matches(local);
    }

    @Override
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        Objects.requireNonNull(after, "after");
        ZoneRules rules = zone.getRules();
        if (after.isAfter(LATEST)) {
            return Optional.empty();
        }
        Instant bound = after.isBefore(EARLIEST) ? EARLIEST : after;
        LocalDateTime c = spec.nextAtOrAfter(ZoneScan.scanStartAfter(rules, bound));
        while (c != null) {
            Instant i = ZoneScan.resolve(rules, c);
            if (i != null && i.isAfter(after)) {
                return Optional.of(i);
            }
            c = spec.nextAtOrAfter(c.plusMinutes(1));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instant> previousBefore(Instant before, ZoneId zone) {
        Objects.requireNonNull(before, "before");
        ZoneRules rules = zone.getRules();
        if (before.isBefore(EARLIEST)) {
            return Optional.empty();
        }
        Instant bound = before.isAfter(LATEST) ? LATEST : before;
        LocalDateTime c = spec.previousAtOrBefore(ZoneScan.scanStartBefore(rules, bound));
        while (c != null) {
            Instant i = ZoneScan.resolve(rules, c);
            if (i != null && i.isBefore(before)) {
                return Optional.of(i);
            }
            c = spec.previousAtOrBefore(c.minusMinutes(1));
        }
        return Optional.empty();
    }

    @Override
    public List<SkippedFireTime> daylightSavingGaps(ZoneId zone, int fromYear, int toYear) {
        List<SkippedFireTime> out = new ArrayList<>();
        ZoneRules rules = zone.getRules();
        int from = Math.max(fromYear, CronSpec.MIN_YEAR);
        int to = Math.min(toYear, CronSpec.MAX_YEAR);
        if (from > to || rules.isFixedOffset()) {
            return out;
        }
        Instant begin = LocalDate.of(from, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(2 * 86_400);
        Instant end = LocalDate.of(to + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(2 * 86_400);
        for (ZoneOffsetTransition t = rules.nextTransition(begin); t != null && t.getInstant().isBefore(end);
                t = rules.nextTransition(t.getInstant())) {
            if (!t.isGap()) {
                continue;
            }
            LocalDateTime gapStart = t.getDateTimeBefore();
            LocalDateTime gapEnd = t.getDateTimeAfter();
            LocalDateTime first = gapStart.getSecond() == 0 && gapStart.getNano() == 0
                    ? gapStart : gapStart.withSecond(0).withNano(0).plusMinutes(1);
            for (LocalDateTime c = spec.nextAtOrAfter(first); c != null && c.isBefore(gapEnd); c = spec.nextAtOrAfter(c.plusMinutes(1))) {
                if (c.getYear() >= from && c.getYear() <= to) {
                    out.add(new SkippedFireTime(text, zone, c, t));
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
