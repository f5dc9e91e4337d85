package dev.dayshift.functions.rollback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.AwsEcsServices;
import dev.dayshift.aws.CloudWatchAlarmStates;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.SnsNotifier;
import dev.dayshift.aws.StepFunctionsTaskTokens;
import dev.dayshift.aws.lambda.LambdaSettings;
import dev.dayshift.aws.snapstart.SnapStart;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.events.Priming;
import dev.dayshift.core.rollback.RollbackSteps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import org.crac.Resource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The rollback machine's task Lambda ({@code ${RollbackTasksFunctionArn}} in rollback.asl.json): the
 * payload {@code {"step": ..., "context": $, ...}} goes to {@link RollbackSteps}, whose JSON result is
 * the answer. A step that cannot reach a service throws, and the machine's Retry/Catch decide.
 *
 * <p>Environment: {@code DAYSHIFT_CONFIG}, {@code DAYSHIFT_STATE_TABLE}, {@code DAYSHIFT_NOTIFICATION_TOPIC_ARN}.
 *
 * <p>SnapStart (docs/snapstart.md): before the snapshot the handler runs the machine's first step for
 * every rollback target through its JSON path, every AWS call answered in memory; after a restore it
 * renews what each copy must own.
 */
public final class RollbackTasksHandler implements RequestStreamHandler, Resource {

    /** The configuration to prime with, when built by the Lambda runtime. */
    private DayshiftConfig primeConfig;


    private static final ObjectMapper JSON = new ObjectMapper();
    /** Steps primed after {@code prepare}: those that read AWS (answered in memory while priming). */
    private static final String[] PRIMED_STEPS = {"alarmState", "findStableTaskDefinition", "previousRuntimeVersion"};

    private final RollbackSteps steps;

    /** Built by the Lambda runtime, from the environment. */
    public RollbackTasksHandler() {
        this(LambdaSettings.fromEnvironment());
    }

    RollbackTasksHandler(LambdaSettings settings) {
        this(settings, settings.config());
    }

    private RollbackTasksHandler(LambdaSettings settings, DayshiftConfig config) {
        this(fromEnvironment(settings, config));
        this.primeConfig = config;
        SnapStart.register(this);
    }

    public RollbackTasksHandler(RollbackSteps steps) {
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    static RollbackSteps fromEnvironment(LambdaSettings s, DayshiftConfig config) {
        DynamoDbClient dynamo = AwsClients.build(DynamoDbClient.builder(), s.endpoint());
        return new RollbackSteps(config, new DynamoDbStateStore(dynamo, s.required("DAYSHIFT_STATE_TABLE")),
                new AwsEcsServices(AwsClients.build(EcsClient.builder(), s.endpoint())),
                new CloudWatchAlarmStates(AwsClients.build(CloudWatchClient.builder(), s.endpoint())),
                new StepFunctionsTaskTokens(AwsClients.build(SfnClient.builder(), s.endpoint())),
                new SnsNotifier(AwsClients.build(SnsClient.builder(), s.endpoint()), s.required("DAYSHIFT_NOTIFICATION_TOPIC_ARN")),
                Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        JsonNode payload;
        try {
            payload = JSON.readTree(in);
        } catch (IOException e) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "rollback task payload is not JSON: " + e.getMessage());
        }
        JSON.writeValue(out, steps.run(payload));
    }

    /** The same step on a JSON string (the local runtime's in-process handler). */
    public String handle(String payloadJson) throws IOException {
        return JSON.writeValueAsString(steps.run(JSON.readTree(payloadJson)));
    }

    /**
     * SnapStart: for every target, the machine's first step and the steps that read ECS, CloudWatch and the
     * records, through {@link #handle}, AWS answered in memory.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        DayshiftConfig config = primeConfig;
        SnapStart.prime(getClass(), SnapStart.step("rollback steps", () -> {
            if (config != null) {
                for (JsonNode payload : Priming.rollbackStepPayloads(config)) {
                    JsonNode plan = JSON.readTree(handle(JSON.writeValueAsString(payload)));
                    // The steps that read ECS, CloudWatch and the records, on the plan prepare made.
                    for (String step : PRIMED_STEPS) {
                        com.fasterxml.jackson.databind.node.ObjectNode next = JSON.createObjectNode().put("step", step)
                                .put("executionId", "priming").put("executionName", "priming");
                        next.putObject("context").putObject("plan").set("value", plan);
                        handle(JSON.writeValueAsString(next));
                    }
                }
            }
        }));
    }

    /** Renews this copy's randomness and credentials. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        SnapStart.restore();
    }
}
