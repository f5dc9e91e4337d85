package dev.dayshift.core.desired;

import java.util.Objects;

/**
 * The desired runtime state at an instant and why.
 *
 * @param state up or down
 * @param cause what decided it
 * @param why one line for people, e.g. "scheduled up at 2026-03-09T08:00+01:00 by cron(0 8 ? * MON-FRI *)"; never blank
 */
public record DesiredState(RuntimeState state, Cause cause, String why) {
    public DesiredState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(why, "why");
    }
}
