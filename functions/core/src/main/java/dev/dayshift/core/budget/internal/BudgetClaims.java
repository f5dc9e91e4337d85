package dev.dayshift.core.budget.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.records.Keys;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Once-per-period claims of budget actions: item {@code (env#<environment>, budget#<period>#<action>)}
 * with {@code status} pending or done. The first caller's conditional put wins; a pending claim older
 * than {@link #LEASE} (its taker crashed before finishing) is taken over by a conditional replace, so
 * a Lambda retry completes an action that a crash interrupted, while concurrent duplicates do not
 * repeat it. Not public API.
 */
public final class BudgetClaims {

    /**
     * How long a pending claim belongs to its taker. Longer than the budget guard Lambda's timeout
     * (30 s), shorter than Lambda's first asynchronous retry (about a minute).
     */
    public static final Duration LEASE = Duration.ofSeconds(45);

    /** How long claims are kept after their period ends, for inspection. */
    public static final Duration RETENTION = Duration.ofDays(90);

    private final StateStore store;

    public BudgetClaims(StateStore store) {
        this.store = store;
    }

    /** The outcome of a claim. */
    public sealed interface Claim {
        /** This caller must act, then call {@link BudgetClaims#done}. */
        record Act(StoredItem item) implements Claim {
        }

        /** Already done (or being done right now) by an earlier delivery. */
        record Taken(Instant at, Optional<String> detail) implements Claim {
        }
    }

    public Claim claim(String environment, String key, Instant now, Instant periodEnd) {
        String pk = Keys.environment(environment);
        Optional<Instant> expires = Optional.of(periodEnd.plus(RETENTION));
        while (true) {
            StoredItem fresh = StoredItem.create(pk, key, doc("pending", now, Optional.empty()), expires);
            if (store.putIfAbsent(fresh)) {
                return new Claim.Act(fresh);
            }
            Optional<StoredItem> cur = store.get(pk, key);
            if (cur.isEmpty()) {
                continue;
            }
            JsonNode n = Json.readStored(cur.get().json(), "budget claim");
            Instant at = Instant.parse(n.path("at").asText());
            if ("pending".equals(n.path("status").asText()) && !now.isBefore(at.plus(LEASE))) {
                StoredItem again = cur.get().next(doc("pending", now, Optional.empty()), cur.get().expiresAt());
                if (store.replace(again)) {
                    return new Claim.Act(again);
                }
                continue;
            }
            return new Claim.Taken(at, Json.text(n, "detail"));
        }
    }

    /** The detail a claim was completed with (e.g. the execution name), if it is done. */
    public Optional<String> detail(String environment, String key) {
        return store.get(Keys.environment(environment), key)
                .map(i -> Json.readStored(i.json(), "budget claim"))
                .filter(n -> "done".equals(n.path("status").asText()))
                .flatMap(n -> Json.text(n, "detail"));
    }

    /** Marks an acted claim done, with a detail (e.g. the execution name). */
    public void done(Claim.Act act, Instant now, String detail) {
        StoredItem next = act.item().next(doc("done", now, Optional.of(detail)), act.item().expiresAt());
        store.replace(next);
    }

    private static String doc(String status, Instant at, Optional<String> detail) {
        ObjectNode n = Json.object();
        n.put("status", status);
        n.put("at", at.toString());
        detail.ifPresent(d -> n.put("detail", d));
        return Json.write(n);
    }
}
