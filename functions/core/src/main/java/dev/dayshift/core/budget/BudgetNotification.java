package dev.dayshift.core.budget;

import dev.dayshift.core.config.BudgetAlert;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An AWS Budgets notification, as read from the plain-text message Budgets publishes to SNS:
 *
 * <pre>
 * AWS Budget Notification October 28, 2019
 * AWS Account 123456789012
 *
 * Dear AWS Customer,
 *
 * You requested that we alert you when the ACTUAL Cost associated with your dev budget is greater
 * than $320.00 for the current month. The ACTUAL Cost associated with this budget is $412.37. ...
 *
 * Budget Name: dev
 * Budget Type: Cost
 * Budgeted Amount: $400.00
 * Alert Type: ACTUAL
 * Alert Threshold: &gt; $320.00
 * ACTUAL Amount: $412.37
 * </pre>
 *
 * @param budgetName the budget's name; never blank
 * @param accountId the account, when the message names it
 * @param type ACTUAL or FORECASTED spend
 * @param threshold the alert threshold as Budgets printed it: an amount (Budgets converts percentage
 *     thresholds to amounts), or a percentage when printed with '%'
 * @param amount the actual or forecasted spend the message reports, if it does
 * @param budgeted the budget's limit as the message reports it, if it does
 * @param currency the currency symbol or code seen on the amounts ({@code $} when none)
 * @param period the budget period phrase, when the message has one (per day, current month, ...)
 * @param sentAt when the notification was sent (SNS timestamp, else the date line), if known
 */
public record BudgetNotification(
        String budgetName,
        Optional<String> accountId,
        BudgetAlert.NotificationType type,
        Optional<Threshold> threshold,
        Optional<BigDecimal> amount,
        Optional<BigDecimal> budgeted,
        String currency,
        Optional<PeriodHint> period,
        Optional<Instant> sentAt) {

    /** The threshold a notification reports: an absolute amount or a percentage of the budget. */
    public record Threshold(BigDecimal value, boolean percentage) {
        public Threshold {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return percentage ? value.toPlainString() + "%" : value.toPlainString();
        }
    }

    /** The period the message's wording names. */
    public enum PeriodHint { DAY, MONTH, QUARTER, YEAR }

    public BudgetNotification {
        if (budgetName == null || budgetName.isBlank()) {
            throw new IllegalArgumentException("budgetName must not be blank");
        }
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(budgeted, "budgeted");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(sentAt, "sentAt");
        if (threshold.isEmpty() && amount.isEmpty()) {
            throw new IllegalArgumentException("a budget notification reports a threshold or an amount");
        }
    }
}
