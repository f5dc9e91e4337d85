package dev.dayshift.cdk.internal;

import java.time.Duration;

/**
 * The Lambda functions Dayshift deploys: the Maven module that builds each one's jar under
 * {@code functions/<module>}, its handler, and the memory and timeout it gets.
 */
public enum LambdaModule {
    SCHEDULE_GATE("schedule-gate", "dev.dayshift.functions.schedulegate.ScheduleGateHandler", 512, Duration.ofSeconds(30)),
    LIFECYCLE_TASKS("lifecycle-tasks", "dev.dayshift.functions.lifecycle.LifecycleTasksHandler", 1024, Duration.ofMinutes(2)),
    ROLLBACK_TRIGGER("rollback-trigger", "dev.dayshift.functions.rollback.RollbackTriggerHandler", 512, Duration.ofSeconds(30)),
    BUDGET_GUARD("budget-guard", "dev.dayshift.functions.budget.BudgetGuardHandler", 512, Duration.ofSeconds(60)),
    IMAGE_PROCESSOR("image-processor", "dev.dayshift.functions.images.ImageProcessorHandler", 2048, Duration.ofMinutes(2));

    private final String module;
    private final String handlerClass;
    private final int memoryMb;
    private final Duration timeout;

    LambdaModule(String module, String handlerClass, int memoryMb, Duration timeout) {
        this.module = module;
        this.handlerClass = handlerClass;
        this.memoryMb = memoryMb;
        this.timeout = timeout;
    }

    /** The module directory name under {@code functions/}, also the function name's suffix. */
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
