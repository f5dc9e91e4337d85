package dev.dayshift.bench.schedule;

import dev.dayshift.core.schedule.CronExpression;
import dev.dayshift.core.schedule.ScheduleExpression;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A year of fire times of a weekday schedule ({@code cron(0 8 ? * MON-FRI *)} in America/New_York,
 * 2026: 261 fire times), computed three ways; scores are per fire time:
 * <ul>
 *   <li>{@code dayshift}: Dayshift's evaluator ({@link ScheduleExpression#fireTimesBetween});
 *   <li>{@code quartz}: Quartz's {@code CronExpression.getNextValidTimeAfter}, the library whose syntax
 *       Scheduler's cron follows (no daylight-saving skipping, but 08:00 never falls in a gap);
 *   <li>{@code naiveMinuteStepping}: the obvious evaluator, testing every minute of the year (what the
 *       property tests use as their oracle).
 * </ul>
 * The setup checks that the three agree before anything is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScheduleBenchmark {

    static final int FIRES_IN_2026 = 261;
    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final Instant FROM = LocalDateTime.parse("2026-01-01T00:00").atZone(ZONE).toInstant();
    static final Instant TO = LocalDateTime.parse("2027-01-01T00:00").atZone(ZONE).toInstant();

    ScheduleExpression dayshift;
    org.quartz.CronExpression quartz;

    @Setup
    public void setUp() throws ParseException {
        dayshift = ScheduleExpression.parse("cron(0 8 ? * MON-FRI *)");
        quartz = new org.quartz.CronExpression("0 0 8 ? * MON-FRI *");
        quartz.setTimeZone(TimeZone.getTimeZone(ZONE));
        List<Instant> a = dayshift();
        List<Instant> b = quartz();
        List<Instant> c = naiveMinuteStepping();
        if (a.size() != FIRES_IN_2026 || !a.equals(b) || !a.equals(c)) {
            throw new IllegalStateException("evaluators disagree: " + a.size() + " " + b.size() + " " + c.size());
        }
    }

    @Benchmark
    @OperationsPerInvocation(FIRES_IN_2026)
    public List<Instant> dayshift() {
        return dayshift.fireTimesBetween(FROM, TO, ZONE, null);
    }

    @Benchmark
    @OperationsPerInvocation(FIRES_IN_2026)
    public List<Instant> quartz() {
        List<Instant> out = new ArrayList<>();
        Date t = quartz.getNextValidTimeAfter(Date.from(FROM.minusSeconds(1)));
        while (t != null && t.toInstant().isBefore(TO)) {
            out.add(t.toInstant());
            t = quartz.getNextValidTimeAfter(t);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(FIRES_IN_2026)
    public List<Instant> naiveMinuteStepping() {
        CronExpression cron = (CronExpression) dayshift;
        ZoneRules rules = ZONE.getRules();
        List<Instant> out = new ArrayList<>();
        for (Instant i = FROM; i.isBefore(TO); i = i.plusSeconds(60)) {
            LocalDateTime local = LocalDateTime.ofInstant(i, ZONE);
            if (!cron.matches(local)) {
                continue;
            }
            ZoneOffsetTransition t = rules.getTransition(local);
            if (t != null && t.isOverlap() && !i.equals(local.toInstant(t.getOffsetBefore()))) {
                continue; // the second occurrence of a repeated local time
            }
            out.add(i);
        }
        return out;
    }
}
