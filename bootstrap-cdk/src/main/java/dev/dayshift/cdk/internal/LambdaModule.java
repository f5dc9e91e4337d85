package dev.dayshift.cdk.internal;

import java.time.Duration;

/**
 * The Lambda functions Dayshift deploys: each one's name, the Maven module under
 * {@code functions/<module>} whose deployable jar holds it, its handler class (declared here, checked
 * against the jar at synth time), and the memory and timeout it gets. One module may hold several
 * functions (rollback-trigger holds the trigger and the rollback machine's tasks; budget-guard the
 * notification handler and the daily check).
 */
public enum LambdaModule {
    SCHEDULE_GATE("schedule-gate", "schedule-gate",
            "dev.dayshift.functions.schedulegate.ScheduleGateHandler", 512, Duration.ofSeconds(30)),
    LIFECYCLE_TASKS("lifecycle-tasks", "lifecycle-tasks",
            "dev.dayshift.functions.lifecycle.LifecycleTasksHandler", 1024, Duration.ofMinutes(2)),
    ROLLBACK_TRIGGER("rollback-trigger", "rollback-trigger",
            "dev.dayshift.functions.rollback.RollbackTriggerHandler", 512, Duration.ofSeconds(30)),
    ROLLBACK_TASKS("rollback-tasks", "rollback-trigger",
            "dev.dayshift.functions.rollback.RollbackTasksHandler", 512, Duration.ofSeconds(60)),
    /** Its timeout must stay under the guard's 45-second claim lease (BudgetGuardHandler's Javadoc). */
    BUDGET_GUARD("budget-guard", "budget-guard",
            "dev.dayshift.functions.budget.BudgetGuardHandler", 512, Duration.ofSeconds(40)),
    BUDGET_CHECK("budget-check", "budget-guard",
            "dev.dayshift.functions.budget.BudgetCheckHandler", 512, Duration.ofSeconds(40)),
    IMAGE_PROCESSOR("image-processor", "image-processor",
            "dev.dayshift.functions.images.ImageProcessorHandler", 2048, Duration.ofMinutes(2));

    private final String function;
    private final String module;
    private final String handlerClass;
    private final int memoryMb;
    private final Duration timeout;

    LambdaModule(String function, String module, String handlerClass, int memoryMb, Duration timeout) {
        this.function = function;
        this.module = module;
        this.handlerClass = handlerClass;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
    }

    /** The function's name suffix: the function is {@code dayshift-<env>-<function>}. */
    public String function() {
        return function;
    }

    /** The module directory name under {@code functions/} that builds its jar. */
    public String module() {
        return module;
    }

    /** The Maven artifact id, {@code dayshift-<module>}. */
    public String artifactId() {
        return "dayshift-" + module;
    }

    /** The handler class, fully qualified. */
    public String handlerClass() {
        return handlerClass;
    }

    /** The handler string Lambda is given. */
    public String handler() {
        return handlerClass + "::handleRequest";
    }

    public int memoryMb() {
        return memoryMb;
    }

    public Duration timeout() {
        return timeout;
    }
}
