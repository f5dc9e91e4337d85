package dev.dayshift.asl;

/** History event types, named exactly as AWS Step Functions names them. */
public enum HistoryEventType {
    ExecutionStarted, ExecutionSucceeded, ExecutionFailed, ExecutionAborted, ExecutionTimedOut,
    PassStateEntered, PassStateExited,
    TaskStateEntered, TaskStateExited, TaskScheduled, TaskStarted, TaskSubmitted, TaskSucceeded, TaskFailed,
    TaskTimedOut, TaskStartFailed, TaskSubmitFailed,
    LambdaFunctionScheduled, LambdaFunctionStarted, LambdaFunctionSucceeded, LambdaFunctionFailed,
    LambdaFunctionTimedOut,
    ChoiceStateEntered, ChoiceStateExited,
    WaitStateEntered, WaitStateExited,
    SucceedStateEntered, SucceedStateExited,
    FailStateEntered,
    ParallelStateEntered, ParallelStateExited, ParallelStateStarted, ParallelStateSucceeded, ParallelStateFailed,
    ParallelStateAborted,
    MapStateEntered, MapStateExited, MapStateStarted, MapStateSucceeded, MapStateFailed, MapStateAborted,
    MapIterationStarted, MapIterationSucceeded, MapIterationFailed, MapIterationAborted,
    MapRunStarted, MapRunSucceeded, MapRunFailed, MapRunAborted,
    EvaluationFailed;

    /** True for the *StateEntered events (the states an execution visited). */
    public boolean isStateEntered() {
        return name().endsWith("StateEntered");
    }

    /** True for the *StateExited events. */
    public boolean isStateExited() {
        return name().endsWith("StateExited");
    }
}
