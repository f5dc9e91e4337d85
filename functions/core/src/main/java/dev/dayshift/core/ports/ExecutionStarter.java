package dev.dayshift.core.ports;

import java.util.Objects;

/**
 * Starts Dayshift's state machines. On AWS, Step Functions StartExecution; locally, the embedded
 * engine. Execution names make starts idempotent: starting the same name twice never runs twice.
 */
public interface ExecutionStarter {

    /** Dayshift's state machines, by role. */
    enum Machine {
        /** base/runtime plan, apply, destroy, up, down. */
        LIFECYCLE,
        /** alarm-triggered rollback. */
        ROLLBACK
    }

    /**
     * Starts {@code machine} with {@code executionName} and {@code inputJson}.
     *
     * @param executionName 1-80 characters of {@code [A-Za-z0-9-_]}, unique per machine
     * @return whether a new execution started or one with that name already existed
     */
    StartResult start(Machine machine, String executionName, String inputJson);

    /** The outcome of a start. */
    record StartResult(String executionId, boolean alreadyExisted) {
        public StartResult {
            Objects.requireNonNull(executionId, "executionId");
        }
    }
}
