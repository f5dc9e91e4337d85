package dev.dayshift.core.config;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * One budget notification and what Dayshift does when it arrives, in AWS Budgets' own terms.
 *
 * @param threshold the threshold value, positive
 * @param thresholdType PERCENTAGE of the limit or ABSOLUTE_VALUE in the budget's unit
 * @param notificationType ACTUAL or FORECASTED spend
 * @param actions what to do; never empty
 */
public record BudgetAlert(
        BigDecimal threshold, ThresholdType thresholdType, NotificationType notificationType, Set<BudgetAction> actions) {

    /** As AWS Budgets names it. */
    public enum ThresholdType { PERCENTAGE, ABSOLUTE_VALUE }

    /** As AWS Budgets names it. */
    public enum NotificationType { ACTUAL, FORECASTED }

    public BudgetAlert {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(thresholdType, "thresholdType");
        Objects.requireNonNull(notificationType, "notificationType");
        actions = Set.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a budget alert needs at least one action");
        }
    }
}
