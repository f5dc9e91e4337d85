package dev.dayshift.asl;

/**
 * Thrown by an in-process task handler to fail its task with an error name and a cause, which Retry and Catch
 * then match as they would a Lambda function's error.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String errorCause;

    /**
     * @param error the error name Retry/Catch match on (e.g. {@code LockHeld}); not null
     * @param cause a human-readable cause; may be null
     */
    public TaskFailedException(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause));
        this.error = java.util.Objects.requireNonNull(error, "error");
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    public String errorCause() {
        return errorCause;
    }
}
