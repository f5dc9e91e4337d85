package dev.dayshift.functions.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.aws.testutils.snapstart.IsolatedLambda;
import dev.dayshift.aws.testutils.snapstart.SnapStartChecks;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** The lifecycle tasks' SnapStart hooks, on a fresh class loader, against moto over HTTP. */
@ExtendWith(MotoServer.class)
class SnapStartTest {

    static final String HANDLER = LifecycleTasksHandler.class.getName();
    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        Dynamo.createStateTable(AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint()), "state");
        AwsClients.forEndpoint(S3Client.builder().forcePathStyle(true), moto.endpoint()).createBucket(b -> b.bucket("artifacts"));
        String topic = AwsClients.forEndpoint(SnsClient.builder(), moto.endpoint()).createTopic(b -> b.name("n")).topicArn();
        env = Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "DAYSHIFT_CONFIG", SnapStartChecks.CONFIG.toAbsolutePath().toString(),
                "DAYSHIFT_STATE_TABLE", "state", "DAYSHIFT_ARTIFACT_BUCKET", "artifacts",
                "DAYSHIFT_NOTIFICATION_TOPIC_ARN", topic);
    }

    @Test
    void afterPrimingTheFirstInvocationLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(HANDLER, env);
        assertThat(first.output()).contains("\"event\":\"lifecycle-succeeded\"");
    }

    @Test
    void afterRestoreThisCopyHasItsOwnRandomnessForJitter() throws Exception {
        SnapStartChecks.restoreRenewsThisCopysRandomness(HANDLER, env);
    }
}
