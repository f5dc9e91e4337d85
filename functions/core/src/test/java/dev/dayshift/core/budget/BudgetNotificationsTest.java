package dev.dayshift.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.testutils.EventSamples;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetNotificationsTest {

    static final Optional<String> SUBJECT = Optional.of("AWS Budgets: dayshift-dev has exceeded your alert threshold");

    static BudgetNotification ok(Parsed<BudgetNotification> p) {
        assertThat(p).isInstanceOf(Parsed.Ok.class);
        return ((Parsed.Ok<BudgetNotification>) p).value();
    }

    static String rejected(Parsed<BudgetNotification> p) {
        assertThat(p).isInstanceOf(Parsed.Rejected.class);
        return ((Parsed.Rejected<BudgetNotification>) p).reason();
    }

    @Nested
    class MessagesAsBudgetsSendsThem {

        @Test
        void anActualCostNotificationIsReadWithItsFigures() {
            BudgetNotification n = ok(BudgetNotifications.parse(SUBJECT,
                    EventSamples.budget("dayshift-dev", "ACTUAL", "$400.00", "$400.00", "$412.37"),
                    Optional.of(Instant.parse("2026-03-09T15:56:27.357Z"))));
            assertThat(n.budgetName()).isEqualTo("dayshift-dev");
            assertThat(n.accountId()).contains("111111111111");
            assertThat(n.type()).isEqualTo(BudgetAlert.NotificationType.ACTUAL);
            assertThat(n.threshold()).contains(new BudgetNotification.Threshold(new BigDecimal("400.00"), false));
            assertThat(n.amount()).contains(new BigDecimal("412.37"));
            assertThat(n.budgeted()).contains(new BigDecimal("400.00"));
            assertThat(n.currency()).isEqualTo("$");
            assertThat(n.period()).contains(BudgetNotification.PeriodHint.MONTH);
            assertThat(n.sentAt()).contains(Instant.parse("2026-03-09T15:56:27.357Z"));
        }

        @Test
        void aForecastedNotificationIsReadAsForecasted() {
            BudgetNotification n = ok(BudgetNotifications.parse(Optional.empty(),
                    EventSamples.budget("dayshift-dev", "FORECASTED", "$400.00", "$320.00", "$455.10"), Optional.empty()));
            assertThat(n.type()).isEqualTo(BudgetAlert.NotificationType.FORECASTED);
            assertThat(n.amount()).contains(new BigDecimal("455.10"));
            assertThat(n.sentAt()).as("the header's date").contains(Instant.parse("2026-03-09T00:00:00Z"));
        }

        @Test
        void aDailyBudgetWithANameHoldingSpacesAndCrlfLineEnds() {
            String m = """
                    AWS Budget Notification March 04, 2023\r
                    AWS Account 265627204426\r
                    \r
                    Dear AWS Customer,\r
                    \r
                    You requested that we alert you when the ACTUAL Cost associated with your My Zero Spend budget is greater than $0.00 per day. Yesterday, the ACTUAL Cost associated with this budget is $2.15. You can find additional details below and by accessing the AWS Budgets dashboard [1].\r
                    \r
                    Budget Name: My Zero Spend\r
                    Budget Type: Cost\r
                    Budgeted Amount: $70.00\r
                    Alert Type: ACTUAL\r
                    Alert Threshold: > $0.00\r
                    ACTUAL Amount: $2.15\r
                    \r
                    [1] https://console.aws.amazon.com/billing/home#/budgets\r
                    """;
            BudgetNotification n = ok(BudgetNotifications.parse(Optional.empty(), m, Optional.empty()));
            assertThat(n.budgetName()).isEqualTo("My Zero Spend");
            assertThat(n.period()).contains(BudgetNotification.PeriodHint.DAY);
            assertThat(n.amount()).contains(new BigDecimal("2.15"));
            assertThat(n.accountId()).contains("265627204426");
        }

        @Test
        void onlyTheSentenceIsEnoughWhenTheKeyLinesAreMissing() {
            String m = "AWS Budget Notification January 12, 2026\nAWS Account 123456789012\n\nDear AWS Customer,\n\n"
                    + "You requested that we alert you when the FORECASTED Cost associated with your team-a budget is "
                    + "greater than $1,600.00 (80.0% of your budget) for the current quarter.";
            BudgetNotification n = ok(BudgetNotifications.parse(Optional.empty(), m, Optional.empty()));
            assertThat(n.budgetName()).isEqualTo("team-a");
            assertThat(n.type()).isEqualTo(BudgetAlert.NotificationType.FORECASTED);
            assertThat(n.threshold()).contains(new BudgetNotification.Threshold(new BigDecimal("80.0"), true));
            assertThat(n.period()).contains(BudgetNotification.PeriodHint.QUARTER);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "$1,234.56       | 1234.56 | false | $",
            "1234.56 USD     | 1234.56 | false | USD",
            "EUR 12          | 12      | false | EUR",
            "€99.5           | 99.5    | false | €",
            "80%             | 80      | true  | ",
            "80.00 %         | 80.00   | true  | ",
            "$80.00 (80.0% of budgeted amount) | 80.00 | false | $",
            "$1,500 USD (15% over) | 1500 | false | $",
        })
        void amountsInEveryPrintedForm(String text, String value, boolean percent, String currency) {
            BudgetNotifications.Money m = BudgetNotifications.money(text).orElseThrow();
            assertThat(m.value()).isEqualByComparingTo(value);
            assertThat(m.percent()).isEqualTo(percent);
            assertThat(m.currency()).isEqualTo(Optional.ofNullable(currency));
        }
    }

    @Nested
    class BadNotificationsAreRejectedWithAReason {

        @Test
        void anEmptyMessage() {
            assertThat(rejected(BudgetNotifications.parse(Optional.empty(), "", Optional.empty()))).contains("empty");
        }

        @Test
        void somethingThatIsNotABudgetsNotification() {
            assertThat(rejected(BudgetNotifications.parse(Optional.of("Hello"), "{\"hello\":1}", Optional.empty())))
                    .contains("not an AWS Budgets notification");
        }

        @Test
        void aUsageBudget() {
            String m = EventSamples.budget("usage", "ACTUAL", "$1.00", "$1.00", "$2.00").replace("Budget Type: Cost",
                    "Budget Type: Usage");
            assertThat(rejected(BudgetNotifications.parse(Optional.empty(), m, Optional.empty())))
                    .contains("Budget Type 'Usage' is not a cost budget");
        }

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
            "Budget Name: x\\nAlert Type: SOMETIMES\\nAlert Threshold: > $1.00 | Alert Type 'SOMETIMES' is not ACTUAL or FORECASTED",
            "Budget Name: x\\nAlert Threshold: > $1.00 | no 'Alert Type:' line",
            "Budget Name: x\\nAlert Type: ACTUAL | neither an 'Alert Threshold:' nor an 'ACTUAL Amount:' line",
            "Budget Name: x\\nAlert Type: ACTUAL\\nAlert Threshold: > lots | Alert Threshold '> lots' is not an amount",
            "Budget Name: x\\nAlert Type: ACTUAL\\nAlert Threshold: > about 12 or so | Alert Threshold '> about 12 or so' is not an amount",
            "Budget Name: x\\nAlert Type: ACTUAL\\nACTUAL Amount: 12% | ACTUAL Amount '12%' is not an amount",
            "Budget Name: x\\nAlert Type: ACTUAL\\nACTUAL Amount: $3\\nBudgeted Amount: many | Budgeted Amount 'many' is not an amount",
            "AWS Budget Notification May 1, 2026\\nAlert Type: ACTUAL | without a budget name",
        })
        void eachMissingOrBrokenLineIsNamed(String message, String expected) {
            assertThat(rejected(BudgetNotifications.parse(Optional.empty(), message.replace("\\n", "\n"), Optional.empty())))
                    .contains(expected);
        }
    }
}
