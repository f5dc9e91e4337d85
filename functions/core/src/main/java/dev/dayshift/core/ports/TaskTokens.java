package dev.dayshift.core.ports;

/**
 * Completes a task that waits for a token (an approval): on AWS Step Functions SendTaskSuccess /
 * SendTaskFailure; locally the embedded engine's token registry.
 */
public interface TaskTokens {

    /**
     * Resumes the waiting task with {@code outputJson} as its result.
     *
     * @throws dev.dayshift.core.DayshiftException (BAD_INPUT) when the token is unknown, already used or timed out
     */
    void succeed(String taskToken, String outputJson);

    /**
     * Fails the waiting task with {@code error} (e.g. {@code Dayshift.ApprovalRejected}) and {@code cause}.
     *
     * @throws dev.dayshift.core.DayshiftException (BAD_INPUT) when the token is unknown, already used or timed out
     */
    void fail(String taskToken, String error, String cause);
}
