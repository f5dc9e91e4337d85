package dev.dayshift.functions.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.aws.AwsClients;
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

/**
 * The budget guard's and daily check's SnapStart hooks, each on a fresh class loader, against moto
 * over HTTP: priming runs their real paths with AWS answered in memory (every step must succeed), the
 * first invocation after it loads no SDK or Jackson class, and a restore renews the copy's randomness.
 */
@ExtendWith(MotoServer.class)
class SnapStartTest {

    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        env = SnapStartChecks.environment(moto);
        env.put("DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", SnapStartChecks.passStateMachine(moto, "dayshift-bench-lifecycle"));
        env.put("DAYSHIFT_NOTIFICATION_TOPIC_ARN", SnapStartChecks.topic(moto));
        env.put("DAYSHIFT_ACCOUNT_ID", "123456789012");
        AwsClients.forEndpoint(BudgetsClient.builder().region(Region.US_EAST_1), moto.endpoint()).createBudget(b -> b
                .accountId("123456789012").budget(x -> x.budgetName("dayshift-bench").budgetType(BudgetType.COST)
                        .timeUnit(TimeUnit.MONTHLY).budgetLimit(l -> l.amount(java.math.BigDecimal.valueOf(400)).unit("USD"))));
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
