package dev.dayshift.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * When the runtime goes up and down, as EventBridge Scheduler expressions evaluated in the
 * environment's time zone ({@code cron(...)}, {@code rate(...)} or {@code at(...)}).
 *
 * @param up expression for scheduled starts; empty means never started by schedule
 * @param down expression for scheduled stops; empty means never stopped by schedule
 * @param enabled false pauses both without deleting them (default true)
 */
public record ScheduleConfig(Optional<String> up, Optional<String> down, boolean enabled) {
    public ScheduleConfig {
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
    }

    /** No schedule: the runtime only changes by hand. */
    public static ScheduleConfig none() {
        return new ScheduleConfig(Optional.empty(), Optional.empty(), true);
    }
}
