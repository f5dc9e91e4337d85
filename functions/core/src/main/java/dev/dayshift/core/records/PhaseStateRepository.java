package dev.dayshift.core.records;

import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.records.internal.RecordJson;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The recorded state of each phase ({@code state#<phase>}) and the history of every outcome
 * ({@code history#<at>#<executionId>}), see {@link Keys}.
 */
public final class PhaseStateRepository {

    private final StateStore store;

    public PhaseStateRepository(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The phase's last recorded state; empty when nothing was ever recorded. */
    public Optional<PhaseState> current(String environment, PhaseName phase) {
        return store.get(Keys.environment(environment), Keys.STATE_PREFIX + phase.id())
                .map(i -> PhaseState.fromJson(RecordJson.read(i.json(), "state of " + environment + "/" + phase.id())));
    }

    /** Records {@code state} as the phase's current state and appends it to the history. */
    public void record(PhaseState state) {
        String json = RecordJson.write(state.toJson());
        String pk = Keys.environment(state.environment());
        store.upsert(pk, Keys.STATE_PREFIX + state.phase().id(), json, Optional.empty());
        appendHistory(state);
    }

    /** Appends {@code state} to the history without changing the current state (a plan, a refusal). */
    public void appendHistory(PhaseState state) {
        Instant expires = state.at().plus(Duration.ofDays(Keys.HISTORY_DAYS));
        store.upsert(Keys.environment(state.environment()),
                Keys.HISTORY_PREFIX + Keys.instant(state.at()) + "#" + state.executionId(),
                RecordJson.write(state.toJson()), Optional.of(expires));
    }

    /** Every history entry of the environment, oldest first. */
    public List<PhaseState> history(String environment) {
        return store.query(Keys.environment(environment), Keys.HISTORY_PREFIX).stream()
                .map(StoredItem::json)
                .map(j -> PhaseState.fromJson(RecordJson.read(j, "history of " + environment)))
                .toList();
    }
}
