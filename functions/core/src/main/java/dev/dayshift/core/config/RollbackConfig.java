package dev.dayshift.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Alarm-triggered rollback for one environment.
 *
 * @param cooldown after a rollback of a target starts, further alarms for that target are recorded
 *     and ignored for this long (default 30 minutes), which stops rollback loops
 * @param targets the rollback targets; may be empty
 */
public record RollbackConfig(Duration cooldown, List<RollbackTarget> targets) {
    public RollbackConfig {
        Objects.requireNonNull(cooldown, "cooldown");
        targets = List.copyOf(targets);
    }

    /** No rollback targets. */
    public static RollbackConfig none() {
        return new RollbackConfig(Duration.ofMinutes(30), List.of());
    }
}
