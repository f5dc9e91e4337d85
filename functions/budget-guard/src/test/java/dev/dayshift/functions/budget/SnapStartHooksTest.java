package dev.dayshift.functions.budget;

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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.budgets.model.BudgetType;
import software.amazon.awssdk.services.budgets.model.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The budget guard's and daily check's SnapStart hooks, each on a fresh class loader, against moto
 * over HTTP: priming runs their real paths with AWS answered in memory (every step must succeed), the
 * first invocation after it loads no SDK or Jackson class, and a restore renews the copy's randomness.
 */
@ExtendWith(MotoServer.class)
class SnapStartHooksTest {

    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        Dynamo.createStateTable(AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint()), "state");
        String machine = AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint()).createStateMachine(b -> b
                .name("dayshift-bench-lifecycle").roleArn("arn:aws:iam::123456789012:role/r")
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
        String topic = AwsClients.forEndpoint(SnsClient.builder(), moto.endpoint()).createTopic(b -> b.name("n")).topicArn();
        AwsClients.forEndpoint(BudgetsClient.builder().region(Region.US_EAST_1), moto.endpoint()).createBudget(b -> b
                .accountId("123456789012").budget(x -> x.budgetName("dayshift-bench").budgetType(BudgetType.COST)
                        .timeUnit(TimeUnit.MONTHLY).budgetLimit(l -> l.amount(java.math.BigDecimal.valueOf(400)).unit("USD"))));
        env = Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "DAYSHIFT_CONFIG", SnapStartChecks.CONFIG.toAbsolutePath().toString(),
                "DAYSHIFT_STATE_TABLE", "state", "DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", machine,
                "DAYSHIFT_NOTIFICATION_TOPIC_ARN", topic, "DAYSHIFT_ACCOUNT_ID", "123456789012");
    }

    @Test
    void theGuardsFirstInvocationAfterPrimingLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(
                BudgetGuardHandler.class.getName(), env);
        assertThat(first.output()).contains("dayshift-bench");
    }

    @Test
    void theDailyChecksFirstInvocationAfterPrimingLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(
                BudgetCheckHandler.class.getName(), env);
        assertThat(first.output()).contains("bench");
    }

    @Test
    void afterRestoreEachCopyHasItsOwnRandomness() throws Exception {
        SnapStartChecks.restoreRenewsThisCopysRandomness(BudgetGuardHandler.class.getName(), env);
        SnapStartChecks.restoreRenewsThisCopysRandomness(BudgetCheckHandler.class.getName(), env);
    }
}
