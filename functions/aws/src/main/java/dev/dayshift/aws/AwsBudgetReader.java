package dev.dayshift.aws;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.BudgetReader;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.budgets.model.Budget;
import software.amazon.awssdk.services.budgets.model.NotFoundException;

/**
 * {@link BudgetReader} on the Budgets API (DescribeBudget): the limit, {@code CalculatedSpend.ActualSpend}
 * and, when Budgets has one, {@code CalculatedSpend.ForecastedSpend}.
 */
public final class AwsBudgetReader implements BudgetReader {

    private final BudgetsClient budgets;

    public AwsBudgetReader(BudgetsClient budgets) {
        this.budgets = Objects.requireNonNull(budgets, "budgets");
    }

    @Override
    public Optional<BudgetReader.Spend> read(String account, String budgetName) {
        Budget b;
        try {
            b = budgets.describeBudget(r -> r.accountId(account).budgetName(budgetName)).budget();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot read budget '" + budgetName + "' of account "
                    + account + ": " + e.getMessage(), e);
        }
        if (b == null || b.budgetLimit() == null) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "budget '" + budgetName + "' has no limit (is it a"
                    + " cost budget with a fixed amount?)");
        }
        Optional<software.amazon.awssdk.services.budgets.model.Spend> actual = Optional.ofNullable(b.calculatedSpend()).map(c -> c.actualSpend());
        Optional<software.amazon.awssdk.services.budgets.model.Spend> forecast = Optional.ofNullable(b.calculatedSpend()).map(c -> c.forecastedSpend());
        return Optional.of(new BudgetReader.Spend(amount(b.budgetLimit()),
                actual.map(AwsBudgetReader::amount).orElse(BigDecimal.ZERO),
                forecast.map(AwsBudgetReader::amount),
                b.budgetLimit().unit() == null ? "USD" : b.budgetLimit().unit(),
                b.timeUnitAsString() == null ? "MONTHLY" : b.timeUnitAsString()));
    }

    private static BigDecimal amount(software.amazon.awssdk.services.budgets.model.Spend s) {
        if (s.amount() == null) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "Budgets returned a spend without an amount");
        }
        return s.amount();
    }
}
