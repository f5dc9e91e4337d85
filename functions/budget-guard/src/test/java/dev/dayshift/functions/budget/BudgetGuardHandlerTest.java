package dev.dayshift.functions.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.core.budget.BudgetGuard;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.ports.BudgetReader;
import dev.dayshift.core.records.BudgetBlockRepository;
import dev.dayshift.core.state.InMemoryStateStore;
import dev.dayshift.core.testutils.ManualClock;
import dev.dayshift.core.testutils.RecordingExecutionStarter;
import dev.dayshift.core.testutils.RecordingNotifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The budget guard Lambdas on events deserialised the way the Lambda runtime does (aws-lambda-java-tests). */
class BudgetGuardHandlerTest {

    static final Path EVENTS = Path.of("../../docs/events").toAbsolutePath().normalize();
    static final DayshiftConfig EXAMPLE = ConfigLoader.load(Path.of("../../docs/examples/dayshift.example.yaml"));
    static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock("2026-03-21T16:00:00Z");
    final InMemoryStateStore store = new InMemoryStateStore(clock);
    final RecordingExecutionStarter starter = new RecordingExecutionStarter();
    final RecordingNotifier notifier = new RecordingNotifier();
    final BudgetGuard guard = new BudgetGuard(EXAMPLE, store, starter, notifier, clock);
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    final BudgetGuardHandler handler = new BudgetGuardHandler(guard, log);

    static SNSEvent load(String file) {
        return EventLoader.loadSNSEvent(EVENTS.resolve(file).toString());
    }

    JsonNode one(String file) throws Exception {
        List<String> lines = handler.handleRequest(load(file), null);
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    @Nested
    class SampleEvents {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "budgets-actual-dev.json,          stop-runtime, dev",
            "budgets-forecasted-dev.json,      notify,       dev",
            "budgets-actual-staging.json,      block-starts, staging",
            "budgets-forecasted-prod.json,     notify,       prod",
            "budgets-unknown-budget.json,      ignored,      ",
            "malformed-budget-garbled.json,    rejected,     ",
            "cloudwatch-alarm-metric-alarm.json, rejected,   ",
        })
        void eachSampleGetsItsAction(String file, String action, String environment) throws Exception {
            JsonNode out = one(file);
            assertThat(out.path("source").asText()).isEqualTo("aws.budgets");
            assertThat(out.path("action").asText()).as(out.toString()).isEqualTo(action);
            assertThat(out.path("environment").isNull() ? null : out.path("environment").asText()).isEqualTo(environment);
        }

        @Test
        void theDevNotificationStopsTheRuntimeBlocksStartsAndRecordsTheFigures() throws Exception {
            JsonNode out = one("budgets-actual-dev.json");
            assertThat(out.path("execution").asText()).isEqualTo("budget-down-dev-2026-03-01");
            assertThat(out.path("reason").asText()).contains("$412.37").contains("stop-runtime, block-starts, notify");
            assertThat(new BudgetBlockRepository(store).activeAt("dev", clock.instant())).hasValueSatisfying(b ->
                    assertThat(b.figures().actual()).contains(new BigDecimal("412.37")));
            assertThat(notifier.published()).hasSize(1);
        }

        @Test
        void aRepeatedNotificationRepeatsNothing() throws Exception {
            one("budgets-actual-dev.json");
            JsonNode again = one("budgets-actual-dev.json");
            assertThat(again.path("action").asText()).isEqualTo("ignored");
            assertThat(again.path("reason").asText()).startsWith("repeat:");
            assertThat(starter.calls()).hasSize(1);
            assertThat(notifier.published()).hasSize(1);
        }

        @Test
        void anAlarmOnTheBudgetsTopicIsRejectedWithAHint() throws Exception {
            assertThat(one("cloudwatch-alarm-metric-alarm.json").path("reason").asText())
                    .contains("subscribe the rollback trigger");
        }
    }

    @Nested
    class TheDailyCheck {

        @Test
        void readsEveryBudgetAndActsOnWhatNoNotificationReported() throws Exception {
            Map<String, BudgetReader.Spend> spend = Map.of(
                    "111111111111/dayshift-dev", new BudgetReader.Spend(new BigDecimal("400"), new BigDecimal("250"),
                            Optional.of(new BigDecimal("390")), "USD", "MONTHLY"),
                    "222222222222/dayshift-staging", new BudgetReader.Spend(new BigDecimal("900"), new BigDecimal("880"),
                            Optional.of(new BigDecimal("1100")), "USD", "MONTHLY"),
                    "333333333333/dayshift-prod", new BudgetReader.Spend(new BigDecimal("5000"), new BigDecimal("1200"),
                            Optional.empty(), "USD", "MONTHLY"));
            BudgetCheckHandler check = new BudgetCheckHandler(guard, (account, name) ->
                    Optional.ofNullable(spend.get(account + "/" + name)), Optional.empty(), log);
            List<String> lines = check.handleRequest(Map.of(), null);
            List<String> actions = lines.stream().map(l -> {
                try {
                    JsonNode n = JSON.readTree(l);
                    return n.path("environment").asText() + ":" + n.path("action").asText();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertThat(actions).containsExactly("dev:ignored", "dev:notify", "staging:block-starts", "staging:ignored",
                    "prod:ignored");
        }

        @Test
        void theAccountComesFromTheFunctionArnWhenTheConfigurationHasNone() {
            assertThat(BudgetCheckHandler.accountOf("arn:aws:lambda:us-east-1:444455556666:function:dayshift-budget-check:live"))
                    .contains("444455556666");
            assertThat(BudgetCheckHandler.accountOf("nonsense")).isEmpty();
        }
    }
}
