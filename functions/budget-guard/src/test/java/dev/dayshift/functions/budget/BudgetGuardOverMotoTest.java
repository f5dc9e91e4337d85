package dev.dayshift.functions.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.aws.AwsBudgetReader;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.SnsNotifier;
import dev.dayshift.aws.StepFunctionsExecutionStarter;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.core.budget.BudgetGuard;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.records.BudgetBlockRepository;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.budgets.model.BudgetType;
import software.amazon.awssdk.services.budgets.model.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The budget guard on AWS APIs (DynamoDB, Step Functions, SNS, Budgets): moto over HTTP. */
@ExtendWith(MotoServer.class)
class BudgetGuardOverMotoTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBudgetNotificationStopsTheRuntimeOnceBlocksStartsAndPublishesOneNotification(MotoServer moto) throws Exception {
        DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint());
        Dynamo.createStateTable(dynamo, "dayshift-state");
        SfnClient sfn = AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint());
        String lifecycle = sfn.createStateMachine(b -> b.name("dayshift-lifecycle").roleArn("arn:aws:iam::111111111111:role/sfn")
                .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")).stateMachineArn();
        SnsClient sns = AwsClients.forEndpoint(SnsClient.builder(), moto.endpoint());
        String topic = sns.createTopic(b -> b.name("dayshift-notifications")).topicArn();
        DynamoDbStateStore store = new DynamoDbStateStore(dynamo, "dayshift-state");
        BudgetGuard guard = new BudgetGuard(BudgetGuardHandlerTest.EXAMPLE, store,
                new StepFunctionsExecutionStarter(sfn, Map.of(ExecutionStarter.Machine.LIFECYCLE, lifecycle)),
                new SnsNotifier(sns, topic), Clock.systemUTC());
        BudgetGuardHandler handler = new BudgetGuardHandler(guard, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));

        JsonNode first = JSON.readTree(handler.handleRequest(BudgetGuardHandlerTest.load("budgets-actual-dev.json"), null).get(0));
        JsonNode again = JSON.readTree(handler.handleRequest(BudgetGuardHandlerTest.load("budgets-actual-dev.json"), null).get(0));

        assertThat(first.path("action").asText()).isEqualTo("stop-runtime");
        assertThat(again.path("action").asText()).isEqualTo("ignored");
        var executions = sfn.listExecutions(b -> b.stateMachineArn(lifecycle)).executions();
        assertThat(executions).singleElement().satisfies(e -> assertThat(e.name()).startsWith("budget-down-dev-"));
        JsonNode input = JSON.readTree(sfn.describeExecution(b -> b.executionArn(executions.get(0).executionArn())).input());
        assertThat(input.path("action").asText()).isEqualTo("down");
        assertThat(input.path("trigger").asText()).isEqualTo("budget");
        assertThat(new BudgetBlockRepository(store).activeAt("dev", Instant.now())).isPresent();
        JsonNode sent = sentNotifications(moto);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).toString()).contains("stopping the runtime").contains("412.37");
    }

    @Test
    void theDailyCheckReadsSpendFromTheBudgetsApi(MotoServer moto) {
        BudgetsClient budgets = AwsClients.forEndpoint(BudgetsClient.builder(), moto.endpoint());
        budgets.createBudget(b -> b.accountId("111111111111").budget(x -> x.budgetName("dayshift-dev").budgetType(BudgetType.COST)
                .timeUnit(TimeUnit.MONTHLY).budgetLimit(l -> l.amount(new BigDecimal("400")).unit("USD"))));
        DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint());
        Dynamo.createStateTable(dynamo, "dayshift-state");
        BudgetGuard guard = new BudgetGuard(BudgetGuardHandlerTest.EXAMPLE, new DynamoDbStateStore(dynamo, "dayshift-state"),
                (m, n, i) -> {
                    throw new AssertionError("nothing is over budget");
                }, n -> { }, Clock.systemUTC());
        List<String> lines = new BudgetCheckHandler(guard, new AwsBudgetReader(budgets), Optional.empty(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).handleRequest(Map.of(), null);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"environment\":\"dev\"").contains("\"action\":\"ignored\"")
                .contains("below every ACTUAL alert"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"environment\":\"staging\"").contains("does not exist"));
    }

    static JsonNode sentNotifications(MotoServer moto) throws Exception {
        try (InputStream in = moto.endpoint().resolve("/moto-api/data.json").toURL().openStream()) {
            JsonNode data = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return data.path("sns").path("Topic").get(0).path("sent_notifications");
        }
    }
}
