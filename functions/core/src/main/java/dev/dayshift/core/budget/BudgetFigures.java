package dev.dayshift.core.budget;

import dev.dayshift.core.config.BudgetAlert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The figures a budget decision was made on, recorded with it.
 *
 * @param budgetName the AWS budget
 * @param type actual or forecasted spend
 * @param amount the spend reported (actual, or forecast for the period), if reported
 * @param threshold the threshold the notification reported, as an amount, if reported
 * @param limit the budget's limit (the notification's Budgeted Amount, else the configured limit)
 * @param currency the currency, as Budgets printed it ({@code $}) or the configured unit
 * @param source {@code sns} for a Budgets notification, {@code daily-check} for the scheduled check
 * @param reportedAt when the figures were reported, if known
 */
public record BudgetFigures(
        String budgetName,
        BudgetAlert.NotificationType type,
        Optional<BigDecimal> amount,
        Optional<BigDecimal> threshold,
        BigDecimal limit,
        String currency,
        String source,
        Optional<Instant> reportedAt) {

    public BudgetFigures {
        Objects.requireNonNull(budgetName, "budgetName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reportedAt, "reportedAt");
    }

    /** The strongest evidence of spend: the reported amount, else the threshold it exceeded. */
    public BigDecimal evidence() {
        return amount.map(a -> threshold.map(a::max).orElse(a)).orElseGet(() -> threshold.orElseThrow());
    }

    /** {@code $412.37} or {@code 412.37 EUR}. */
    public String money(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        String n = s.setScale(Math.max(2, Math.min(s.scale(), 4)), java.math.RoundingMode.HALF_UP).toPlainString();
        return currency.length() == 3 ? n + " " + currency : currency + n;
    }

    /** One line: {@code ACTUAL $412.37 of $400.00 (budget dev)}. */
    public String summary() {
        String what = amount.map(a -> type + " " + money(a)).orElseGet(() -> type + " over " + money(threshold.orElseThrow()));
        return what + " of " + money(limit) + " (budget '" + budgetName + "')";
    }
}
