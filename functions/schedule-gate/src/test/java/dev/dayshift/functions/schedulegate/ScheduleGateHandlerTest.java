package dev.dayshift.functions.schedulegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The schedule gate Lambda against DynamoDB and Step Functions as moto speaks them. */
@ExtendWith(MotoServer.class)
class ScheduleGateHandlerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    SfnClient sfn;
    String machine;
    ScheduleGateHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) throws Exception {
        Dynamo.createStateTable(AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint()), "state");
        sfn = AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint());
        machine = sfn.createStateMachine(b -> b.name("dayshift-lifecycle").roleArn("arn:aws:iam::123456789012:role/r")
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
        Files.writeString(tmp.resolve("dayshift.yaml"), """
                version: 1
                defaults: {timezone: America/New_York}
                environments:
                  dev:
                    schedule: {up: "cron(0 8 ? * MON-FRI *)", down: "cron(0 19 ? * MON-FRI *)"}
                    holidays: [{date: 2026-11-26, name: Thanksgiving}]
                    phases:
                      runtime: {tool: terraform, directory: runtime}
                """);
        handler = new ScheduleGateHandler(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "DAYSHIFT_CONFIG", tmp.resolve("dayshift.yaml").toString(), "DAYSHIFT_STATE_TABLE", "state",
                "DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", machine));
    }

    JsonNode handle(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void startsOneExecutionHoweverOftenTheEventIsDelivered() throws Exception {
        String event = "{\"environment\":\"dev\",\"desired\":\"up\",\"scheduledAt\":\"2026-11-23T13:00:00Z\"}";
        handler.beforeCheckpoint(null);
        handler.afterRestore(null);
        JsonNode first = handle(event);
        JsonNode second = handle(event);
        assertThat(first.path("verdict").asText()).isEqualTo("started");
        assertThat(second).isEqualTo(first);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions())
                .singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("sched-dev-up-20261123T1300Z"));
    }

    @Test
    void recordsWhyItDidNotStartOnAHoliday() throws Exception {
        JsonNode d = handle("{\"environment\":\"dev\",\"desired\":\"up\",\"scheduledAt\":\"2026-11-26T13:00:00Z\"}");
        assertThat(d.path("verdict").asText()).isEqualTo("skipped");
        assertThat(d.path("reason").asText()).contains("Thanksgiving");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).isEmpty();
    }

    @Test
    void aBadEventIsRefusedWithItsReason() {
        assertThatThrownBy(() -> handle("{\"environment\":\"dev\",\"desired\":\"sideways\"}"))
                .hasMessageContaining("'sideways' is not up or down");
    }
}
