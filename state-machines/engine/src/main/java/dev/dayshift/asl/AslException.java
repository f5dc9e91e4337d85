package dev.dayshift.asl;

/**
 * The engine's base exception: every exception the engine throws for a caller's mistake extends it (a bad
 * definition, bad input JSON, an unknown task token). Failures of the state machine itself are not exceptions;
 * they are the FAILED result of an execution.
 */
public class AslException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AslException(String message) {
        super(message);
    }

    public AslException(String message, Throwable cause) {
        super(message, cause);
    }
}
