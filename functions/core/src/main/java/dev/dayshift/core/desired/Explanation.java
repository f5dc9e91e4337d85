package dev.dayshift.core.desired;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * An environment's desired runtime state over a window, with the runtime hours it costs against
 * running always on.
 *
 * @param zone the environment's zone (for printing)
 * @param from the window's start (inclusive)
 * @param to the window's end (exclusive)
 * @param intervals consecutive, covering exactly {@code [from, to)}; neighbours differ in state or reason
 */
public record Explanation(ZoneId zone, Instant from, Instant to, List<StateInterval> intervals) {

    public Explanation {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        intervals = List.copyOf(intervals);
    }

    /** Time the runtime is desired up in the window. */
    public Duration runtime() {
        return intervals.stream().filter(i -> i.state() == RuntimeState.UP).map(StateInterval::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The whole window: what an always-on runtime would run (23 or 25 hours on daylight-saving days). */
    public Duration alwaysOn() {
        return Duration.between(from, to);
    }

    /** alwaysOn - runtime. */
    public Duration saving() {
        return alwaysOn().minus(runtime());
    }

    public double runtimeHours() {
        return hours(runtime());
    }

    public double alwaysOnHours() {
        return hours(alwaysOn());
    }

    public double savingHours() {
        return hours(saving());
    }

    /** saving / alwaysOn × 100; 0 for an empty window. */
    public double savingPercent() {
        long total = alwaysOn().getSeconds();
        return total == 0 ? 0 : 100.0 * saving().getSeconds() / total;
    }

    private static double hours(Duration d) {
        return d.getSeconds() / 3600.0;
    }
}
