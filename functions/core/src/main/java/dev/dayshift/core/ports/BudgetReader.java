package dev.dayshift.core.ports;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a budget's spend so far and its forecast for the period. On AWS, the Budgets API
 * ({@code DescribeBudget}: {@code CalculatedSpend.ActualSpend} and {@code ForecastedSpend}); the
 * budget guard's daily check uses it so a missed notification cannot let spend run on.
 */
public interface BudgetReader {

    /**
     * The budget's current figures.
     *
     * @param account the AWS account that owns the budget
     * @param budgetName the budget's name
     * @return empty if the budget does not exist; throws a DayshiftException if it cannot be read
     */
    Optional<Spend> read(String account, String budgetName);

    /**
     * A budget's figures as the Budgets API reports them.
     *
     * @param limit the budget limit
     * @param actual spend so far in the period
     * @param forecast forecast spend for the whole period, when Budgets has one (new accounts have none)
     * @param unit the currency ({@code USD})
     * @param timeUnit DAILY, MONTHLY, QUARTERLY or ANNUALLY
     */
    record Spend(BigDecimal limit, BigDecimal actual, Optional<BigDecimal> forecast, String unit, String timeUnit) {
        public Spend {
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(actual, "actual");
            Objects.requireNonNull(forecast, "forecast");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(timeUnit, "timeUnit");
        }
    }
}
