package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;
import java.util.Objects;

/** What a {@link TaskResolver} answers for one task call. */
public sealed interface TaskResult permits TaskResult.Success, TaskResult.Failure, TaskResult.AwaitToken {

    /** The task succeeded with this result. */
    record Success(Object value) implements TaskResult {
        /** The result as JSON text. */
        public String outputJson() {
            return Json.write(value);
        }
    }

    /** The task failed; Retry and Catch match {@code error}. */
    record Failure(String error, String cause) implements TaskResult {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * For {@code .waitForTaskToken} tasks: the call that hands out the token went through; the task now waits for
     * {@link AslEngine#sendTaskSuccess} or {@link AslEngine#sendTaskFailure} with the request's token.
     */
    record AwaitToken() implements TaskResult {
    }

    /** Success with a result given as JSON text; throws {@link InvalidInputException} when it is not JSON. */
    static TaskResult success(String outputJson) {
        try {
            return new Success(Json.parse(outputJson));
        } catch (Json.JsonSyntaxException e) {
            throw new InvalidInputException("The task output is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * Success with a result made of maps, lists, strings, numbers, booleans and nulls (as Jackson's
     * {@code readValue(json, Object.class)} gives them).
     */
    static TaskResult successValue(Object value) {
        return new Success(Json.normalize(value, null));
    }

    static TaskResult failure(String error, String cause) {
        return new Failure(error, cause);
    }

    static TaskResult awaitToken() {
        return new AwaitToken();
    }
}
