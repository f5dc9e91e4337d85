package dev.dayshift.core.config;

import java.util.Locale;

/** What the budget guard does when a budget alert fires. */
public enum BudgetAction {
    /** Publish to the environment's notifications. */
    NOTIFY,
    /** Run the lifecycle's {@code down} now. Never for a protected environment. */
    STOP_RUNTIME,
    /** Refuse scheduled starts until the budget period ends or someone overrides. */
    BLOCK_STARTS;

    /** The configuration spelling: notify, stop-runtime, block-starts. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
