package dev.dayshift.functions.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.rollback.RollbackTrigger;
import dev.dayshift.core.state.InMemoryStateStore;
import dev.dayshift.core.testutils.ManualClock;
import dev.dayshift.core.testutils.RecordingExecutionStarter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Lambda handler on SNS events deserialised the way the Lambda runtime does (aws-lambda-java-tests). */
class RollbackTriggerHandlerTest {

    static final Path EVENTS = Path.of("../../docs/events").toAbsolutePath().normalize();
    static final DayshiftConfig EXAMPLE = ConfigLoader.load(Path.of("../../docs/examples/dayshift.example.yaml"));
    static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock("2026-03-09T14:05:30Z");
    final RecordingExecutionStarter starter = new RecordingExecutionStarter();
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final RollbackTriggerHandler handler = new RollbackTriggerHandler(
            new RollbackTrigger(EXAMPLE, new InMemoryStateStore(clock), starter, clock),
            new PrintStream(logged, true, StandardCharsets.UTF_8));

    static SNSEvent load(String file) {
        return EventLoader.loadSNSEvent(EVENTS.resolve(file).toString());
    }

    JsonNode only(List<String> lines) throws Exception {
        assertThat(lines).hasSize(1);
        assertThat(logged.toString(StandardCharsets.UTF_8).strip()).isEqualTo(lines.get(0));
        return JSON.readTree(lines.get(0));
    }

    @Nested
    class SampleEvents {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "cloudwatch-alarm-metric-alarm.json,            start-rollback, dev",
            "cloudwatch-alarm-composite-alarm.json,         start-rollback, prod",
            "cloudwatch-alarm-metric-ok.json,               ignored,        dev",
            "cloudwatch-alarm-metric-insufficient-data.json, ignored,       dev",
            "cloudwatch-alarm-unknown.json,                 ignored,        ",
            "malformed-alarm-bad-state.json,                rejected,       ",
            "malformed-alarm-missing-time.json,             rejected,       ",
            "malformed-sns-message-neither-alarm-nor-budget.json, rejected, ",
            "budgets-actual-dev.json,                       rejected,       ",
        })
        void eachSampleGetsItsAction(String file, String action, String environment) throws Exception {
            JsonNode out = only(handler.handleRequest(load(file), null));
            assertThat(out.path("source").asText()).isEqualTo("aws.cloudwatch");
            assertThat(out.path("action").asText()).isEqualTo(action);
            assertThat(out.path("environment").isNull() ? null : out.path("environment").asText()).isEqualTo(environment);
            assertThat(out.path("reason").asText()).isNotBlank();
            assertThat(out.path("execution").isNull()).isEqualTo(!"start-rollback".equals(action));
        }

        @Test
        void aBudgetsNotificationOnTheAlarmsTopicIsRejectedWithAHint() throws Exception {
            JsonNode out = only(handler.handleRequest(load("budgets-actual-dev.json"), null));
            assertThat(out.path("reason").asText()).contains("subscribe the budget guard");
        }

        @Test
        void aRedeliveryIsIgnored() throws Exception {
            handler.handleRequest(load("cloudwatch-alarm-metric-alarm.json"), null);
            logged.reset();
            JsonNode out = only(handler.handleRequest(load("cloudwatch-alarm-metric-alarm.json"), null));
            assertThat(out.path("action").asText()).isEqualTo("ignored");
            assertThat(out.path("reason").asText()).contains("duplicate delivery");
            assertThat(starter.started()).hasSize(1);
        }
    }

    @Test
    void aFailedStartFailsTheInvocationAfterTheOtherRecordsWereHandled() {
        SNSEvent twoRecords = load("cloudwatch-alarm-metric-alarm.json");
        List<SNSEvent.SNSRecord> records = new ArrayList<>(twoRecords.getRecords());
        records.addAll(load("cloudwatch-alarm-metric-ok.json").getRecords());
        twoRecords.setRecords(records);
        starter.failWith(new DayshiftException(DayshiftException.Kind.FAILED, "ThrottlingException"));
        assertThatThrownBy(() -> handler.handleRequest(twoRecords, null)).hasMessageContaining("ThrottlingException");
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log.lines()).hasSize(2);
        assertThat(log).contains("\"action\":\"failed\"").contains("\"action\":\"ignored\"");
    }

    @Test
    void anEmptyEventDoesNothing() {
        assertThat(handler.handleRequest(new SNSEvent(), null)).isEmpty();
    }
}
