package dev.dayshift.core.budget;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the budget guard did with one notification (or one figure of the daily check).
 *
 * @param action the strongest action taken now: stop-runtime, then block-starts, then notify; ignored
 *     when nothing was done (unknown budget, no alert crossed, every action already taken this period)
 * @param taken every action taken now, strongest first (empty when ignored)
 * @param environment the budget's environment, when the configuration knows the budget
 * @param reason what was decided and why, with the figures; never blank
 * @param execution the lifecycle {@code down} execution's name, when the runtime is being stopped
 * @param figures the figures the decision was made on, when the budget is known
 */
public record BudgetDecision(
        Action action,
        List<Action> taken,
        Optional<String> environment,
        String reason,
        Optional<String> execution,
        Optional<BudgetFigures> figures) {

    /** Budget guard actions, strongest first. */
    public enum Action {
        STOP_RUNTIME("stop-runtime"),
        BLOCK_STARTS("block-starts"),
        NOTIFY("notify"),
        IGNORED("ignored");

        private final String id;

        Action(String id) {
            this.id = id;
        }

        /** The spelling used in logs, records and {@code dayshift events replay}. */
        public String id() {
            return id;
        }
    }

    public BudgetDecision {
        Objects.requireNonNull(action, "action");
        taken = List.copyOf(taken);
        Objects.requireNonNull(environment, "environment");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason");
        }
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(figures, "figures");
    }
}
