package dev.dayshift.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.BudgetReader;
import dev.dayshift.core.ports.EcsServices;
import dev.dayshift.core.rollback.AlarmState;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.budgets.model.BudgetType;
import software.amazon.awssdk.services.budgets.model.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ecs.EcsClient;

/** The rollback and budget adapters against moto over HTTP. */
@ExtendWith(MotoServer.class)
class RollbackAndBudgetAdaptersOverMotoTest {

    @Nested
    class Ecs {

        /** Two task definitions of one family and a service on the second, as a bad deploy leaves it. */
        static String[] deployTwoRevisions(EcsClient ecs) {
            ecs.createCluster(b -> b.clusterName("dev-cluster"));
            String[] tds = new String[2];
            for (int i = 0; i < 2; i++) {
                String image = "public.ecr.aws/nginx/nginx:1." + (26 + i);
                tds[i] = ecs.registerTaskDefinition(b -> b.family("api").requiresCompatibilities(
                                software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE).cpu("256").memory("512")
                        .networkMode("awsvpc").containerDefinitions(c -> c.name("api").image(image).essential(true)))
                        .taskDefinition().taskDefinitionArn();
            }
            String second = tds[1];
            ecs.createService(b -> b.cluster("dev-cluster").serviceName("api").taskDefinition(second).desiredCount(2));
            return tds;
        }

        @Test
        void describesUpdatesBackToThePreviousRevisionAndDescribesAgain(MotoServer moto) {
            EcsClient client = AwsClients.forEndpoint(EcsClient.builder(), moto.endpoint());
            String[] tds = deployTwoRevisions(client);
            EcsServices ecs = new AwsEcsServices(client);
            EcsServices.Service before = ecs.describe("dev-cluster", "api");
            assertThat(before.taskDefinition()).isEqualTo(tds[1]).endsWith("task-definition/api:2");
            assertThat(before.status()).isEqualTo("ACTIVE");
            assertThat(before.desired()).isEqualTo(2);
            assertThat(before.deployments()).isNotEmpty();
            ecs.update("dev-cluster", "api", tds[0]);
            assertThat(ecs.describe("dev-cluster", "api").taskDefinition()).isEqualTo(tds[0]).endsWith("task-definition/api:1");
        }

        @Test
        void aMissingServiceIsAFailureNamingIt(MotoServer moto) {
            EcsClient client = AwsClients.forEndpoint(EcsClient.builder(), moto.endpoint());
            client.createCluster(b -> b.clusterName("dev-cluster"));
            assertThatThrownBy(() -> new AwsEcsServices(client).describe("dev-cluster", "nope"))
                    .isInstanceOf(DayshiftException.class).hasMessageContaining("dev-cluster/nope");
        }

        @Test
        void withoutADeploymentHistoryApiTheHistoryIsEmptyNotAnError(MotoServer moto) {
            EcsClient client = AwsClients.forEndpoint(EcsClient.builder(), moto.endpoint());
            deployTwoRevisions(client);
            assertThat(new AwsEcsServices(client).completedDeployments("dev-cluster", "api")).isEmpty();
        }
    }

    @Nested
    class CloudWatch {

        @Test
        void readsAnAlarmsStateAndReportsAMissingAlarmAsEmpty(MotoServer moto) {
            CloudWatchClient cw = AwsClients.forEndpoint(CloudWatchClient.builder(), moto.endpoint());
            cw.putMetricAlarm(b -> b.alarmName("dev-api-5xx").namespace("AWS/ApplicationELB").metricName("HTTPCode_Target_5XX_Count")
                    .statistic(Statistic.SUM).period(60).evaluationPeriods(3).threshold(20.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            cw.setAlarmState(b -> b.alarmName("dev-api-5xx").stateValue(StateValue.ALARM).stateReason("test"));
            CloudWatchAlarmStates states = new CloudWatchAlarmStates(cw);
            assertThat(states.current("dev-api-5xx")).contains(AlarmState.ALARM);
            cw.setAlarmState(b -> b.alarmName("dev-api-5xx").stateValue(StateValue.OK).stateReason("cleared"));
            assertThat(states.current("dev-api-5xx")).contains(AlarmState.OK);
            assertThat(states.current("no-such-alarm")).isEmpty();
        }
    }

    @Nested
    class Budgets {

        @Test
        void describesABudgetsLimitUnitAndPeriodAndAMissingOneAsEmpty(MotoServer moto) {
            BudgetsClient client = AwsClients.forEndpoint(BudgetsClient.builder(), moto.endpoint());
            client.createBudget(b -> b.accountId("123456789012").budget(x -> x.budgetName("dayshift-dev")
                    .budgetType(BudgetType.COST).timeUnit(TimeUnit.MONTHLY)
                    .budgetLimit(l -> l.amount(new BigDecimal("400")).unit("USD"))));
            BudgetReader reader = new AwsBudgetReader(client);
            BudgetReader.Spend spend = reader.read("123456789012", "dayshift-dev").orElseThrow();
            assertThat(spend.limit()).isEqualByComparingTo("400");
            assertThat(spend.unit()).isEqualTo("USD");
            assertThat(spend.timeUnit()).isEqualTo("MONTHLY");
            assertThat(spend.actual()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            assertThat(reader.read("123456789012", "missing")).isEqualTo(Optional.empty());
        }
    }
}
