package dev.dayshift.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.asl.TaskResult;

/** What {@code lambda:invoke} answers for an in-process handler, as Lambda would. Internal to the local runtime. */
final class LambdaResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaResults() {
    }

    /** The handler threw: the error is the exception's class, the cause Lambda's JSON error. */
    static TaskResult failure(RuntimeException e) {
        ObjectNode cause = JSON.createObjectNode();
        cause.put("errorMessage", String.valueOf(e.getMessage()));
        cause.put("errorType", e.getClass().getName());
        return TaskResult.failure(e.getClass().getName(), cause.toString());
    }

    /** The handler answered {@code payload}: wrapped as lambda:invoke's result. */
    static TaskResult success(JsonNode payload) {
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.put("ExecutedVersion", "$LATEST");
        wrapped.set("Payload", payload);
        wrapped.put("StatusCode", 200);
        return TaskResult.success(wrapped.toString());
    }
}
