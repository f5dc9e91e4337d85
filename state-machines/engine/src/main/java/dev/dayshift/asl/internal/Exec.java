package dev.dayshift.asl.internal;

import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.asl.HistoryEventType;
import dev.dayshift.asl.HistoryListener;
import dev.dayshift.asl.HistoryMode;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One execution: its identity, history, result and root frame. Touched only on the engine's driver thread. */
public final class Exec {
    final EngineCore core;
    final Model.Machine machine;
    public final String name;
    public final String arn;
    public final String stateMachineArn;
    public final String stateMachineName;
    public final String roleArn;
    public final String testCase;
    final Object input;
    public final Instant startTime;
    private final EventLog history;
    private final HistoryListener listener;
    private long eventCount;
    public volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    public volatile Object output = HistoryEvent.NONE_VALUE;
    public volatile String error;
    public volatile String cause;
    public volatile Instant stopTime;
    /** Completed when the execution ends. */
    public final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile boolean ended;
    final Map<String, Object> ctxExecution;
    final Map<String, Object> ctxStateMachine;
    private final Map<String, int[]> invocations = new HashMap<>();
    private Frame root;
    private EngineCore.Timer timeout;
    /** The public handle, passed to listeners. */
    public Object handle;

    public Exec(EngineCore core, Model.Machine machine, String name, String stateMachineArn, String stateMachineName,
            String roleArn, String testCase, Object input, HistoryMode mode, HistoryListener listener) {
        this.core = core;
        this.machine = machine;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.arn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
        this.roleArn = roleArn;
        this.testCase = testCase;
        this.input = input;
        this.startTime = core.clock.now();
        this.history = mode == HistoryMode.FULL ? new EventLog() : null;
        this.listener = listener;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("Id", arn);
        e.put("Input", input);
        e.put("StartTime", Timestamps.format(startTime));
        e.put("Name", name);
        e.put("RoleArn", roleArn);
        e.put("RedriveCount", 0L);
        this.ctxExecution = Collections.unmodifiableMap(e);
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("Id", stateMachineArn);
        sm.put("Name", stateMachineName);
        this.ctxStateMachine = Collections.unmodifiableMap(sm);
    }

    /** Starts the execution; on the driver thread. */
    public void begin() {
        core.executionStarted();
        emit(HistoryEventType.ExecutionStarted, 0, null, input, HistoryEvent.NONE_VALUE, null, null, null, roleArn,
                -1, null, null, null);
        if (machine.timeoutSeconds != null) {
            timeout = core.schedule(startTime.plusSeconds(machine.timeoutSeconds), this, () -> end(
                    ExecutionStatus.TIMED_OUT, HistoryEvent.NONE_VALUE, ErrorNames.TIMEOUT,
                    "The execution timed out after " + machine.timeoutSeconds + " seconds"));
        }
        root = new Frame(this, null, machine.scope, new Vars(null), null, 0, false, 1);
        root.startAt(machine.scope.startAt, input);
        core.enqueue(root::run);
    }

    /** Emits an event (kept when history is FULL, shown to listeners) and returns its id. */
    long emit(HistoryEventType type, long previous, String stateName, Object in, Object out, String err,
            String errCause, String resourceType, String resource, int index, Long timeoutSeconds,
            Long heartbeatSeconds, Map<String, Object> assigned) {
        long id = ++eventCount;
        if (history != null) {
            history.add(type, previous, core.now(), stateName, in, out, err, errCause, resourceType, resource, index,
                    timeoutSeconds, heartbeatSeconds, assigned);
        }
        if (listener != null || core.listener != null) {
            notify(new HistoryEvent(id, previous, core.now(), type, stateName, in, out, err, errCause, resourceType,
                    resource, index, timeoutSeconds, heartbeatSeconds, assigned));
        }
        return id;
    }

    private void notify(HistoryEvent ev) {
        dev.dayshift.asl.Execution h = (dev.dayshift.asl.Execution) handle;
        if (listener != null) {
            try {
                listener.onEvent(h, ev);
            } catch (RuntimeException e) {
                // a listener's own failure must not break the execution
            }
        }
        if (core.listener != null) {
            try {
                core.listener.onEvent(h, ev);
            } catch (RuntimeException e) {
                // a listener's own failure must not break the execution
            }
        }
    }

    long lastEventId() {
        return eventCount;
    }

    /** A copy of the history so far (empty when history is off). */
    public List<HistoryEvent> history() {
        if (history == null) {
            return List.of();
        }
        return history.snapshot();
    }

    /** Counts a call of a Task state (for mocked responses); returns the count before this call. */
    int nextInvocation(String stateName) {
        int[] c = invocations.computeIfAbsent(stateName, k -> new int[1]);
        return c[0]++;
    }

    void succeed(Object out) {
        end(ExecutionStatus.SUCCEEDED, out, null, null);
    }

    void fail(String err, String errCause) {
        end(ExecutionStatus.FAILED, HistoryEvent.NONE_VALUE, err, errCause);
    }

    /** Ends the execution with a status; later calls do nothing. */
    public void end(ExecutionStatus st, Object out, String err, String errCause) {
        if (ended) {
            return;
        }
        ended = true;
        if (timeout != null) {
            timeout.cancel();
        }
        if (root != null) {
            root.cancelTree();
        }
        switch (st) {
            case SUCCEEDED -> emit(HistoryEventType.ExecutionSucceeded, eventCount, null, HistoryEvent.NONE_VALUE, out,
                    null, null, null, null, -1, null, null, null);
            case FAILED -> emit(HistoryEventType.ExecutionFailed, eventCount, null, HistoryEvent.NONE_VALUE,
                    HistoryEvent.NONE_VALUE, err, errCause, null, null, -1, null, null, null);
            case TIMED_OUT -> emit(HistoryEventType.ExecutionTimedOut, eventCount, null, HistoryEvent.NONE_VALUE,
                    HistoryEvent.NONE_VALUE, err, errCause, null, null, -1, null, null, null);
            case ABORTED -> emit(HistoryEventType.ExecutionAborted, eventCount, null, HistoryEvent.NONE_VALUE,
                    HistoryEvent.NONE_VALUE, err, errCause, null, null, -1, null, null, null);
            default -> {
            }
        }
        this.output = out;
        this.error = err;
        this.cause = errCause;
        this.stopTime = core.now();
        this.status = st;
        core.executionEnded();
        done.complete(null);
    }
}
