package dev.dayshift.functions.schedulegate;

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
import software.amazon.awssdk.services.sfn.SfnClient;

/** The schedule gate's SnapStart hooks, on a fresh class loader, against moto over HTTP. */
@ExtendWith(MotoServer.class)
class SnapStartTest {

    static final String HANDLER = ScheduleGateHandler.class.getName();
    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        Dynamo.createStateTable(AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint()), "state");
        String machine = AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint()).createStateMachine(b -> b
                .name("dayshift-bench-lifecycle").roleArn("arn:aws:iam::123456789012:role/r")
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
        env = Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "DAYSHIFT_CONFIG", SnapStartChecks.CONFIG.toAbsolutePath().toString(),
                "DAYSHIFT_STATE_TABLE", "state", "DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", machine);
    }

    @Test
    void afterPrimingTheFirstInvocationLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(HANDLER, env);
        assertThat(first.output()).contains("\"verdict\":\"started\"");
    }

    @Test
    void afterRestoreThisCopyHasItsOwnRandomness() throws Exception {
        SnapStartChecks.restoreRenewsThisCopysRandomness(HANDLER, env);
    }
}
