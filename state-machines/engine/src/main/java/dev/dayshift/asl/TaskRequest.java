package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;
import java.util.function.Supplier;

/**
 * One call of a Task state's resource, as the engine hands it to a {@link TaskResolver}. Built by the engine.
 */
public final class TaskRequest {
    private final String resource;
    private final IntegrationPattern pattern;
    private final Object arguments;
    private final String taskToken;
    private final Supplier<Object> contextSupplier;
    private Object context;
    private final String stateName;
    private final String executionArn;
    private final String stateMachineName;
    private final String testCase;
    private final int attempt;
    private final int invocation;
    private final Long timeoutSeconds;
    private final Long heartbeatSeconds;

    /** Engine use. */
    public TaskRequest(String resource, IntegrationPattern pattern, Object arguments, String taskToken,
            Supplier<Object> context, String stateName, String executionArn, String stateMachineName, String testCase,
            int attempt, int invocation, Long timeoutSeconds, Long heartbeatSeconds) {
        this.resource = resource;
        this.pattern = pattern;
        this.arguments = arguments;
        this.taskToken = taskToken;
        this.contextSupplier = context;
        this.stateName = stateName;
        this.executionArn = executionArn;
        this.stateMachineName = stateMachineName;
        this.testCase = testCase;
        this.attempt = attempt;
        this.invocation = invocation;
        this.timeoutSeconds = timeoutSeconds;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    /** The Resource ARN as written in the definition, e.g. {@code arn:aws:states:::lambda:invoke.waitForTaskToken}. */
    public String resource() {
        return resource;
    }

    /** The integration pattern, from the ARN's suffix. */
    public IntegrationPattern pattern() {
        return pattern;
    }

    /**
     * The effective arguments (after InputPath and Parameters, or JSONata Arguments) as parsed JSON: maps, lists,
     * strings, numbers, booleans and nulls. Never mutate it.
     */
    public Object arguments() {
        return arguments;
    }

    /** The arguments as JSON text. */
    public String argumentsJson() {
        return Json.write(arguments);
    }

    /** The task token of a {@code .waitForTaskToken} task, else null. */
    public String taskToken() {
        return taskToken;
    }

    /** The context object ({@code $$}) as parsed JSON; built on first call. */
    public synchronized Object context() {
        if (context == null) {
            context = contextSupplier.get();
        }
        return context;
    }

    /** The context object as JSON text. */
    public String contextJson() {
        return Json.write(context());
    }

    public String stateName() {
        return stateName;
    }

    public String executionArn() {
        return executionArn;
    }

    /** The state machine's name (mock configurations are keyed by it). */
    public String stateMachineName() {
        return stateMachineName;
    }

    /** The mock test case chosen when the execution started, or null. */
    public String testCase() {
        return testCase;
    }

    /** 0 for the first call of this state entry, then 1, 2, ... for retries. */
    public int attempt() {
        return attempt;
    }

    /**
     * How many times this state was called in this execution before (retries and Map iterations included), as
     * Step Functions Local counts for mocked responses.
     */
    public int invocation() {
        return invocation;
    }

    /** The task's effective TimeoutSeconds, or null. */
    public Long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** The task's effective HeartbeatSeconds, or null. */
    public Long heartbeatSeconds() {
        return heartbeatSeconds;
    }

    @Override
    public String toString() {
        return "TaskRequest[" + stateName + " " + resource + " " + argumentsJson() + "]";
    }
}
