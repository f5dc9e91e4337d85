package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;

/**
 * One call of a Task state's resource, as the engine hands it to a {@link TaskResolver}.
 *
 * @param resource the Resource ARN as written in the definition, e.g.
 *     {@code arn:aws:states:::lambda:invoke.waitForTaskToken}
 * @param pattern the integration pattern (from the ARN's suffix)
 * @param arguments the effective arguments (after InputPath and Parameters, or JSONata Arguments), as parsed JSON:
 *     maps, lists, strings, numbers, booleans and nulls; never mutate it
 * @param taskToken the task token for {@code .waitForTaskToken} tasks, else null
 * @param context the context object ({@code $$}) as parsed JSON
 * @param stateName the Task state's name
 * @param executionArn the execution's ARN
 * @param stateMachineName the state machine's name (mock configurations are keyed by it)
 * @param testCase the mock test case chosen when the execution started, or null
 * @param attempt 0 for the first call, then 1, 2, ... for retries
 * @param invocation how many times this state has been called in this execution before (retries and Map
 *     iterations included), as Step Functions Local counts for mocked responses
 * @param timeoutSeconds the task's effective TimeoutSeconds, or null
 * @param heartbeatSeconds the task's effective HeartbeatSeconds, or null
 */
public record TaskRequest(String resource, IntegrationPattern pattern, Object arguments, String taskToken,
        Object context, String stateName, String executionArn, String stateMachineName, String testCase, int attempt,
        int invocation, Long timeoutSeconds, Long heartbeatSeconds) {

    /** The arguments as JSON text. */
    public String argumentsJson() {
        return Json.write(arguments);
    }

    /** The context object as JSON text. */
    public String contextJson() {
        return Json.write(context);
    }
}
