package dev.dayshift.asl;

/**
 * An in-process task: JSON in, JSON out. Throw {@link TaskFailedException} to fail with an error name and a
 * cause; any other exception fails the task with the exception's class name as the error (as a Java Lambda
 * function's errorType) and its message as the cause.
 */
@FunctionalInterface
public interface TaskHandler {
    String handle(String inputJson) throws Exception;
}
