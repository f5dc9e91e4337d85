package dev.dayshift.core.lifecycle;

/**
 * The error names a lifecycle execution fails with: what {@code Error} a Step Functions execution
 * (or the embedded engine) reports, what Catchers and people match on. Named once, here.
 */
public final class LifecycleErrors {
    /** The execution input is malformed: a missing, unknown or wrongly typed field. No job ran. */
    public static final String INVALID_INPUT = "Dayshift.InvalidInput";
    /** The input names an environment (or a phase) the configuration does not declare. No job ran. */
    public static final String UNKNOWN_ENVIRONMENT = "Dayshift.UnknownEnvironment";
    /**
     * Protection forbids it: a schedule or budget stopping a protected environment, an automatic
     * trigger touching a base phase, a destroy of a protected environment's base. No job ran.
     */
    public static final String PROTECTED = "Dayshift.Protected";
    /**
     * The input pins a runtime {@code sourceVersion} that the environment has no record of, or whose
     * snapshot is gone from the artifacts. No job ran.
     */
    public static final String UNKNOWN_VERSION = "Dayshift.UnknownVersion";
    /** Another execution held the environment's lock for longer than the environment's lock wait. */
    public static final String LOCKED = "Dayshift.Locked";
    /** The plan guard refused the plan (it would delete or replace base resources). Nothing applied. */
    public static final String PLAN_REFUSED = "Dayshift.PlanRefused";
    /** A person rejected the approval. Nothing applied. */
    public static final String APPROVAL_REJECTED = "Dayshift.ApprovalRejected";
    /** Nobody approved or rejected within the environment's approval timeout. Nothing applied. */
    public static final String APPROVAL_TIMED_OUT = "Dayshift.ApprovalTimedOut";
    /** A plan or apply job failed (after the retries its failure allowed). */
    public static final String JOB_FAILED = "Dayshift.JobFailed";
    /** The job needs a tool (terraform, cdk) that the machine running it lacks. */
    public static final String MISSING_TOOL = "Dayshift.MissingTool";
    /** The runtime was applied but its health checks did not pass within their attempts. */
    public static final String HEALTH_CHECK_FAILED = "Dayshift.HealthCheckFailed";

    private LifecycleErrors() {
    }
}
