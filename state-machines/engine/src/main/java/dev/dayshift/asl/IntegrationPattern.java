package dev.dayshift.asl;

/** How a Task's resource is called, from the suffix of its Resource ARN. */
public enum IntegrationPattern {
    /** No suffix: call and take the response. */
    REQUEST_RESPONSE,
    /** {@code .sync}: start a job and wait until it finishes; the resolver's result is the job's result. */
    SYNC,
    /** {@code .waitForTaskToken}: pass a task token and wait until someone sends it back. */
    WAIT_FOR_TASK_TOKEN
}
