package dev.dayshift.functions.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.aws.testutils.snapstart.IsolatedLambda;
import dev.dayshift.aws.testutils.snapstart.SnapStartChecks;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** The lifecycle tasks' SnapStart hooks, on a fresh class loader, against moto over HTTP. */
@ExtendWith(MotoServer.class)
class SnapStartTest {

    static final String HANDLER = LifecycleTasksHandler.class.getName();
    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        env = SnapStartChecks.environment(moto);
        AwsClients.forEndpoint(S3Client.builder().forcePathStyle(true), moto.endpoint()).createBucket(b -> b.bucket("artifacts"));
        env.put("DAYSHIFT_ARTIFACT_BUCKET", "artifacts");
        env.put("DAYSHIFT_NOTIFICATION_TOPIC_ARN", SnapStartChecks.topic(moto));
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
