package dev.dayshift.asl;

/**
 * Thrown by {@link AslEngine#sendTaskSuccess}, {@link AslEngine#sendTaskFailure} and
 * {@link AslEngine#sendTaskHeartbeat} when the token is unknown or its task is already closed (succeeded,
 * failed, timed out, or its execution ended), as AWS answers TaskDoesNotExist / TaskTimedOut.
 */
public final class TaskTokenException extends AslException {
    private static final long serialVersionUID = 1L;

    public TaskTokenException(String message) {
        super(message);
    }
}
