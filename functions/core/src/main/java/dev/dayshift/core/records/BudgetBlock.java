package dev.dayshift.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.records.internal.RecordJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Scheduled starts of an environment are blocked until {@code until} because its budget was spent:
 * written by the budget guard, honoured by the schedule gate (a person can still start it by hand).
 *
 * @param environment the environment
 * @param since when the block was set
 * @param until when it lapses (the end of the budget period)
 * @param reason one line for people, e.g. "actual spend passed 100% of dayshift-dev"
 * @param figures the numbers behind it
 */
public record BudgetBlock(String environment, Instant since, Instant until, String reason, Figures figures) {

    /**
     * The budget's numbers when the block was set.
     *
     * @param budgetName the AWS Budgets budget
     * @param limit the budget limit
     * @param actual spend so far in the period, when known (a forecast alert may report only the forecast)
     * @param forecast forecast spend for the period, when known
     * @param unit currency, e.g. USD
     */
    public record Figures(String budgetName, BigDecimal limit, Optional<BigDecimal> actual, Optional<BigDecimal> forecast,
            String unit) {
        public Figures {
            Objects.requireNonNull(budgetName, "budgetName");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(actual, "actual");
            Objects.requireNonNull(forecast, "forecast");
            Objects.requireNonNull(unit, "unit");
        }
    }

    public BudgetBlock {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(figures, "figures");
        if (!since.isBefore(until)) {
            throw new IllegalArgumentException("a budget block's since must be before its until");
        }
    }

    /** Whether it blocks scheduled starts at {@code t}. */
    public boolean activeAt(Instant t) {
        return !t.isBefore(since) && t.isBefore(until);
    }

    ObjectNode toJson() {
        ObjectNode n = RecordJson.object();
        n.put("environment", environment);
        n.put("since", since.toString());
        n.put("until", until.toString());
        n.put("reason", reason);
        ObjectNode f = n.putObject("figures");
        f.put("budgetName", figures.budgetName());
        f.put("limit", figures.limit().toPlainString());
        figures.actual().ifPresent(v -> f.put("actual", v.toPlainString()));
        figures.forecast().ifPresent(v -> f.put("forecast", v.toPlainString()));
        f.put("unit", figures.unit());
        return n;
    }

    static BudgetBlock fromJson(JsonNode n) {
        String what = "budget block";
        JsonNode f = n.path("figures");
        Figures figures = new Figures(RecordJson.text(f, "budgetName", what), new BigDecimal(RecordJson.text(f, "limit", what)),
                RecordJson.optDecimal(f, "actual"), RecordJson.optDecimal(f, "forecast"),
                RecordJson.text(f, "unit", what));
        return new BudgetBlock(RecordJson.text(n, "environment", what), RecordJson.instant(n, "since", what),
                RecordJson.instant(n, "until", what), RecordJson.text(n, "reason", what), figures);
    }
}
