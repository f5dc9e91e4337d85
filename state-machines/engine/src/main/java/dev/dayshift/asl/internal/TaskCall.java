package dev.dayshift.asl.internal;

import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.asl.HistoryEventType;
import dev.dayshift.asl.IntegrationPattern;
import dev.dayshift.asl.TaskFailedException;
import dev.dayshift.asl.TaskRequest;
import dev.dayshift.asl.TaskResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** One call of a Task state's resource: scheduling, the resolver, task tokens, timeouts and heartbeats. */
final class TaskCall {
    private final Frame frame;
    private final EngineCore core;
    private final Model.TaskState st;
    private final Object args;
    private final Long timeout;
    private final Long heartbeat;
    private final int attempt;
    private final boolean lambda;
    private final String resourceType;
    private final String resource;
    private String token;
    private EngineCore.Timer timeoutTimer;
    private EngineCore.Timer heartbeatTimer;
    private boolean closed;

    private TaskCall(Frame frame, Model.TaskState st, Object args, Long timeout, Long heartbeat, int attempt) {
        this.frame = frame;
        this.core = frame.core;
        this.st = st;
        this.args = args;
        this.timeout = timeout;
        this.heartbeat = heartbeat;
        this.attempt = attempt;
        this.lambda = st.lambdaFunction;
        this.resourceType = st.resourceType;
        this.resource = st.resourceName;
    }

    /** Starts a call; returns whether the frame continues synchronously. */
    static boolean start(Frame frame, Model.TaskState st, Object args, Long timeout, Long heartbeat, int attempt) {
        TaskCall c = new TaskCall(frame, st, args, timeout, heartbeat, attempt);
        frame.call = c;
        return c.begin();
    }

    private IntegrationPattern pattern() {
        return switch (st.pattern) {
            case SYNC -> IntegrationPattern.SYNC;
            case WAIT_FOR_TASK_TOKEN -> IntegrationPattern.WAIT_FOR_TASK_TOKEN;
            default -> IntegrationPattern.REQUEST_RESPONSE;
        };
    }

    private boolean begin() {
        if (lambda) {
            frame.emitRaw(HistoryEventType.LambdaFunctionScheduled, null, args, HistoryEvent.NONE_VALUE, null, null,
                    null, resource, -1, timeout, heartbeat);
        } else {
            frame.emitRaw(HistoryEventType.TaskScheduled, null, args, HistoryEvent.NONE_VALUE, core.region, null,
                    resourceType, resource, -1, timeout, heartbeat);
        }
        if (st.pattern == Model.Pattern.WAIT_FOR_TASK_TOKEN) {
            token = frame.taskToken;
            core.tokens.put(token, this);
        }
        frame.emitRaw(lambda ? HistoryEventType.LambdaFunctionStarted : HistoryEventType.TaskStarted, null,
                HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE, null, null, resourceType, lambda ? null : resource,
                -1, null, null);
        java.time.Instant now = core.now();
        if (timeout != null) {
            timeoutTimer = core.schedule(now.plusSeconds(timeout), frame.exec,
                    () -> timedOut(ErrorNames.TIMEOUT, null));
        }
        if (heartbeat != null) {
            heartbeatTimer = core.schedule(now.plusSeconds(heartbeat), frame.exec,
                    () -> timedOut(ErrorNames.HEARTBEAT_TIMEOUT, null));
        }
        TaskRequest request = new TaskRequest(st.resource, pattern(), args, token, frame.contextSnapshot(), st.name,
                frame.exec.arn, frame.exec.stateMachineName, frame.exec.testCase, attempt,
                frame.exec.nextInvocation(st.name), timeout, heartbeat);
        CompletionStage<TaskResult> stage;
        try {
            stage = core.resolver == null ? null : core.resolver.resolve(request);
        } catch (TaskFailedException e) {
            return fail(e.error(), e.errorCause());
        } catch (RuntimeException e) {
            return fail(e.getClass().getName(), e.getMessage());
        }
        if (stage == null) {
            if (st.pattern == Model.Pattern.WAIT_FOR_TASK_TOKEN) {
                return submitted();
            }
            close();
            frame.call = null;
            throw AslError.runtime("No task resolver handles the resource '" + st.resource + "'");
        }
        CompletableFuture<TaskResult> f = stage.toCompletableFuture();
        if (f.isDone()) {
            return outcome(f);
        }
        core.taskStarted();
        f.whenComplete((r, ex) -> core.post(() -> {
            core.taskFinished();
            frame.resume(() -> outcome(f));
        }));
        return false;
    }

    private boolean outcome(CompletableFuture<TaskResult> f) {
        if (closed) {
            return false;
        }
        TaskResult r;
        try {
            r = f.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            if (t instanceof TaskFailedException tf) {
                return fail(tf.error(), tf.errorCause());
            }
            return fail(t.getClass().getName(), t.getMessage());
        }
        if (r == null) {
            return fail(ErrorNames.TASK_FAILED, "The task resolver returned no result");
        }
        if (r instanceof TaskResult.Success s) {
            return complete(s.value());
        }
        if (r instanceof TaskResult.Failure fl) {
            return fail(fl.error(), fl.cause());
        }
        if (st.pattern != Model.Pattern.WAIT_FOR_TASK_TOKEN) {
            return fail(ErrorNames.TASK_FAILED, "The task resolver asked to wait for a task token, but the resource '"
                    + st.resource + "' is not a .waitForTaskToken integration");
        }
        return submitted();
    }

    private boolean submitted() {
        if (!lambda) {
            frame.emitRaw(HistoryEventType.TaskSubmitted, null, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE, null,
                    null, resourceType, resource, -1, null, null);
        }
        return false;
    }

    private boolean complete(Object value) {
        close();
        frame.emitRaw(lambda ? HistoryEventType.LambdaFunctionSucceeded : HistoryEventType.TaskSucceeded, null,
                HistoryEvent.NONE_VALUE, value, null, null, resourceType, lambda ? null : resource, -1, null, null);
        return frame.taskSucceeded(st, value);
    }

    private boolean fail(String error, String cause) {
        close();
        frame.emitRaw(lambda ? HistoryEventType.LambdaFunctionFailed : HistoryEventType.TaskFailed, null,
                HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE, error, cause, resourceType,
                lambda ? null : resource, -1, null, null);
        return frame.taskFailed(error, cause);
    }

    private void timedOut(String error, String cause) {
        if (closed) {
            return;
        }
        close();
        frame.emitRaw(lambda ? HistoryEventType.LambdaFunctionTimedOut : HistoryEventType.TaskTimedOut, null,
                HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE, error, cause, resourceType,
                lambda ? null : resource, -1, null, null);
        frame.resume(() -> frame.taskFailed(error, cause));
    }

    /** Closes the call: no result is taken after this; the token is forgotten. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timeoutTimer != null) {
            timeoutTimer.cancel();
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        if (token != null) {
            core.tokens.remove(token);
        }
    }

    // Task token callbacks, posted to the driver by the engine.

    void tokenSuccess(Object output) {
        if (!closed) {
            frame.resume(() -> complete(output));
        }
    }

    void tokenFailure(String error, String cause) {
        if (!closed) {
            frame.resume(() -> fail(error, cause));
        }
    }

    void tokenHeartbeat() {
        if (closed || heartbeat == null) {
            return;
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        heartbeatTimer = core.schedule(core.now().plusSeconds(heartbeat), frame.exec,
                () -> timedOut(ErrorNames.HEARTBEAT_TIMEOUT, null));
    }
}
