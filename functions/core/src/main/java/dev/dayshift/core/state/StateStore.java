package dev.dayshift.core.state;

import java.util.List;
import java.util.Optional;

/**
 * Where Dayshift keeps what it knows between invocations: environment states, locks, overrides set
 * at run time, budget blocks, decisions, rollback episodes. On AWS a DynamoDB table (pk, sk); locally
 * files under {@code .dayshift/state}; in tests memory.
 *
 * <p>Conditional writes are what make locks and exactly-once work: two callers racing on
 * {@link #putIfAbsent} or {@link #replace} see exactly one winner, also across processes. Expired
 * items are treated as absent by every method.
 */
public interface StateStore {

    /** The item, unless absent or expired. */
    Optional<StoredItem> get(String pk, String sk);

    /** Every live item of a partition whose sort key starts with {@code skPrefix}, by sort key. */
    List<StoredItem> query(String pk, String skPrefix);

    /**
     * Writes {@code item} (version 1) only if no live item has its keys.
     *
     * @return true if written; false if a live item exists (nothing changed)
     */
    boolean putIfAbsent(StoredItem item);

    /**
     * Replaces the item whose version is {@code item.version() - 1} with {@code item}.
     *
     * @return true if written; false if the stored version differs or the item is gone (nothing changed)
     */
    boolean replace(StoredItem item);

    /**
     * Deletes the item only if its stored version is {@code version}.
     *
     * @return true if deleted; false otherwise (nothing changed)
     */
    boolean deleteIfVersion(String pk, String sk, long version);

    /** Creates or overwrites unconditionally, keeping versions increasing. Returns what was stored. */
    default StoredItem upsert(String pk, String sk, String json, Optional<java.time.Instant> expiresAt) {
        while (true) {
            Optional<StoredItem> current = get(pk, sk);
            if (current.isEmpty()) {
                StoredItem fresh = StoredItem.create(pk, sk, json, expiresAt);
                if (putIfAbsent(fresh)) {
                    return fresh;
                }
            } else {
                StoredItem next = current.get().next(json, expiresAt);
                if (replace(next)) {
                    return next;
                }
            }
        }
    }
}
