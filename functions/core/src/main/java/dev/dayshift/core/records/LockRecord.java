package dev.dayshift.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.records.internal.RecordJson;
import java.time.Instant;
import java.util.Objects;

/**
 * The holder of an environment's lifecycle lock.
 *
 * @param environment the environment
 * @param holder the execution holding it (its id or ARN)
 * @param purpose what it is doing, for people ("runtime up by schedule")
 * @param acquiredAt when it took the lock
 * @param leaseUntil when the lock lapses by itself if never released (a crashed or stopped execution)
 */
public record LockRecord(String environment, String holder, String purpose, Instant acquiredAt, Instant leaseUntil) {
    public LockRecord {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
    }

    ObjectNode toJson() {
        ObjectNode n = RecordJson.object();
        n.put("environment", environment);
        n.put("holder", holder);
        n.put("purpose", purpose);
        n.put("acquiredAt", acquiredAt.toString());
        n.put("leaseUntil", leaseUntil.toString());
        return n;
    }

    static LockRecord fromJson(JsonNode n) {
        return new LockRecord(RecordJson.text(n, "environment", "lock"), RecordJson.text(n, "holder", "lock"),
                RecordJson.optText(n, "purpose").orElse(""), RecordJson.instant(n, "acquiredAt", "lock"),
                RecordJson.instant(n, "leaseUntil", "lock"));
    }
}
