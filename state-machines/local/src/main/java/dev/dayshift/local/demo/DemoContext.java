package dev.dayshift.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.asl.Execution;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.VirtualClock;
import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.config.BudgetPolicy;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.events.EventOutcome;
import dev.dayshift.core.gate.ScheduleEvent;
import dev.dayshift.core.lifecycle.SourceVersion;
import dev.dayshift.core.records.GateDecision;
import dev.dayshift.core.records.OverrideRepository;
import dev.dayshift.core.records.RuntimeOverride;
import dev.dayshift.core.rollback.AlarmState;
import dev.dayshift.local.LocalRuntime;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a scenario step can do: the local runtime on the virtual clock, and helpers for the usual
 * moves (a schedule event through the gate, a manual lifecycle run, an override, a fault, an answer
 * to the next approval, a new release of a phase, a CloudWatch alarm, an AWS Budgets notification),
 * each recording its outcome on the timeline. Alarm and budget notifications are delivered as AWS
 * sends them, through the same parsers and handlers as {@code dayshift events replay}
 * ({@link LocalRuntime#eventRouter()}).
 */
public final class DemoContext {

    /** The actor of CloudWatch's steps and notes on the timeline. */
    public static final String CLOUDWATCH = "CloudWatch";
    /** The actor of AWS Budgets' steps on the timeline. */
    public static final String BUDGETS = "AWS Budgets";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalRuntime runtime;
    private final VirtualClock clock;
    private final Timeline timeline;
    private final DemoCloudWatch cloudWatch;
    private final Map<String, Queue<LocalRuntime.ApprovalAnswer>> answers = new ConcurrentHashMap<>();
    private volatile Scenario.Step step;
    /** What the rollback trigger did with CloudWatch's last notification. */
    private volatile EventOutcome lastDelivery;

    DemoContext(LocalRuntime runtime, VirtualClock clock, Timeline timeline, DemoCloudWatch cloudWatch) {
        this.runtime = runtime;
        this.clock = clock;
        this.timeline = timeline;
        this.cloudWatch = cloudWatch;
        cloudWatch.onTransition(this::alarmChanged);
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

    /**
     * A new release of a phase: writes {@code file} (relative to the phase directory of the demo's copy
     * of the project) with {@code content}; the next apply deploys it as a new version.
     */
    public void release(String environment, PhaseName phase, String file, String content) throws IOException {
        Path dir = runtime.config().requireEnvironment(environment).phase(phase).orElseThrow().directory();
        Files.writeString(dir.resolve(file), content);
        record(Timeline.Result.NOTE, phase.id() + " directory is version " + SourceVersion.shortForm(SourceVersion.of(dir))
                + " now (" + file + " changed)", 0);
    }

    /** The demo's CloudWatch (alarms evaluated from the runtime's real answers). */
    public DemoCloudWatch cloudWatch() {
        return cloudWatch;
    }

    /**
     * CloudWatch evaluates {@code alarm}; when it enters ALARM, its notification reaches the rollback
     * trigger {@code deliveries} times (SNS delivers at least once; all but the first at the same time),
     * and the rollback it starts runs to its end.
     */
    public void alarm(String alarm, int deliveries) throws InterruptedException {
        long t0 = System.nanoTime();
        Optional<DemoCloudWatch.Transition> t = cloudWatch.evaluate(alarm);
        if (t.isEmpty() || t.get().to() != AlarmState.ALARM) {
            record(Timeline.Result.NOTE, "alarm " + alarm + " is " + cloudWatch.current(alarm).map(Enum::name).orElse("?")
                    + ": nothing to do", 0);
            return;
        }
        EventOutcome first = lastDelivery;
        if (deliveries > 1) {
            List<EventOutcome> again = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int i = 1; i < deliveries; i++) {
                threads.add(Thread.ofPlatform().start(() -> again.addAll(runtime.eventRouter().deliver(t.get().notification()))));
            }
            for (Thread th : threads) {
                th.join();
            }
            long ignored = again.stream().filter(o -> o.action().equals("ignored")).count();
            record(Timeline.Result.NOTE, (deliveries - 1) + " more deliveries of the same notification, at the same time: "
                    + ignored + " ignored as duplicates" + again.stream().filter(o -> !o.action().equals("ignored"))
                    .map(o -> ", " + o.action() + " (" + o.reason() + ")").findFirst().orElse(""), 0);
        }
        Optional<Execution> rollback = first == null ? Optional.empty()
                : first.execution().flatMap(runtime::startedRollback);
        if (rollback.isEmpty()) {
            return;
        }
        ExecutionResult r = rollback.get().await();
        double s = secondsSince(t0);
        if (r.status() == ExecutionStatus.SUCCEEDED) {
            JsonNode out = JSON.valueToTree(r.outputValue());
            record(Timeline.Result.DONE, "rolled back target '" + out.path("target").asText() + "': version "
                    + SourceVersion.shortForm(out.path("sourceVersion").asText()) + " re-applied through the lifecycle"
                    + (out.has("replacedSourceVersion") ? " (replacing " + SourceVersion.shortForm(out.path("replacedSourceVersion")
                            .asText()) + ")" : "") + "; alarm " + out.path("alarm").asText() + " " + out.path("alarmState").asText(), s);
        } else {
            record(Timeline.Result.FAILED, "rollback " + r.error() + ": " + r.cause(), s);
        }
    }

    /** A change CloudWatch saw: noted, and its notification delivered to the rollback trigger once. */
    private void alarmChanged(DemoCloudWatch.Transition t) {
        record(Timeline.Result.NOTE, "alarm " + t.alarm() + " " + t.from() + " -> " + t.to() + ": " + t.reason(), 0);
        List<EventOutcome> outcomes = runtime.eventRouter().deliver(t.notification());
        lastDelivery = outcomes.get(0);
        EventOutcome o = lastDelivery;
        record(o.action().equals("start-rollback") ? Timeline.Result.DONE : Timeline.Result.NOTE,
                "notification to the rollback trigger: " + o.action() + " (" + o.reason() + ")"
                        + o.execution().map(e -> ", execution " + e).orElse(""), 0);
    }

    /**
     * AWS Budgets notifies the budgets topic that the environment's {@code type} (ACTUAL or FORECASTED)
     * spend reached {@code amount}, over the alert {@code threshold} (percent of the limit); the budget
     * guard applies the environment's policy.
     */
    public void budgetNotification(String environment, BudgetAlert.NotificationType type, BigDecimal amount,
            BigDecimal thresholdPercent) {
        long t0 = System.nanoTime();
        BudgetPolicy policy = runtime.config().requireEnvironment(environment).budget().orElseThrow(() ->
                new IllegalArgumentException("environment " + environment + " has no budget"));
        String text = budgetText(policy, type, amount, thresholdPercent, clock.now());
        for (EventOutcome o : runtime.eventRouter().deliver(text)) {
            record(o.action().equals("rejected") ? Timeline.Result.FAILED : Timeline.Result.DONE,
                    "budget guard: " + o.action() + " (" + o.reason() + ")", secondsSince(t0));
        }
    }

    /** AWS Budgets' notification (plain text, as its SNS topic carries it) in an SNS Lambda event. */
    static String budgetText(BudgetPolicy p, BudgetAlert.NotificationType type, BigDecimal amount, BigDecimal thresholdPercent,
            Instant at) {
        BigDecimal threshold = p.limit().multiply(thresholdPercent).divide(BigDecimal.valueOf(100), 2, java.math.RoundingMode.HALF_UP);
        String period = switch (p.period()) {
            case DAILY -> "day";
            case MONTHLY -> "month";
            case QUARTERLY -> "quarter";
            case ANNUALLY -> "year";
        };
        String money = "USD".equals(p.unit()) ? "$" : p.unit() + " ";
        String body = "AWS Budget Notification " + DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH)
                .format(at.atZone(ZoneOffset.UTC)) + "\nAWS Account " + DemoCloudWatch.ACCOUNT + "\n\nDear AWS Customer,\n\n"
                + "You requested that we alert you when the " + type + " Cost associated with your " + p.name()
                + " budget is greater than " + money + threshold.toPlainString() + " for the current " + period + ". The " + type
                + " Cost associated with this budget is " + money + amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                + ". You can find additional details below and by accessing the AWS Budgets dashboard [1].\n\n"
                + "Budget Name: " + p.name() + "\nBudget Type: Cost\nBudgeted Amount: " + money
                + p.limit().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "\nAlert Type: " + type
                + "\nAlert Threshold: > " + money + threshold.toPlainString() + "\n" + type + " Amount: " + money
                + amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()
                + "\n\n[1] https://console.aws.amazon.com/billing/home#/budgets\n";
        return DemoCloudWatch.snsEvent("arn:aws:sns:" + DemoCloudWatch.REGION + ":" + DemoCloudWatch.ACCOUNT + ":dayshift-budgets",
                "AWS Budgets: " + p.name() + " has exceeded your alert threshold", body, at);
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
