package dev.dayshift.core.desired;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of desired state: before {@code at} it was {@code before.state()}, from {@code at} on it is
 * {@code after.state()} (which differs).
 */
public record StateChange(Instant at, DesiredState before, DesiredState after) {
    public StateChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}
