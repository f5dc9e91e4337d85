package dev.dayshift.functions.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.aws.testutils.snapstart.IsolatedLambda;
import dev.dayshift.aws.testutils.snapstart.SnapStartChecks;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The rollback trigger's and tasks' SnapStart hooks, each on a fresh class loader, against moto over
 * HTTP: priming runs their real paths with AWS answered in memory (every step must succeed), the
 * first invocation after it loads no SDK or Jackson class, and a restore renews the copy's randomness.
 */
@ExtendWith(MotoServer.class)
class SnapStartTest {

    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        env = SnapStartChecks.environment(moto);
        env.put("DAYSHIFT_ROLLBACK_STATE_MACHINE_ARN", SnapStartChecks.passStateMachine(moto, "dayshift-bench-rollback"));
        env.put("DAYSHIFT_NOTIFICATION_TOPIC_ARN", SnapStartChecks.topic(moto));
        AwsClients.forEndpoint(CloudWatchClient.builder(), moto.endpoint()).putMetricAlarm(b -> b.alarmName("bench-api-5xx")
                .metricName("HTTPCode_Target_5XX_Count").namespace("AWS/ApplicationELB").statistic(Statistic.SUM)
                .period(60).evaluationPeriods(3).threshold(20.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
    }

    @Test
    void theTriggersFirstInvocationAfterPrimingLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(
                RollbackTriggerHandler.class.getName(), env);
        assertThat(first.output()).contains("\"action\":\"start-rollback\"");
    }

    @Test
    void theTasksFirstInvocationAfterPrimingLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(
                RollbackTasksHandler.class.getName(), env);
        assertThat(first.output()).as("the alarm's state, read from CloudWatch").contains("\"alarm\":\"bench-api-5xx\"")
                .containsPattern("\"state\":\"(OK|ALARM|INSUFFICIENT_DATA)\"");
    }

    @Test
    void afterRestoreEachCopyHasItsOwnRandomness() throws Exception {
        SnapStartChecks.restoreRenewsThisCopysRandomness(RollbackTriggerHandler.class.getName(), env);
        SnapStartChecks.restoreRenewsThisCopysRandomness(RollbackTasksHandler.class.getName(), env);
    }
}
