package dev.dayshift.core.records;

import dev.dayshift.core.records.internal.RecordJson;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Overrides set at run time ({@code env#<name>} / {@code override#<setAt>}). Each expires at its
 * {@code until}; a newer override wins over an older one while both are active.
 */
public final class OverrideRepository {

    private final StateStore store;

    public OverrideRepository(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Stores {@code o}; it stops existing at its {@code until}. */
    public void set(RuntimeOverride o) {
        store.upsert(Keys.environment(o.environment()), Keys.OVERRIDE_PREFIX + Keys.instant(o.setAt()),
                RecordJson.write(o.toJson()), Optional.of(o.override().until()));
    }

    /** Every override not yet expired (active now or later), oldest set first. */
    public List<RuntimeOverride> all(String environment) {
        return store.query(Keys.environment(environment), Keys.OVERRIDE_PREFIX).stream()
                .map(StoredItem::json)
                .map(j -> RuntimeOverride.fromJson(RecordJson.read(j, "override of " + environment)))
                .sorted(Comparator.comparing(RuntimeOverride::setAt))
                .toList();
    }

    /** The override that decides at {@code t}: the most recently set of those active then. */
    public Optional<RuntimeOverride> activeAt(String environment, Instant t) {
        return all(environment).stream().filter(o -> o.override().activeAt(t)).reduce((a, b) -> b);
    }

    /**
     * Removes every run-time override of the environment.
     *
     * @return how many were removed
     */
    public int clear(String environment) {
        int n = 0;
        for (StoredItem i : store.query(Keys.environment(environment), Keys.OVERRIDE_PREFIX)) {
            if (store.deleteIfVersion(i.pk(), i.sk(), i.version())) {
                n++;
            }
        }
        return n;
    }
}
