package dev.dayshift.asl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told to. With {@link #autoAdvancing(Instant)} (the usual choice) the engine moves
 * it: when no state is runnable, no task call is in flight and someone waits for a result ({@code run} or
 * {@code await}), time jumps to the next timer (a Wait, a Retry backoff, a task's timeout or heartbeat), so a day
 * of Waits runs in milliseconds and every run gives the same result. Executions started with {@code start} and not
 * yet awaited run up to their first timer and stay there, so several can be started at the same instant. A task waiting for a task token counts as idle, so its TimeoutSeconds fires on virtual time. With
 * {@link #manual(Instant)} only {@link #advance(Duration)} moves time.
 *
 * <p>One virtual clock drives one engine; start several executions on that engine to run them on one timeline.
 */
public final class VirtualClock implements AslClock {
    private final boolean autoAdvance;
    private volatile Instant now;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private VirtualClock(Instant start, boolean autoAdvance) {
        this.now = Objects.requireNonNull(start, "start");
        this.autoAdvance = autoAdvance;
    }

    /** A clock the engine advances whenever it is idle. */
    public static VirtualClock autoAdvancing(Instant start) {
        return new VirtualClock(start, true);
    }

    /** A clock only {@link #advance(Duration)} and {@link #advanceTo(Instant)} move. */
    public static VirtualClock manual(Instant start) {
        return new VirtualClock(start, false);
    }

    public boolean isAutoAdvancing() {
        return autoAdvance;
    }

    @Override
    public Instant now() {
        return now;
    }

    /** Moves time forward by {@code d} (never backwards) and wakes the engine so due timers fire. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + d);
        }
        advanceTo(now.plus(d));
    }

    /** Moves time to {@code t} if it is later than now, and wakes the engine. */
    public synchronized void advanceTo(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Engine use: called after each manual move. */
    public void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    /** Engine use: the engine's own jump to the next timer (no listeners called). */
    public synchronized void jumpTo(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
    }
}
