package dev.dayshift.asl;

/** An execution's status, as AWS names it. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED
}
