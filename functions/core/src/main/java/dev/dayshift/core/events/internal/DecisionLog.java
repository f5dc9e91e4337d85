package dev.dayshift.core.events.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.records.Keys;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The environment's log of event decisions (alarms, budgets): item {@code (env#<environment>,
 * event#<instant>#<kind>#<id>)}, kept {@link #RETENTION}. Not public API.
 */
public final class DecisionLog {

    /** How long decisions are kept. */
    public static final Duration RETENTION = Duration.ofDays(90);

    private DecisionLog() {
    }

    /** Appends {@code doc} (plus {@code at}) under {@code kind} (alarm, budget, ...). */
    public static void append(StateStore store, String environment, Instant now, String kind, ObjectNode doc) {
        doc.put("at", now.toString());
        String sk = Keys.EVENT_PREFIX + Keys.instant(now) + "#" + kind + "#" + UUID.randomUUID().toString().substring(0, 8);
        store.putIfAbsent(StoredItem.create(Keys.environment(environment), sk, Json.write(doc), Optional.of(now.plus(RETENTION))));
    }
}
