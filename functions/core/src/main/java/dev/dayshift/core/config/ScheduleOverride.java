package dev.dayshift.core.config;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * "Keep up until T" or "keep down until T": wins over the schedule and holidays while active and
 * expires by itself.
 *
 * @param mode keep the runtime up or down
 * @param from when it starts to apply; empty means at once
 * @param until when it expires (exclusive)
 * @param reason why, for the record; never blank
 * @param setBy who set it; never blank
 */
public record ScheduleOverride(Mode mode, Optional<Instant> from, Instant until, String reason, String setBy) {

    /** What an override holds the runtime at. */
    public enum Mode {
        KEEP_UP,
        KEEP_DOWN;

        /** The configuration spelling: keep-up or keep-down. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ScheduleOverride {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(setBy, "setBy");
        if (from.isPresent() && !from.get().isBefore(until)) {
            throw new IllegalArgumentException("override 'from' must be before 'until'");
        }
    }

    /** Whether it applies at {@code t}: from (or forever before) inclusive, until exclusive. */
    public boolean activeAt(Instant t) {
        return t.isBefore(until) && from.map(f -> !t.isBefore(f)).orElse(true);
    }
}
