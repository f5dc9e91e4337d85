package dev.dayshift.core.records;

import dev.dayshift.core.records.internal.RecordJson;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment's lifecycle lock ({@code env#<name>} / {@code lock}): one lifecycle execution per
 * environment. Taking it is a conditional create, so two executions racing see exactly one winner,
 * across processes and on DynamoDB alike. The lock lapses at its lease's end (a stopped execution
 * never blocks an environment for ever); releasing names the holder, so nobody releases a lock
 * they do not hold.
 */
public final class LockRepository {

    private final StateStore store;

    /** Tries of {@link #acquire} when the lock keeps being released between the write and the read. */
    static final int MAX_ATTEMPTS = 5;

    public LockRepository(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The result of an attempt to take the lock: the current holder, which is {@code lock} itself when taken. */
    public record Attempt(boolean acquired, LockRecord holder) {
    }

    /**
     * Takes the lock for {@code lock.holder()}, or reports who holds it. Taking a lock one already
     * holds succeeds (a retried step) and keeps the original record.
     */
    public Attempt acquire(LockRecord lock) {
        String pk = Keys.environment(lock.environment());
        for (int attempt = 1; ; attempt++) {
            StoredItem item = StoredItem.create(pk, Keys.LOCK, RecordJson.write(lock.toJson()), Optional.of(lock.leaseUntil()));
            if (store.putIfAbsent(item)) {
                return new Attempt(true, lock);
            }
            Optional<StoredItem> current = store.get(pk, Keys.LOCK);
            if (current.isEmpty()) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("the lock of environment '" + lock.environment() + "' was refused "
                            + attempt + " times, each time by a holder gone when read: the state store answers"
                            + " inconsistently");
                }
                continue; // released or lapsed in between: try again
            }
            LockRecord holder = LockRecord.fromJson(RecordJson.read(current.get().json(), "lock of " + lock.environment()));
            return new Attempt(holder.holder().equals(lock.holder()), holder);
        }
    }

    /** Who holds the lock, if anyone. */
    public Optional<LockRecord> current(String environment) {
        return store.get(Keys.environment(environment), Keys.LOCK)
                .map(i -> LockRecord.fromJson(RecordJson.read(i.json(), "lock of " + environment)));
    }

    /**
     * Releases the lock if {@code holder} holds it.
     *
     * @return true if it was released; false if someone else (or nobody) held it
     */
    public boolean release(String environment, String holder) {
        String pk = Keys.environment(environment);
        Optional<StoredItem> current = store.get(pk, Keys.LOCK);
        if (current.isEmpty()) {
            return false;
        }
        LockRecord lock = LockRecord.fromJson(RecordJson.read(current.get().json(), "lock of " + environment));
        return lock.holder().equals(holder) && store.deleteIfVersion(pk, Keys.LOCK, current.get().version());
    }

    /**
     * Releases whoever holds the lock: for a person clearing a stuck lock (docs/runbooks/stuck-lock.md).
     *
     * @return the lock that was released, if any
     */
    public Optional<LockRecord> forceRelease(String environment) {
        String pk = Keys.environment(environment);
        Optional<StoredItem> current = store.get(pk, Keys.LOCK);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        LockRecord lock = LockRecord.fromJson(RecordJson.read(current.get().json(), "lock of " + environment));
        return store.deleteIfVersion(pk, Keys.LOCK, current.get().version()) ? Optional.of(lock) : Optional.empty();
    }

    /** Whether the lock is free at {@code now} (expired locks count as free). */
    public boolean isFree(String environment, Instant now) {
        return current(environment).map(l -> !now.isBefore(l.leaseUntil())).orElse(true);
    }
}
