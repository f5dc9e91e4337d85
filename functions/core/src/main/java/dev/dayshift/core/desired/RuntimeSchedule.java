package dev.dayshift.core.desired;

import dev.dayshift.core.calendar.HolidayCalendar;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.ScheduleConfig;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.schedule.RateExpression;
import dev.dayshift.core.schedule.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An environment's desired runtime state over time: its up and down schedule, holidays, overrides
 * and TTL, in its time zone. docs/schedules.md describes the rules; in short, at any instant:
 * <ol>
 *   <li>an active override (keep up / keep down until T) decides; when several are active, the one
 *       that started last, and keep-down on a tie;
 *   <li>else, past the TTL ({@code expires}), down;
 *   <li>else, on a holiday (the whole local day in the zone), down;
 *   <li>else the schedule: the state of the last up or down fire time at or before the instant, looking
 *       back as far as needed; a tie between up and down is down; with no fire yet, down.
 * </ol>
 * Rate expressions are anchored at {@link #rateAnchor()}. Immutable and thread-safe.
 */
public final class RuntimeSchedule {

    /** Without a StartDate, rate() up/down expressions are anchored here (so rate(1 day) fires at 00:00 UTC). */
    public static final Instant DEFAULT_RATE_ANCHOR = Instant.EPOCH;

    /** How far {@link #nextChangeAfter} looks ahead. */
    public static final Duration HORIZON = Duration.ofDays(400);

    private final Optional<ScheduleExpression> up;
    private final Optional<ScheduleExpression> down;
    private final boolean paused;
    private final ZoneId zone;
    private final HolidayCalendar holidays;
    private final List<ScheduleOverride> overrides;
    private final Optional<Instant> expires;
    private final Instant rateAnchor;

    /**
     * @param up scheduled starts, if any
     * @param down scheduled stops, if any
     * @param paused true when the schedule is paused (neither expression fires)
     * @param zone the zone the expressions and holidays are read in
     * @param holidays the environment's holidays
     * @param overrides keep-up / keep-down overrides (active or not)
     * @param expires the TTL of an environment created by hand, if any
     * @param rateAnchor the StartDate rate() expressions count from
     */
    public RuntimeSchedule(Optional<ScheduleExpression> up, Optional<ScheduleExpression> down, boolean paused, ZoneId zone,
            HolidayCalendar holidays, List<ScheduleOverride> overrides, Optional<Instant> expires, Instant rateAnchor) {
        this.up = Objects.requireNonNull(up, "up");
        this.down = Objects.requireNonNull(down, "down");
        this.paused = paused;
        this.zone = Objects.requireNonNull(zone, "zone");
        this.holidays = Objects.requireNonNull(holidays, "holidays");
        this.overrides = List.copyOf(overrides);
        this.expires = Objects.requireNonNull(expires, "expires");
        this.rateAnchor = Objects.requireNonNull(rateAnchor, "rateAnchor");
    }

    /**
     * The schedule of a configured environment (its overrides from the file included).
     *
     * @throws dev.dayshift.core.schedule.InvalidScheduleExpressionException when an expression is
     *     invalid (the loader has already refused such a file)
     */
    public static RuntimeSchedule of(Environment env) {
        ScheduleConfig s = env.schedule();
        return new RuntimeSchedule(s.up().map(ScheduleExpression::parse), s.down().map(ScheduleExpression::parse), !s.enabled(),
                env.zone(), HolidayCalendar.of(env.holidays()), env.overrides(), env.expires(), DEFAULT_RATE_ANCHOR);
    }

    /** The same schedule with more overrides (e.g. ones set at run time). */
    public RuntimeSchedule withOverrides(List<ScheduleOverride> more) {
        List<ScheduleOverride> all = new ArrayList<>(overrides);
        all.addAll(more);
        return new RuntimeSchedule(up, down, paused, zone, holidays, all, expires, rateAnchor);
    }

    /** The same schedule with rate() expressions anchored at {@code anchor}. */
    public RuntimeSchedule withRateAnchor(Instant anchor) {
        return new RuntimeSchedule(up, down, paused, zone, holidays, overrides, expires, anchor);
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant rateAnchor() {
        return rateAnchor;
    }

    public HolidayCalendar holidays() {
        return holidays;
    }

    public List<ScheduleOverride> overrides() {
        return overrides;
    }

    /** The desired state at {@code t} and why. */
    public DesiredState stateAt(Instant t) {
        Objects.requireNonNull(t, "t");
        Optional<ScheduleOverride> override = activeOverride(t);
        if (override.isPresent()) {
            ScheduleOverride o = override.get();
            RuntimeState s = o.mode() == ScheduleOverride.Mode.KEEP_UP ? RuntimeState.UP : RuntimeState.DOWN;
            return new DesiredState(s, Cause.OVERRIDE, "override " + o.mode().id() + " until " + local(o.until())
                    + " set by " + o.setBy() + (o.reason().isBlank() ? "" : ": " + o.reason()));
        }
        if (expires.isPresent() && !t.isBefore(expires.get())) {
            return new DesiredState(RuntimeState.DOWN, Cause.EXPIRED, "expired at " + local(expires.get()) + " (the environment's TTL)");
        }
        LocalDate day = t.atZone(zone).toLocalDate();
        Optional<String> holiday = holidays.holidayName(day);
        if (holiday.isPresent()) {
            return new DesiredState(RuntimeState.DOWN, Cause.HOLIDAY, "holiday " + day + ": " + holiday.get());
        }
        if (paused) {
            return new DesiredState(RuntimeState.DOWN, Cause.NO_SCHEDULE, "schedule paused: the runtime changes only by hand");
        }
        if (up.isEmpty()) {
            return new DesiredState(RuntimeState.DOWN, Cause.NO_SCHEDULE, "no up schedule: the runtime comes up only by hand");
        }
        Optional<Instant> lastUp = lastFireAtOrBefore(up.get(), t);
        Optional<Instant> lastDown = down.flatMap(d -> lastFireAtOrBefore(d, t));
        if (lastUp.isEmpty()) {
            return new DesiredState(RuntimeState.DOWN, Cause.NO_SCHEDULE, "no scheduled up yet (" + up.get().text() + ")");
        }
        if (lastDown.isPresent() && !lastDown.get().isBefore(lastUp.get())) {
            return new DesiredState(RuntimeState.DOWN, Cause.SCHEDULE, "scheduled down at " + local(lastDown.get()) + " by " + down.get().text());
        }
        return new DesiredState(RuntimeState.UP, Cause.SCHEDULE, "scheduled up at " + local(lastUp.get()) + " by " + up.get().text());
    }

    /**
     * The next instant after {@code t} at which the desired state differs from the state at {@code t}
     * (looking {@link #HORIZON} ahead); empty when it does not change in that time.
     */
    public Optional<StateChange> nextChangeAfter(Instant t) {
        DesiredState current = stateAt(t);
        Instant end = t.plus(HORIZON);
        Duration step = Duration.ofDays(7);
        for (Instant a = t; a.isBefore(end); a = a.plus(step)) {
            Instant b = a.plus(step).isAfter(end) ? end : a.plus(step);
            for (Instant p : changePoints(a, b)) {
                if (!p.isAfter(t)) {
                    continue;
                }
                DesiredState s = stateAt(p);
                if (s.state() != current.state()) {
                    return Optional.of(new StateChange(p, current, s));
                }
            }
        }
        return Optional.empty();
    }

    /** The desired state over {@code days} local days from the start of {@code from} in the zone. */
    public Explanation explain(LocalDate from, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        return explain(from.atStartOfDay(zone).toInstant(), from.plusDays(days).atStartOfDay(zone).toInstant());
    }

    /** The desired state over {@code [from, to)}. */
    public Explanation explain(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window must end after it starts: " + from + " to " + to);
        }
        List<StateInterval> out = new ArrayList<>();
        List<Instant> points = new ArrayList<>();
        points.add(from);
        for (Instant p : changePoints(from, to)) {
            if (p.isAfter(from)) {
                points.add(p);
            }
        }
        points.add(to);
        for (int i = 0; i + 1 < points.size(); i++) {
            Instant a = points.get(i);
            Instant b = points.get(i + 1);
            if (!a.isBefore(b)) {
                continue;
            }
            DesiredState s = stateAt(a);
            StateInterval last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.state() == s.state() && last.why().equals(s.why())) {
                out.set(out.size() - 1, new StateInterval(s.state(), last.from(), b, s.cause(), s.why()));
            } else {
                out.add(new StateInterval(s.state(), a, b, s.cause(), s.why()));
            }
        }
        return new Explanation(zone, from, to, out);
    }

    /** Every instant in [a, b) where the state or its reason may change, sorted and distinct. */
    private TreeSet<Instant> changePoints(Instant a, Instant b) {
        TreeSet<Instant> points = new TreeSet<>();
        if (!paused) {
            up.ifPresent(e -> points.addAll(fires(e, a, b)));
            down.ifPresent(e -> points.addAll(fires(e, a, b)));
        }
        LocalDate first = a.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = b.atZone(zone).toLocalDate().plusDays(1);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (holidays.isHoliday(d)) {
                points.add(d.atStartOfDay(zone).toInstant());
                points.add(d.plusDays(1).atStartOfDay(zone).toInstant());
            }
        }
        for (ScheduleOverride o : overrides) {
            o.from().ifPresent(points::add);
            points.add(o.until());
        }
        expires.ifPresent(points::add);
        return new TreeSet<>(points.subSet(a, true, b, false));
    }

    private List<Instant> fires(ScheduleExpression e, Instant a, Instant b) {
        return e.fireTimesBetween(a, b, zone, e instanceof RateExpression ? rateAnchor : null);
    }

    private Optional<Instant> lastFireAtOrBefore(ScheduleExpression e, Instant t) {
        Instant bound = t.plusNanos(1);
        return e instanceof RateExpression ? e.previousBefore(bound, zone, rateAnchor) : e.previousBefore(bound, zone);
    }

    private Optional<ScheduleOverride> activeOverride(Instant t) {
        return overrides.stream().filter(o -> o.activeAt(t)).max(Comparator
                .comparing((ScheduleOverride o) -> o.from().orElse(Instant.MIN))
                .thenComparing(o -> o.mode() == ScheduleOverride.Mode.KEEP_DOWN));
    }

    private String local(Instant i) {
        return ZonedDateTime.ofInstant(i, zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
