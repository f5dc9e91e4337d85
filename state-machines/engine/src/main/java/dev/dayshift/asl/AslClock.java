package dev.dayshift.asl;

import java.time.Instant;

/**
 * The time an engine runs on: Wait states, Retry backoffs, task timeouts and every timestamp in the history and
 * the context object come from it. {@link #system()} is the wall clock; {@link VirtualClock} jumps ahead when
 * the engine has nothing else to do.
 */
public interface AslClock {
    /** The current time. */
    Instant now();

    /** The wall clock. */
    static AslClock system() {
        return SystemClock.INSTANCE;
    }

    /** The wall clock, to the millisecond (as AWS's history and context object show time). */
    enum SystemClock implements AslClock {
        INSTANCE;

        @Override
        public Instant now() {
            return Instant.ofEpochMilli(System.currentTimeMillis());
        }
    }
}
