package dev.dayshift.core.records;

import dev.dayshift.core.records.internal.RecordJson;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedule gate's decisions ({@code env#<name>} / {@code decision#<scheduledAt>#<up|down>}), kept
 * {@value Keys#DECISION_DAYS} days. The first decision for an event is the one that stands: a
 * duplicate delivery of the same event finds it and does nothing more.
 */
public final class DecisionRepository {

    private final StateStore store;

    public DecisionRepository(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    private static String sk(GateDecision d) {
        return Keys.DECISION_PREFIX + Keys.instant(d.scheduledAt()) + "#" + d.desired().id();
    }

    /**
     * Records {@code decision} unless one exists for the same event.
     *
     * @return empty if recorded; the existing decision otherwise
     */
    public Optional<GateDecision> recordFirst(GateDecision decision) {
        String pk = Keys.environment(decision.environment());
        StoredItem item = StoredItem.create(pk, sk(decision), RecordJson.write(decision.toJson()),
                Optional.of(decision.decidedAt().plus(Duration.ofDays(Keys.DECISION_DAYS))));
        if (store.putIfAbsent(item)) {
            return Optional.empty();
        }
        return store.get(pk, sk(decision)).map(i -> GateDecision.fromJson(RecordJson.read(i.json(), "decision")));
    }

    /** Every kept decision of the environment, oldest event first. */
    public List<GateDecision> all(String environment) {
        return store.query(Keys.environment(environment), Keys.DECISION_PREFIX).stream()
                .map(StoredItem::json)
                .map(j -> GateDecision.fromJson(RecordJson.read(j, "decision of " + environment)))
                .toList();
    }
}
