package dev.dayshift.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.asl.Execution;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.VirtualClock;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.gate.ScheduleEvent;
import dev.dayshift.core.records.GateDecision;
import dev.dayshift.core.records.OverrideRepository;
import dev.dayshift.core.records.RuntimeOverride;
import dev.dayshift.local.LocalRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a scenario step can do: the local runtime on the virtual clock, and helpers for the usual
 * moves (a schedule event through the gate, a manual lifecycle run, an override, a fault, an answer
 * to the next approval), each recording its outcome on the timeline.
 */
public final class DemoContext {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalRuntime runtime;
    private final VirtualClock clock;
    private final Timeline timeline;
    private final Map<String, Queue<LocalRuntime.ApprovalAnswer>> answers = new ConcurrentHashMap<>();
    private Scenario.Step step;

    DemoContext(LocalRuntime runtime, VirtualClock clock, Timeline timeline) {
        this.runtime = runtime;
        this.clock = clock;
        this.timeline = timeline;
    }

    void at(Scenario.Step s) {
        this.step = s;
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    public VirtualClock clock() {
        return clock;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The step being run. */
    public Scenario.Step step() {
        return step;
    }

    /** Records an outcome of the current step. */
    public void record(Timeline.Result result, String detail, double seconds) {
        timeline.add(new Timeline.Entry(step.at(), step.environment(), step.actor(), step.description(), result, detail, seconds));
    }

    /** EventBridge Scheduler fires: the schedule gate decides, and a started lifecycle runs to its end. */
    public void scheduleEvent(String environment, GateDecision.Desired desired) {
        long t0 = System.nanoTime();
        GateDecision d = runtime.scheduleGate().handle(new ScheduleEvent(environment, desired, Optional.of(step.at())));
        if (d.verdict() == GateDecision.Verdict.SKIPPED) {
            record(Timeline.Result.SKIPPED, d.reason(), secondsSince(t0));
            return;
        }
        Execution e = runtime.startedExecution(d.executionName().orElseThrow()).orElseThrow();
        finish(e.await(), t0, d.reason());
    }

    /** A person runs {@code dayshift ACTION --env ENV [--phase PHASE]}. */
    public void lifecycle(String environment, String phase, String action, String reason) {
        long t0 = System.nanoTime();
        ObjectNode input = JSON.createObjectNode();
        input.put("environment", environment);
        input.put("phase", phase);
        input.put("action", action);
        input.put("trigger", "manual");
        input.put("requestedBy", step.actor());
        input.put("reason", reason);
        ExecutionResult r = runtime.runLifecycle(runtime.manualExecutionName(environment, action), input.toString());
        finish(r, t0, reason);
    }

    /** A person sets a keep-up or keep-down override until {@code until}. */
    public void override(String environment, ScheduleOverride.Mode mode, Instant until, String reason) {
        Instant now = clock.now();
        new OverrideRepository(runtime.store()).set(new RuntimeOverride(environment,
                new ScheduleOverride(mode, Optional.of(now), until, reason, step.actor()), now));
        record(Timeline.Result.DONE, mode.id() + " until " + java.time.format.DateTimeFormatter.ofPattern("EEE HH:mm", java.util.Locale.ENGLISH)
                .format(until.atZone(runtime.config().environment(environment).map(e -> e.zone()).orElse(java.time.ZoneOffset.UTC)))
                + ": " + reason, 0);
    }

    /** The next apply of the phase fails once with a transient error (exit 75), as a flaky network would. */
    public void injectTransientApplyFault(String environment, String phase) throws IOException {
        Path dir = runtime.home().resolve("phase-state").resolve(environment).resolve(phase);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("fault-next-apply"), "");
        record(Timeline.Result.NOTE, "the next " + phase + " apply will fail once with a transient error", 0);
    }

    /** Queues the answer a person gives to the environment's next approval request. */
    public void answerNextApproval(String environment, boolean approve, String by, String reason) {
        answers.computeIfAbsent(environment, k -> new ArrayDeque<>()).add(new LocalRuntime.ApprovalAnswer(approve, by, reason));
    }

    Optional<LocalRuntime.ApprovalAnswer> nextAnswer(String environment) {
        Queue<LocalRuntime.ApprovalAnswer> q = answers.get(environment);
        return Optional.ofNullable(q == null ? null : q.poll());
    }

    private void finish(ExecutionResult r, long t0, String why) {
        double s = secondsSince(t0);
        long retries = r.history().stream().filter(h -> h.type() == dev.dayshift.asl.HistoryEventType.WaitStateEntered
                && h.stateName() != null && h.stateName().startsWith("WaitBefore")).count();
        if (retries > 0) {
            record(Timeline.Result.NOTE, "a job failed transiently and was retried " + retries + (retries == 1 ? " time" : " times")
                    + " with backoff and jitter", 0);
        }
        if (r.status() == ExecutionStatus.SUCCEEDED) {
            String summary = r.outputValue() instanceof Map<?, ?> m && m.get("summary") != null ? String.valueOf(m.get("summary")) : "done";
            record(Timeline.Result.DONE, summary + (why.isBlank() ? "" : " [" + why + "]"), s);
        } else {
            record(Timeline.Result.FAILED, r.error() + ": " + r.cause(), s);
        }
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
