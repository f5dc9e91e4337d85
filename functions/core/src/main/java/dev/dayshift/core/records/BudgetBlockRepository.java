package dev.dayshift.core.records;

import dev.dayshift.core.records.internal.RecordJson;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment's budget block ({@code env#<name>} / {@code budget-block}), expiring at its
 * {@code until}. One per environment: blocking again keeps whichever block lasts longer.
 */
public final class BudgetBlockRepository {

    private final StateStore store;

    public BudgetBlockRepository(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Blocks scheduled starts. If a block already exists that lasts at least as long, it is kept.
     *
     * @return the block in force afterwards
     */
    public BudgetBlock block(BudgetBlock block) {
        String pk = Keys.environment(block.environment());
        while (true) {
            Optional<StoredItem> current = store.get(pk, Keys.BUDGET_BLOCK);
            String json = RecordJson.write(block.toJson());
            if (current.isEmpty()) {
                if (store.putIfAbsent(StoredItem.create(pk, Keys.BUDGET_BLOCK, json, Optional.of(block.until())))) {
                    return block;
                }
                continue;
            }
            BudgetBlock existing = BudgetBlock.fromJson(RecordJson.read(current.get().json(), "budget block of " + block.environment()));
            if (!existing.until().isBefore(block.until())) {
                return existing;
            }
            if (store.replace(current.get().next(json, Optional.of(block.until())))) {
                return block;
            }
        }
    }

    /** The block in force at {@code t}, if any. */
    public Optional<BudgetBlock> activeAt(String environment, Instant t) {
        return current(environment).filter(b -> b.activeAt(t));
    }

    /** The stored block (active or not yet started), if any. */
    public Optional<BudgetBlock> current(String environment) {
        return store.get(Keys.environment(environment), Keys.BUDGET_BLOCK)
                .map(i -> BudgetBlock.fromJson(RecordJson.read(i.json(), "budget block of " + environment)));
    }

    /**
     * Lifts the block early.
     *
     * @return whether there was one
     */
    public boolean lift(String environment) {
        String pk = Keys.environment(environment);
        while (true) {
            Optional<StoredItem> current = store.get(pk, Keys.BUDGET_BLOCK);
            if (current.isEmpty()) {
                return false;
            }
            if (store.deleteIfVersion(pk, Keys.BUDGET_BLOCK, current.get().version())) {
                return true;
            }
        }
    }
}
