package dev.dayshift.core.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One record in a {@link StateStore}: a partition key, a sort key, a version for optimistic
 * concurrency, a JSON document, and an optional expiry after which stores treat it as absent
 * (DynamoDB TTL; the local store deletes it on read).
 *
 * @param pk partition key, e.g. {@code env#demo}; never blank
 * @param sk sort key, e.g. {@code lock} or {@code decision#2026-11-25T08:00:00Z}; never blank
 * @param version 1 for a new item, incremented by each conditional update; 0 is never stored
 * @param json the document, a JSON object as text
 * @param expiresAt when the item stops existing, if ever
 */
public record StoredItem(String pk, String sk, long version, String json, Optional<Instant> expiresAt) {
    public StoredItem {
        if (pk == null || pk.isBlank() || sk == null || sk.isBlank()) {
            throw new IllegalArgumentException("pk and sk must not be blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A first version of an item. */
    public static StoredItem create(String pk, String sk, String json, Optional<Instant> expiresAt) {
        return new StoredItem(pk, sk, 1, json, expiresAt);
    }

    /** The next version of this item with a new document and expiry. */
    public StoredItem next(String newJson, Optional<Instant> newExpiresAt) {
        return new StoredItem(pk, sk, version + 1, newJson, newExpiresAt);
    }

    /** Whether the item has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt.map(e -> !now.isBefore(e)).orElse(false);
    }
}
