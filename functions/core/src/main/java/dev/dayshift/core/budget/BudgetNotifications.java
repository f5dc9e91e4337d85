package dev.dayshift.core.budget;

import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.internal.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the notifications AWS Budgets publishes to SNS. Budgets sends plain text, not JSON: a header
 * ({@code AWS Budget Notification <date>}), a sentence naming the alert, and {@code Key: value}
 * lines ({@code Budget Name}, {@code Budget Type}, {@code Budgeted Amount}, {@code Alert Type},
 * {@code Alert Threshold}, {@code ACTUAL Amount} or {@code FORECASTED Amount}). The subject is
 * {@code AWS Budgets: <name> has exceeded your alert threshold}. Lines may end in CRLF; amounts may
 * carry thousands separators and a currency symbol or code.
 *
 * <p>Never throws for bad input: a message that is not a Budgets notification, or one missing what a
 * decision needs, is rejected with the reason.
 */
public final class BudgetNotifications {

    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*AWS Budget Notification\\b\\s*(.*)$");
    private static final Pattern ACCOUNT = Pattern.compile("(?m)^\\s*AWS Account\\s+(\\d{12})\\s*$");
    private static final Pattern KEY_VALUE = Pattern.compile("(?m)^\\s*([A-Za-z][A-Za-z ]{2,40}?)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern SENTENCE = Pattern.compile(
            "when the (ACTUAL|FORECASTED) (?:Cost|Usage|cost|usage) associated with your (.+?) budget "
                    + "(?:is greater than|is less than|is equal to|exceeds|exceeded|has exceeded) (\\S+(?-i: ?[A-Z]{3}\\b)?)"
                    + "(?:\\s*\\(([0-9.]+)% of your budget\\))?\\s*(per day|for the current month|for the current quarter"
                    + "|for the current year)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SUBJECT = Pattern.compile(
            "^\\s*AWS Budgets:\\s*(.+?)\\s+(?:has exceeded|is forecasted to exceed|is forecast to exceed|exceeded)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MONEY = Pattern.compile(
            "^(?:([A-Z]{3})\\s*)?([$€£¥₹]|US\\$|A\\$|C\\$)?\\s*(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*(%|[A-Z]{3})?$");
    /** An amount that starts a longer text: {@code $80.00 (80.0% of budgeted amount)}. */
    private static final Pattern FIRST_MONEY = Pattern.compile(
            "(?:[A-Z]{3}\\s*)?(?:[$€£¥₹]|US\\$|A\\$|C\\$)?\\s*-?[0-9][0-9,]*(?:\\.[0-9]+)?\\s*(?:%|[A-Z]{3}\\b)?");
    private static final DateTimeFormatter HEADER_DATE = DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH);

    private BudgetNotifications() {
    }

    /** Whether an SNS message looks like an AWS Budgets notification (by its header or subject). */
    public static boolean looksLikeBudget(Optional<String> subject, String message) {
        return message != null && (HEADER.matcher(message).find()
                || message.contains("Budget Name:")
                || subject.map(s -> SUBJECT.matcher(s).find()).orElse(false));
    }

    /**
     * Parses a Budgets notification.
     *
     * @param subject the SNS subject, if any
     * @param message the SNS message
     * @param sentAt the SNS timestamp, if known (else the header's date is used)
     */
    public static Parsed<BudgetNotification> parse(Optional<String> subject, String message, Optional<Instant> sentAt) {
        if (message == null || message.isBlank()) {
            return Parsed.rejected("the AWS Budgets notification is empty");
        }
        if (!looksLikeBudget(subject, message)) {
            return Parsed.rejected("the message is not an AWS Budgets notification (no 'AWS Budget Notification' header,"
                    + " no 'Budget Name:' line, no 'AWS Budgets:' subject)");
        }
        String text = message.replace("\r\n", "\n").replace('\r', '\n');
        List<String[]> fields = new ArrayList<>();
        Matcher kv = KEY_VALUE.matcher(text);
        while (kv.find()) {
            fields.add(new String[] {kv.group(1).strip().toLowerCase(Locale.ROOT), kv.group(2)});
        }
        Matcher sentence = SENTENCE.matcher(text.replace('\n', ' '));
        boolean hasSentence = sentence.find();

        Optional<String> name = field(fields, "budget name")
                .or(() -> hasSentence ? Optional.of(sentence.group(2).strip()) : Optional.empty())
                .or(() -> subject.flatMap(s -> {
                    Matcher m = SUBJECT.matcher(s);
                    return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
                }));
        if (name.isEmpty()) {
            return Parsed.rejected("AWS Budgets notification without a budget name ('Budget Name:' line)");
        }
        String where = "budget '" + Json.clip(name.get(), 100) + "'";

        Optional<String> budgetType = field(fields, "budget type");
        if (budgetType.isPresent() && !budgetType.get().equalsIgnoreCase("cost")) {
            return Parsed.rejected(where + ": Budget Type '" + Json.clip(budgetType.get(), 40)
                    + "' is not a cost budget; the budget guard acts on cost budgets only");
        }

        Optional<String> alertType = field(fields, "alert type")
                .or(() -> hasSentence ? Optional.of(sentence.group(1)) : Optional.empty());
        if (alertType.isEmpty()) {
            return Parsed.rejected(where + ": no 'Alert Type:' line saying ACTUAL or FORECASTED");
        }
        BudgetAlert.NotificationType type;
        try {
            type = BudgetAlert.NotificationType.valueOf(alertType.get().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Parsed.rejected(where + ": Alert Type '" + Json.clip(alertType.get(), 40)
                    + "' is not ACTUAL or FORECASTED");
        }

        String[] currency = {null};
        Optional<BudgetNotification.Threshold> threshold;
        Optional<String> thresholdText = field(fields, "alert threshold");
        if (thresholdText.isPresent()) {
            String t = thresholdText.get().replaceFirst("^(?:>=|>|=|<|≥)\\s*", "");
            Optional<Money> m = money(t);
            if (m.isEmpty()) {
                return Parsed.rejected(where + ": Alert Threshold '" + Json.clip(thresholdText.get(), 40)
                        + "' is not an amount or a percentage");
            }
            threshold = Optional.of(new BudgetNotification.Threshold(m.get().value(), m.get().percent()));
            m.get().currency().ifPresent(c -> currency[0] = c);
        } else if (hasSentence && sentence.group(4) != null) {
            threshold = Optional.of(new BudgetNotification.Threshold(new BigDecimal(sentence.group(4)), true));
        } else if (hasSentence) {
            threshold = money(sentence.group(3).replaceAll("[.,]$", ""))
                    .map(m -> new BudgetNotification.Threshold(m.value(), m.percent()));
        } else {
            threshold = Optional.empty();
        }

        Optional<BigDecimal> amount = Optional.empty();
        Optional<String> amountText = field(fields, type.name().toLowerCase(Locale.ROOT) + " amount");
        if (amountText.isPresent()) {
            Optional<Money> m = money(amountText.get());
            if (m.isEmpty() || m.get().percent()) {
                return Parsed.rejected(where + ": " + type + " Amount '" + Json.clip(amountText.get(), 40)
                        + "' is not an amount");
            }
            amount = Optional.of(m.get().value());
            m.get().currency().ifPresent(c -> currency[0] = c);
        }
        if (threshold.isEmpty() && amount.isEmpty()) {
            return Parsed.rejected(where + ": neither an 'Alert Threshold:' nor an '" + type
                    + " Amount:' line, so there is nothing to compare with the policy");
        }

        Optional<BigDecimal> budgeted = Optional.empty();
        Optional<String> budgetedText = field(fields, "budgeted amount");
        if (budgetedText.isPresent()) {
            Optional<Money> m = money(budgetedText.get());
            if (m.isEmpty() || m.get().percent()) {
                return Parsed.rejected(where + ": Budgeted Amount '" + Json.clip(budgetedText.get(), 40)
                        + "' is not an amount");
            }
            budgeted = Optional.of(m.get().value());
        }

        Optional<BudgetNotification.PeriodHint> period = Optional.empty();
        if (hasSentence && sentence.group(5) != null) {
            String p = sentence.group(5).toLowerCase(Locale.ROOT);
            period = Optional.of(p.contains("day") ? BudgetNotification.PeriodHint.DAY
                    : p.contains("month") ? BudgetNotification.PeriodHint.MONTH
                    : p.contains("quarter") ? BudgetNotification.PeriodHint.QUARTER
                    : BudgetNotification.PeriodHint.YEAR);
        }
        Matcher acct = ACCOUNT.matcher(text);
        Optional<String> account = acct.find() ? Optional.of(acct.group(1)) : Optional.empty();
        Optional<Instant> when = sentAt.or(() -> headerDate(text));
        return Parsed.ok(new BudgetNotification(name.get().strip(), account, type, threshold, amount, budgeted,
                currency[0] == null ? "$" : currency[0], period, when));
    }

    private static Optional<String> field(List<String[]> fields, String key) {
        for (String[] f : fields) {
            if (f[0].equals(key) && !f[1].isBlank()) {
                return Optional.of(f[1].strip());
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> headerDate(String text) {
        Matcher h = HEADER.matcher(text);
        if (!h.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(h.group(1).strip(), HEADER_DATE).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An amount as Budgets prints it. */
    record Money(BigDecimal value, boolean percent, Optional<String> currency) {
    }

    /** {@code $1,234.56}, {@code 1234.56 USD}, {@code EUR 12}, {@code 80%}, {@code 80.00 %}. */
    static Optional<Money> money(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher whole = MONEY.matcher(text.strip());
        Matcher m = whole;
        if (!whole.matches()) {
            Matcher first = FIRST_MONEY.matcher(text.strip());
            if (!first.lookingAt() || first.group().isBlank()) {
                return Optional.empty();
            }
            Matcher part = MONEY.matcher(first.group().strip());
            if (!part.matches()) {
                return Optional.empty();
            }
            m = part;
        }
        Matcher found = m;
        String digits = found.group(3).replace(",", "");
        if (digits.length() > 30) {
            return Optional.empty();
        }
        BigDecimal v = new BigDecimal(digits);
        boolean percent = "%".equals(found.group(4));
        Optional<String> currency = Optional.ofNullable(found.group(2))
                .or(() -> Optional.ofNullable(found.group(1)))
                .or(() -> percent ? Optional.empty() : Optional.ofNullable(found.group(4)));
        return Optional.of(new Money(v, percent, currency));
    }
}
