package dev.dayshift.asl;

import dev.dayshift.asl.internal.EngineCore;
import dev.dayshift.asl.internal.Exec;
import dev.dayshift.asl.internal.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** A running (or finished) execution, as {@link AslEngine#start} returns it. Thread-safe. */
public final class Execution {
    private final EngineCore core;
    private final Exec exec;

    Execution(EngineCore core, Exec exec) {
        this.core = core;
        this.exec = exec;
        exec.handle = this;
    }

    public String executionArn() {
        return exec.arn;
    }

    public String name() {
        return exec.name;
    }

    public String stateMachineName() {
        return exec.stateMachineName;
    }

    public ExecutionStatus status() {
        return exec.status;
    }

    /** Waits for the end and returns how it ended. */
    public ExecutionResult await() {
        try {
            core.await(exec, -1);
        } catch (TimeoutException e) {
            throw new IllegalStateException("unreachable: no timeout", e);
        }
        return result().orElseThrow();
    }

    /**
     * Waits at most {@code timeout} (real time) for the end.
     *
     * @throws TimeoutException when it has not ended by then
     */
    public ExecutionResult await(Duration timeout) throws TimeoutException {
        core.await(exec, timeout.toNanos());
        return result().orElseThrow();
    }

    /** The result once ended; empty while running. */
    public Optional<ExecutionResult> result() {
        if (!exec.done.isDone()) {
            return Optional.empty();
        }
        Object out = exec.output;
        String outJson = exec.status == ExecutionStatus.SUCCEEDED ? Json.write(out) : null;
        return Optional.of(new ExecutionResult(exec.status, outJson, exec.error, exec.cause, exec.history(),
                exec.startTime, exec.stopTime));
    }

    /** The history so far (empty when the execution keeps none). */
    public List<HistoryEvent> history() {
        return exec.history();
    }

    /** Aborts the execution (as StopExecution does); does nothing when it has ended. */
    public void stop(String error, String cause) {
        core.stop(exec, error, cause);
    }

    @Override
    public String toString() {
        return exec.arn + " (" + exec.status + ")";
    }
}
