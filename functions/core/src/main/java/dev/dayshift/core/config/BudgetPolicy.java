package dev.dayshift.core.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The environment's AWS budget and what to do as spend approaches it.
 *
 * @param name the AWS Budgets budget name (default {@code dayshift-<environment>}); notifications are
 *     matched to the environment by it
 * @param limit the budget limit, positive
 * @param unit the currency (default USD)
 * @param period the budget's time unit, which is also how long {@code block-starts} lasts
 * @param alerts the notifications, in configuration order
 */
public record BudgetPolicy(String name, BigDecimal limit, String unit, Period period, List<BudgetAlert> alerts) {

    /** AWS Budgets' time units. */
    public enum Period { DAILY, MONTHLY, QUARTERLY, ANNUALLY }

    public BudgetPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(period, "period");
        alerts = List.copyOf(alerts);
    }
}
