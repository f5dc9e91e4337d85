package dev.dayshift.core.records;

import dev.dayshift.core.records.internal.RecordJson;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment's pending approval ({@code env#<name>} / {@code approval}), expiring at its
 * deadline. There is at most one: the environment's lock admits one execution at a time.
 */
public final class ApprovalRepository {

    private final StateStore store;

    public ApprovalRepository(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Records that {@code approval.executionId()} waits for a person. */
    public void request(PendingApproval approval) {
        store.upsert(Keys.environment(approval.environment()), Keys.APPROVAL, RecordJson.write(approval.toJson()),
                Optional.of(approval.deadline()));
    }

    /**
     * Records that {@code approval.executionId()} waits for a person, unless another execution's
     * approval is already pending (the rollback machine, which runs beside the lifecycle lock, asks
     * this way so it never hides a lifecycle approval). A retry by the same execution replaces its own.
     *
     * @return true if recorded; false if another execution's approval is pending
     */
    public boolean requestIfFree(PendingApproval approval) {
        String pk = Keys.environment(approval.environment());
        String json = RecordJson.write(approval.toJson());
        while (true) {
            if (store.putIfAbsent(StoredItem.create(pk, Keys.APPROVAL, json, Optional.of(approval.deadline())))) {
                return true;
            }
            Optional<StoredItem> current = store.get(pk, Keys.APPROVAL);
            if (current.isEmpty()) {
                continue;
            }
            PendingApproval other = PendingApproval.fromJson(RecordJson.read(current.get().json(), "approval of "
                    + approval.environment()));
            if (!other.executionId().equals(approval.executionId())) {
                return false;
            }
            if (store.replace(current.get().next(json, Optional.of(approval.deadline())))) {
                return true;
            }
        }
    }

    /** The approval waiting, if any. */
    public Optional<PendingApproval> pending(String environment) {
        return store.get(Keys.environment(environment), Keys.APPROVAL)
                .map(i -> PendingApproval.fromJson(RecordJson.read(i.json(), "approval of " + environment)));
    }

    /**
     * Removes the pending approval if it belongs to {@code executionId}; a person answering it, or the
     * execution giving up, does this.
     *
     * @return the approval removed, if it was that execution's
     */
    public Optional<PendingApproval> resolve(String environment, String executionId) {
        String pk = Keys.environment(environment);
        Optional<StoredItem> current = store.get(pk, Keys.APPROVAL);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        PendingApproval a = PendingApproval.fromJson(RecordJson.read(current.get().json(), "approval of " + environment));
        if (!a.executionId().equals(executionId) || !store.deleteIfVersion(pk, Keys.APPROVAL, current.get().version())) {
            return Optional.empty();
        }
        return Optional.of(a);
    }
}
