package dev.dayshift.functions.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.AwsEcsServices;
import dev.dayshift.aws.CloudWatchAlarmStates;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.StepFunctionsExecutionStarter;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.ports.TaskTokens;
import dev.dayshift.core.rollback.RollbackSteps;
import dev.dayshift.core.rollback.RollbackTrigger;
import dev.dayshift.core.rollback.StableTaskDefinitions;
import dev.dayshift.core.testutils.RecordingNotifier;
import dev.dayshift.definitions.Definitions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** The rollback trigger and the rollback machine's ECS steps on AWS APIs: moto over HTTP. */
@ExtendWith(MotoServer.class)
class RollbackOverMotoTest {

    static final DayshiftConfig EXAMPLE = ConfigLoader.load(Path.of("../../docs/examples/dayshift.example.yaml"));
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tenConcurrentDeliveriesOfOneAlarmStartOneStepFunctionsExecution(MotoServer moto) throws Exception {
        DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint());
        Dynamo.createStateTable(dynamo, "dayshift-state");
        SfnClient sfn = AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint());
        String machine = sfn.createStateMachine(b -> b.name("dayshift-rollback").roleArn("arn:aws:iam::111111111111:role/sfn")
                .definition(Definitions.substitute(Definitions.asl("rollback"), Map.of(
                        "RollbackTasksFunctionArn", "arn:aws:lambda:us-east-1:111111111111:function:dayshift-rollback-tasks",
                        "NotificationTopicArn", "arn:aws:sns:us-east-1:111111111111:dayshift-notifications",
                        "LifecycleStateMachineArn", "arn:aws:states:us-east-1:111111111111:stateMachine:dayshift-lifecycle"))))
                .stateMachineArn();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RollbackTriggerHandler handler = new RollbackTriggerHandler(new RollbackTrigger(EXAMPLE,
                new DynamoDbStateStore(dynamo, "dayshift-state"),
                new StepFunctionsExecutionStarter(sfn, Map.of(ExecutionStarter.Machine.ROLLBACK, machine)), Clock.systemUTC()),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        SNSEvent event = RollbackTriggerHandlerTest.load("cloudwatch-alarm-metric-alarm.json");

        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> fs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fs.add(pool.submit(() -> {
                go.await();
                return handler.handleRequest(event, null);
            }));
        }
        go.countDown();
        List<JsonNode> outcomes = new ArrayList<>();
        for (Future<List<String>> f : fs) {
            for (String line : f.get()) {
                outcomes.add(JSON.readTree(line));
            }
        }
        pool.shutdownNow();

        assertThat(outcomes).filteredOn(o -> o.path("action").asText().equals("start-rollback")).hasSize(1);
        assertThat(outcomes).extracting(o -> o.path("action").asText()).containsOnly("start-rollback", "ignored");
        List<ExecutionListItem> executions = sfn.listExecutions(b -> b.stateMachineArn(machine)).executions();
        assertThat(executions).singleElement().satisfies(e ->
                assertThat(e.name()).startsWith("rollback-dev-api-20260309T140500Z-"));
        JsonNode input = JSON.readTree(sfn.describeExecution(b -> b.executionArn(executions.get(0).executionArn())).input());
        assertThat(input.path("environment").asText()).isEqualTo("dev");
        assertThat(input.path("target").path("service").asText()).isEqualTo("api");

        // A second start of that name, as a redelivery days later would make: Step Functions keeps the one execution.
        RollbackTriggerHandler later = new RollbackTriggerHandler(new RollbackTrigger(EXAMPLE,
                new DynamoDbStateStore(dynamo, "dayshift-state"),
                new StepFunctionsExecutionStarter(sfn, Map.of(ExecutionStarter.Machine.ROLLBACK, machine)), Clock.systemUTC()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(JSON.readTree(later.handleRequest(event, null).get(0)).path("action").asText()).isEqualTo("ignored");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void theMachinesStepsRollAnEcsServiceBackToThePreviousTaskDefinition(MotoServer moto) throws Exception {
        DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint());
        Dynamo.createStateTable(dynamo, "dayshift-state");
        EcsClient ecs = AwsClients.forEndpoint(EcsClient.builder(), moto.endpoint());
        ecs.createCluster(b -> b.clusterName("dev-cluster"));
        String[] tds = new String[2];
        for (int i = 0; i < 2; i++) {
            String image = "public.ecr.aws/nginx/nginx:1." + (26 + i);
            tds[i] = ecs.registerTaskDefinition(b -> b.family("api").requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256").memory("512").networkMode("awsvpc")
                    .containerDefinitions(c -> c.name("api").image(image).essential(true))).taskDefinition().taskDefinitionArn();
        }
        ecs.createService(b -> b.cluster("dev-cluster").serviceName("api").taskDefinition(tds[1]).desiredCount(2));
        CloudWatchClient cw = AwsClients.forEndpoint(CloudWatchClient.builder(), moto.endpoint());
        cw.putMetricAlarm(b -> b.alarmName("dev-api-5xx").namespace("AWS/ApplicationELB").metricName("HTTPCode_Target_5XX_Count")
                .statistic(Statistic.SUM).period(60).evaluationPeriods(3).threshold(20.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        cw.setAlarmState(b -> b.alarmName("dev-api-5xx").stateValue(StateValue.ALARM).stateReason("bad deploy"));

        DynamoDbStateStore store = new DynamoDbStateStore(dynamo, "dayshift-state");
        // moto keeps no ECS deployment history, so the previous revision comes from what was recorded as stable.
        new StableTaskDefinitions(store).record("dev", "api", tds[0], Instant.parse("2026-03-01T08:00:00Z"), "lifecycle");
        TaskTokens unused = new TaskTokens() {
            @Override
            public void succeed(String t, String o) {
                throw new AssertionError("dev is not protected");
            }

            @Override
            public void fail(String t, String e, String c) {
                throw new AssertionError("dev is not protected");
            }
        };
        RollbackTasksHandler tasks = new RollbackTasksHandler(new RollbackSteps(EXAMPLE, store, new AwsEcsServices(ecs),
                new CloudWatchAlarmStates(cw), unused, new RecordingNotifier(), Clock.systemUTC()));
        com.fasterxml.jackson.databind.node.ObjectNode ctx = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(RollbackMachineTest.input("dev", "api", "dev-api-5xx", false));
        ctx.set("plan", value(tasks.handle(payload("prepare", ctx))));
        ctx.set("stable", value(tasks.handle(payload("findStableTaskDefinition", ctx))));
        assertThat(ctx.at("/stable/value/current").asText()).isEqualTo(tds[1]);
        assertThat(ctx.at("/stable/value/target").asText()).isEqualTo(tds[0]);
        ctx.set("update", value(tasks.handle(payload("updateService", ctx))));
        ctx.set("service", value(tasks.handle(payload("serviceStatus", ctx))));
        assertThat(ctx.at("/service/value/taskDefinition").asText()).isEqualTo(tds[0]);
        assertThat(ecs.describeServices(b -> b.cluster("dev-cluster").services("api")).services().get(0).taskDefinition())
                .isEqualTo(tds[0]);
        assertThat(value(tasks.handle(payload("alarmState", ctx))).at("/value/state").asText()).isEqualTo("ALARM");
        cw.setAlarmState(b -> b.alarmName("dev-api-5xx").stateValue(StateValue.OK).stateReason("recovered"));
        assertThat(value(tasks.handle(payload("alarmState", ctx))).at("/value/cleared").asBoolean()).isTrue();
    }

    private static String payload(String step, JsonNode ctx) {
        com.fasterxml.jackson.databind.node.ObjectNode p = JSON.createObjectNode();
        p.put("step", step);
        p.set("context", ctx);
        p.put("executionId", "arn:aws:states:us-east-1:111111111111:execution:dayshift-rollback:moto");
        p.put("executionName", "moto");
        return p.toString();
    }

    private static JsonNode value(String result) throws Exception {
        return JSON.createObjectNode().set("value", JSON.readTree(result));
    }
}
