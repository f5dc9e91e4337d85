package dev.dayshift.functions.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The Lambda wrapper with its real AWS adapters, against moto over HTTP. */
@ExtendWith(MotoServer.class)
class LifecycleTasksHandlerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    JsonNode call(LifecycleTasksHandler h, String payload) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validatesLocksGuardsAndAsksForApprovalOnDynamoDbS3AndSns(MotoServer moto) throws Exception {
        DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint());
        Dynamo.createStateTable(dynamo, "state");
        S3Client s3 = AwsClients.forEndpoint(S3Client.builder().forcePathStyle(true), moto.endpoint());
        s3.createBucket(b -> b.bucket("artifacts"));
        String topic = AwsClients.forEndpoint(SnsClient.builder(), moto.endpoint()).createTopic(b -> b.name("n")).topicArn();
        Files.writeString(tmp.resolve("dayshift.yaml"), """
                version: 1
                environments:
                  prod:
                    protected: true
                    phases:
                      runtime: {tool: terraform, directory: infra/runtime, variables: {size: large}}
                """);
        LifecycleTasksHandler h = new LifecycleTasksHandler(Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "DAYSHIFT_CONFIG", tmp.resolve("dayshift.yaml").toString(), "DAYSHIFT_STATE_TABLE", "state",
                "DAYSHIFT_ARTIFACT_BUCKET", "artifacts", "DAYSHIFT_NOTIFICATION_TOPIC_ARN", topic));

        h.beforeCheckpoint(null);
        h.afterRestore(null);
        JsonNode ctx = call(h, "{\"step\":\"validate\",\"input\":{\"environment\":\"prod\",\"action\":\"up\"},"
                + "\"execution\":{\"id\":\"arn:e1\",\"name\":\"e1\"}}");
        assertThat(ctx.at("/flow/approval").asBoolean()).isTrue();
        assertThat(ctx.at("/job/directory").asText()).isEqualTo("infra/runtime");
        assertThat(ctx.at("/job/planSource/0/Location").asText()).isEqualTo("artifacts/prod/runtime/e1/");
        assertThat(ctx.at("/job/planVariables").toString()).contains("TF_VAR_size", "\"DAYSHIFT_ACTION\",\"Value\":\"plan\"");

        JsonNode lock = call(h, "{\"step\":\"acquireLock\",\"executionId\":\"arn:e1\",\"context\":" + ctx + "}");
        assertThat(lock.path("acquired").asBoolean()).isTrue();
        JsonNode other = call(h, "{\"step\":\"acquireLock\",\"executionId\":\"arn:e2\",\"context\":" + ctx + "}");
        assertThat(other.path("acquired").asBoolean()).isFalse();
        assertThat(other.path("cause").asText()).contains("locked by arn:e1");

        s3.putObject(b -> b.bucket("artifacts").key("prod/runtime/e1/plan.json"), RequestBody.fromString(
                "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_lb.a\",\"mode\":\"managed\","
                        + "\"change\":{\"actions\":[\"create\"]}}]}"));
        JsonNode plan = call(h, "{\"step\":\"guardPlan\",\"context\":" + ctx + "}");
        assertThat(plan.path("refused").asBoolean()).isFalse();
        assertThat(plan.path("summary").asText()).isEqualTo("1 to create, 0 to update, 0 to destroy, 0 to replace");

        ObjectNode withPlan = ((ObjectNode) ctx.deepCopy());
        withPlan.putObject("plan").set("value", plan);
        call(h, "{\"step\":\"requestApproval\",\"taskToken\":\"tok-1\",\"executionId\":\"arn:e1\",\"context\":" + withPlan + "}");
        String data = new String(moto.endpoint().resolve("/moto-api/data.json").toURL().openStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(data).contains("approval needed for prod runtime up", "dayshift approve --env prod");

        assertThat(call(h, "{\"step\":\"releaseLock\",\"executionId\":\"arn:e2\",\"context\":" + ctx + "}")
                .path("released").asBoolean()).isFalse();
        assertThat(call(h, "{\"step\":\"releaseLock\",\"executionId\":\"arn:e1\",\"context\":" + ctx + "}")
                .path("released").asBoolean()).isTrue();
    }

    @Test
    void aMissingSettingIsNamed(MotoServer moto) throws Exception {
        Files.writeString(tmp.resolve("dayshift.yaml"), "version: 1\nenvironments: {}\n");
        assertThatThrownBy(() -> new LifecycleTasksHandler(Map.of("DAYSHIFT_CONFIG", tmp.resolve("dayshift.yaml").toString())))
                .hasMessageContaining("DAYSHIFT_ARTIFACT_BUCKET");
    }
}
