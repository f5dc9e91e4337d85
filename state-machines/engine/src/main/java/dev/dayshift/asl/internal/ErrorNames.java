package dev.dayshift.asl.internal;

/** The error names the Amazon States Language defines, each named once. */
public final class ErrorNames {
    /** Wildcard in ErrorEquals: any error except the terminal ones below. */
    public static final String ALL = "States.ALL";
    /** A state's definition could not be processed at run time (bad path, bad value); not catchable. */
    public static final String RUNTIME = "States.Runtime";
    /** A payload over the size limit; terminal, not catchable by States.ALL. */
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String PERMISSIONS = "States.Permissions";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String PARAMETER_PATH_FAILURE = "States.ParameterPathFailure";
    public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";

    private ErrorNames() {
    }
}
