package dev.dayshift.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.IntegrationPattern;
import dev.dayshift.asl.TaskRequest;
import dev.dayshift.asl.TaskResolver;
import dev.dayshift.asl.TaskResolvers;
import dev.dayshift.asl.TaskResult;
import dev.dayshift.core.rollback.RollbackSteps;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Resolves the rollback machine's tasks locally: the rollback-tasks Lambda in-process
 * ({@link RollbackSteps}), and {@code states:startExecution.sync:2} of the lifecycle machine on this
 * runtime's engine. {@code sns:publish} is the {@link LocalResolver}'s. Internal to the local runtime.
 */
public final class LocalRollbackResolver implements TaskResolver {

    public static final String START_EXECUTION_SYNC = "arn:aws:states:::states:startExecution.sync:2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionName;
    private final RollbackSteps steps;
    private final Consumer<LocalResolver.ApprovalRequest> approvals;
    private final BiFunction<String, String, CompletionStage<ExecutionResult>> lifecycle;
    private final Executor jobs;

    /**
     * @param lifecycle runs a lifecycle execution (name, input) to its end
     */
    public LocalRollbackResolver(String functionName, RollbackSteps steps, Consumer<LocalResolver.ApprovalRequest> approvals,
            BiFunction<String, String, CompletionStage<ExecutionResult>> lifecycle, Executor jobs) {
        this.functionName = functionName;
        this.steps = steps;
        this.approvals = approvals;
        this.lifecycle = lifecycle;
        this.jobs = jobs;
    }

    @Override
    public CompletionStage<TaskResult> resolve(TaskRequest request) {
        if (functionName.equals(TaskResolvers.lambdaFunctionName(request.resource(), request.arguments()))) {
            return CompletableFuture.completedFuture(step(request));
        }
        if (START_EXECUTION_SYNC.equals(request.resource())) {
            return CompletableFuture.supplyAsync(() -> request, jobs).thenCompose(this::startLifecycle);
        }
        return null;
    }

    private TaskResult step(TaskRequest request) {
        JsonNode payload = JSON.valueToTree(request.arguments()).path("Payload");
        JsonNode result;
        try {
            result = steps.run(payload);
        } catch (RuntimeException e) {
            return LambdaResults.failure(e);
        }
        if (request.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
            if (!result.path("busy").asBoolean(false)) {
                approvals.accept(new LocalResolver.ApprovalRequest(request.executionArn(),
                        payload.at("/context/plan/value/environment").asText(), request.taskToken(),
                        payload.at("/context/plan/value/summary").asText("")));
            }
            return TaskResult.awaitToken();
        }
        return LambdaResults.success(result);
    }

    private CompletionStage<TaskResult> startLifecycle(TaskRequest request) {
        JsonNode args = JSON.valueToTree(request.arguments());
        JsonNode input = args.path("Input");
        String inputJson = input.isTextual() ? input.asText() : input.toString();
        String name = args.path("Name").asText(request.stateName().replaceAll("[^A-Za-z0-9_-]", "-") + "-"
                + Integer.toHexString(request.executionArn().hashCode()) + "-" + request.attempt());
        return lifecycle.apply(name, inputJson).thenApply(r -> {
            ObjectNode out = JSON.createObjectNode();
            out.put("ExecutionArn", "arn:aws:states:us-east-1:000000000000:execution:dayshift-lifecycle:" + name);
            out.put("Status", r.status().name());
            if (r.status() == ExecutionStatus.SUCCEEDED) {
                out.put("Output", r.output());
                return TaskResult.success(out.toString());
            }
            out.put("Error", String.valueOf(r.error()));
            out.put("Cause", String.valueOf(r.cause()));
            return TaskResult.failure("States.TaskFailed", out.toString());
        });
    }
}
