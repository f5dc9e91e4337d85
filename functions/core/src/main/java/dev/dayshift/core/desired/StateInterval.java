package dev.dayshift.core.desired;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of time with one desired state and one reason: {@code [from, to)}.
 *
 * @param state up or down
 * @param from inclusive
 * @param to exclusive; after {@code from}
 * @param cause what decided it
 * @param why one line for people
 */
public record StateInterval(RuntimeState state, Instant from, Instant to, Cause cause, String why) {
    public StateInterval {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(why, "why");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("interval must end after it starts: " + from + " to " + to);
        }
    }

    /** to - from. */
    public Duration duration() {
        return Duration.between(from, to);
    }
}
