package dev.dayshift.core.rollback;

import java.util.Objects;
import java.util.Optional;

/**
 * What the rollback trigger did with one alarm notification.
 *
 * @param action whether a rollback started
 * @param environment the alarm's environment, when the configuration knows the alarm
 * @param target the rollback target's name, when known
 * @param reason one or two sentences for the log and the replay; never blank
 * @param execution the rollback execution's name, when one started or already existed for the episode
 * @param episode the alarm episode's id ({@code <alarm>@<instant it entered ALARM>}), for ALARM notifications
 */
public record RollbackDecision(
        Action action,
        Optional<String> environment,
        Optional<String> target,
        String reason,
        Optional<String> execution,
        Optional<String> episode) {

    /** The two outcomes. */
    public enum Action {
        /** A new rollback execution was started for this episode. */
        START_ROLLBACK("start-rollback"),
        /** Recorded and nothing started: not an ALARM transition, unknown alarm, duplicate, cooldown, stale. */
        IGNORED("ignored");

        private final String id;

        Action(String id) {
            this.id = id;
        }

        /** The spelling used in logs and {@code dayshift events replay}. */
        public String id() {
            return id;
        }
    }

    public RollbackDecision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(target, "target");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason");
        }
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(episode, "episode");
    }
}
