package dev.dayshift.aws;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.TaskTokens;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** {@link TaskTokens} on Step Functions SendTaskSuccess / SendTaskFailure (approvals on AWS). */
public final class StepFunctionsTaskTokens implements TaskTokens {

    /** Step Functions' limits on SendTaskFailure's error and cause. */
    static final int MAX_ERROR = 256;
    static final int MAX_CAUSE = 32768;

    private final SfnClient sfn;

    public StepFunctionsTaskTokens(SfnClient sfn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
    }

    @Override
    public void succeed(String taskToken, String outputJson) {
        send(() -> sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(outputJson)));
    }

    @Override
    public void fail(String taskToken, String error, String cause) {
        send(() -> sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(cut(error, MAX_ERROR)).cause(cut(cause, MAX_CAUSE))));
    }

    private static void send(Runnable call) {
        try {
            call.run();
        } catch (InvalidTokenException | TaskDoesNotExistException | TaskTimedOutException e) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT,
                    "the task is no longer waiting (answered already, timed out, or the execution stopped): "
                            + e.awsErrorDetails().errorMessage(), e);
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot answer the waiting task: " + e.getMessage(), e);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
