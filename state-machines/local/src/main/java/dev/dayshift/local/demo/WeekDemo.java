package dev.dayshift.local.demo;

import dev.dayshift.asl.VirtualClock;
import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.records.GateDecision;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.core.rollback.RecordedAlarmStates;
import dev.dayshift.core.schedule.ScheduleExpression;
import dev.dayshift.functions.lifecycle.HealthProbe;
import dev.dayshift.local.LocalRuntime;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The main demo: the bundled environments ({@code demo}, and the protected {@code demo-prod}) through
 * one week on a virtual clock. Jobs really run on this host; the runtime is a real HTTP service that
 * is really health-checked. What happens:
 *
 * <ul>
 *   <li>every up and down the schedules fire, through the schedule gate (holiday, overrides, recorded
 *       state, budget block);</li>
 *   <li>Monday: a manual plan and apply of the base;</li>
 *   <li>the protected environment's scheduled start waits for an approval, which is granted;</li>
 *   <li>Tuesday: the scheduled up's apply fails once with a transient error and is retried; at 10:00 a
 *       person applies release 2 of the runtime, whose home page answers 500 (its health check passes);
 *       at 11:00 CloudWatch's alarm on those 5xx fires, SNS delivers its notification three times (two
 *       at once), the rollback trigger starts one rollback, which re-applies the runtime's previous
 *       version through the lifecycle, and the alarm clears; in the evening a keep-up override for a
 *       load test, then a manual down; a keep-down override over Wednesday;</li>
 *   <li>Wednesday: AWS Budgets reports actual spend over 100% of the budget: the budget guard notifies
 *       and blocks scheduled starts until the month ends; Thursday is a holiday;</li>
 *   <li>Friday: the scheduled up is refused (the budget block); a manual stop of the protected
 *       environment is rejected, then approved.</li>
 * </ul>
 *
 * The release and the alarm need an infrastructure rollback target with an alarm and a runtime health
 * check (its URL's host and port are what the alarm watches, on {@code /}); the budget notification
 * needs a budget. The demo runs on a copy of the configuration file and its phase directories under
 * {@code <home>/project}, so a release changes nothing in the checkout.
 *
 * {@link #scenario} builds the steps; add your own before {@link #run} (they are kept in time order).
 */
public final class WeekDemo {

    /** The week the demo simulates: Monday 23 November 2026 (Thanksgiving is on the Thursday). */
    public static final LocalDate DEFAULT_WEEK = LocalDate.of(2026, 11, 23);

    /** The file of the demo runtime that says which release it is (demo/runtime/release.json). */
    static final String RELEASE_FILE = "release.json";
    /** Tuesday's release: its home page answers 500 while its health check still passes. */
    static final String RELEASE_2 = "{\"release\": \"2\", \"notes\": \"the new home page (it answers 500)\", \"homeStatus\": 500}\n";

    private WeekDemo() {
    }

    /** What a run produced. */
    public record Result(Scenario scenario, List<Timeline.Entry> timeline, Map<String, List<Interval>> runtimeUp,
                         ZoneId zone, double wallSeconds) {

        /** Hours the environment's runtime was up during the scenario. */
        public double upHours(String environment) {
            return runtimeUp.getOrDefault(environment, List.of()).stream()
                    .mapToDouble(i -> Duration.between(i.from(), i.to()).toSeconds() / 3600.0).sum();
        }

        /** Hours in the scenario: what always-on would cost. */
        public double totalHours() {
            return Duration.between(scenario.start(), scenario.end()).toSeconds() / 3600.0;
        }
    }

    /** A stretch during which a runtime was up, with why it went up. */
    public record Interval(Instant from, Instant to, String why) {
    }

    /** The week's scenario for {@code config}'s environments, starting Monday {@code monday} in the first environment's zone. */
    public static Scenario scenario(DayshiftConfig config, LocalDate monday) {
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException(monday + " is not a Monday");
        }
        ZoneId zone = zone(config);
        Instant start = monday.atStartOfDay(zone).toInstant();
        Instant end = monday.plusDays(7).atStartOfDay(zone).toInstant();
        Scenario s = new Scenario(start, end);
        for (Environment env : config.environments().values()) {
            addScheduled(s, env, GateDecision.Desired.UP, env.schedule().up());
            addScheduled(s, env, GateDecision.Desired.DOWN, env.schedule().down());
        }
        boolean demo = config.environment("demo").isPresent();
        boolean prod = config.environment("demo-prod").isPresent();
        if (demo) {
            s.add(at(monday, 0, "06:30", zone), "demo", "bob", "dayshift plan --env demo --phase base",
                    c -> c.lifecycle("demo", "base", "plan", "new environment: see what the base needs"));
            s.add(at(monday, 0, "06:35", zone), "demo", "bob", "dayshift apply --env demo --phase base",
                    c -> c.lifecycle("demo", "base", "apply", "create the base once; schedules never touch it"));
            s.add(at(monday, 1, "17:00", zone), "demo", "carol", "dayshift override keep-up --until 22:00",
                    c -> c.override("demo", ScheduleOverride.Mode.KEEP_UP, at(monday, 1, "22:00", zone), "evening load test"));
            s.add(at(monday, 1, "22:00", zone), "demo", "carol", "dayshift down --env demo",
                    c -> c.lifecycle("demo", "runtime", "down", "load test finished"));
            s.add(at(monday, 1, "22:05", zone), "demo", "erin", "dayshift override keep-down --until Thu 00:00",
                    c -> c.override("demo", ScheduleOverride.Mode.KEEP_DOWN, at(monday, 3, "00:00", zone), "team offsite on Wednesday"));
            s.add(at(monday, 1, "07:55", zone), "demo", "chaos", "flaky network for the next apply",
                    c -> c.injectTransientApplyFault("demo", "runtime"));
            Environment env = config.environment("demo").get();
            Optional<String> alarm = env.rollback().targets().stream()
                    .filter(t -> t.kind() == RollbackTarget.Kind.INFRASTRUCTURE && !t.alarms().isEmpty())
                    .map(t -> t.alarms().get(0)).findFirst();
            if (alarm.isPresent() && !env.runtime().healthChecks().isEmpty()) {
                s.add(at(monday, 1, "10:00", zone), "demo", "alice", "dayshift apply --env demo (release 2)",
                        c -> {
                            c.release("demo", PhaseName.RUNTIME, RELEASE_FILE, RELEASE_2);
                            c.lifecycle("demo", "runtime", "apply", "release 2: the new home page");
                        });
                s.add(at(monday, 1, "11:00", zone), "demo", DemoContext.CLOUDWATCH, "alarm " + alarm.get()
                        + " on the home page's 5xx", c -> c.alarm(alarm.get(), 3));
            }
            if (env.budget().isPresent()) {
                s.add(at(monday, 2, "12:00", zone), "demo", DemoContext.BUDGETS, "actual spend passed 100% of the budget",
                        c -> c.budgetNotification("demo", BudgetAlert.NotificationType.ACTUAL,
                                env.budget().get().limit().multiply(new BigDecimal("1.048")), new BigDecimal(100)));
            }
        }
        if (prod) {
            s.add(at(monday, 0, "06:55", zone), "demo-prod", "dana", "will approve the morning start",
                    c -> c.answerNextApproval("demo-prod", true, "dana", "Monday release window"));
            s.add(at(monday, 4, "17:30", zone), "demo-prod", "frank", "dayshift down --env demo-prod (dana rejects)",
                    c -> {
                        c.answerNextApproval("demo-prod", false, "dana", "a customer demo runs tonight");
                        c.lifecycle("demo-prod", "runtime", "down", "quiet weekend ahead");
                    });
            s.add(at(monday, 4, "21:00", zone), "demo-prod", "frank", "dayshift down --env demo-prod (dana approves)",
                    c -> {
                        c.answerNextApproval("demo-prod", true, "dana", "customer demo done");
                        c.lifecycle("demo-prod", "runtime", "down", "quiet weekend ahead");
                    });
        }
        return s;
    }

    private static void addScheduled(Scenario s, Environment env, GateDecision.Desired desired, Optional<String> expression) {
        if (expression.isEmpty() || !env.schedule().enabled()) {
            return;
        }
        ScheduleExpression e = ScheduleExpression.parse(expression.get());
        for (Instant t : e.fireTimesBetween(s.start(), s.end(), env.zone(), null)) {
            s.add(t, env.name(), "EventBridge Scheduler", "scheduled " + desired.id(),
                    c -> c.scheduleEvent(env.name(), desired));
        }
    }

    private static Instant at(LocalDate monday, int plusDays, String time, ZoneId zone) {
        return ZonedDateTime.of(monday.plusDays(plusDays), LocalTime.parse(time), zone).toInstant();
    }

    /** The zone the demo week is laid out in: the first environment's. */
    public static ZoneId zone(DayshiftConfig config) {
        return config.environments().values().stream().findFirst().map(Environment::zone).orElse(ZoneId.of("UTC"));
    }

    /**
     * Runs {@code scenario} against {@code config} with state in {@code home} (emptied first).
     *
     * @param progress sees each timeline entry as it happens
     */
    public static Result run(DayshiftConfig config, Scenario scenario, Path home, Consumer<Timeline.Entry> progress)
            throws IOException {
        deleteTree(home);
        long t0 = System.nanoTime();
        DayshiftConfig project = Workspace.copy(config, home.resolve("project"));
        VirtualClock clock = VirtualClock.autoAdvancing(scenario.start());
        Timeline timeline = new Timeline(progress);
        AtomicReference<DemoContext> context = new AtomicReference<>();
        AtomicReference<LocalRuntime> self = new AtomicReference<>();
        DemoCloudWatch cloudWatch = new DemoCloudWatch(() -> clock.now(),
                name -> new RecordedAlarmStates(project, self.get().store()).current(name), HealthProbe.http());
        watchAlarms(project, cloudWatch);
        try (LocalRuntime runtime = LocalRuntime.builder(project).home(home).clock(clock).alarms(cloudWatch).approvals(req -> {
            Optional<LocalRuntime.ApprovalAnswer> a = context.get().nextAnswer(req.environment());
            a.ifPresent(x -> context.get().record(Timeline.Result.NOTE, (x.approve() ? "approved" : "rejected") + " by " + x.by()
                    + " (" + x.reason() + "): " + req.summary(), 0));
            return a;
        }).build()) {
            self.set(runtime);
            DemoContext ctx = new DemoContext(runtime, clock, timeline, cloudWatch);
            context.set(ctx);
            try {
                for (Scenario.Step step : scenario.steps()) {
                    if (clock.now().isBefore(step.at())) {
                        clock.advanceTo(step.at());
                    }
                    ctx.at(step);
                    try {
                        step.action().run(ctx);
                    } catch (Exception e) {
                        ctx.record(Timeline.Result.FAILED, "the step failed: " + e, 0);
                    }
                }
            } finally {
                stopServices(home);
            }
            Map<String, List<Interval>> up = new LinkedHashMap<>();
            for (Environment env : project.environments().values()) {
                up.put(env.name(), upIntervals(new PhaseStateRepository(runtime.store()).history(env.name()), scenario));
            }
            return new Result(scenario, timeline.entries(), up, zone(config), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Each infrastructure target's first alarm watches the runtime's home page (the health check's host and port, {@code /}). */
    private static void watchAlarms(DayshiftConfig config, DemoCloudWatch cloudWatch) {
        for (Environment env : config.environments().values()) {
            if (env.runtime().healthChecks().isEmpty()) {
                continue;
            }
            java.net.URI health = env.runtime().healthChecks().get(0).url();
            for (RollbackTarget t : env.rollback().targets()) {
                if (t.kind() == RollbackTarget.Kind.INFRASTRUCTURE && !t.alarms().isEmpty()) {
                    cloudWatch.watch(t.alarms().get(0), health.resolve("/"));
                }
            }
        }
    }

    static List<Interval> upIntervals(List<PhaseState> history, Scenario s) {
        List<PhaseState> changes = history.stream()
                .filter(h -> h.phase() == PhaseName.RUNTIME && h.outcome() == PhaseState.Outcome.SUCCEEDED)
                .filter(h -> h.status() == PhaseState.Status.UP || h.status() == PhaseState.Status.DOWN)
                .sorted(Comparator.comparing(PhaseState::at)).toList();
        List<Interval> out = new ArrayList<>();
        Instant upSince = null;
        String why = "";
        for (PhaseState h : changes) {
            if (h.status() == PhaseState.Status.UP && upSince == null) {
                upSince = h.at();
                why = h.trigger().id() + (h.reason().isBlank() ? "" : ": " + h.reason());
            } else if (h.status() == PhaseState.Status.DOWN && upSince != null) {
                out.add(new Interval(upSince, h.at(), why));
                upSince = null;
            }
        }
        if (upSince != null) {
            out.add(new Interval(upSince, s.end(), why));
        }
        return out;
    }

    /** Leaves no demo service running after the demo, whatever happened. */
    private static void stopServices(Path home) throws IOException {
        Path states = home.resolve("phase-state");
        if (!Files.isDirectory(states)) {
            return;
        }
        try (Stream<Path> files = Files.walk(states)) {
            for (Path pid : files.filter(p -> p.getFileName().toString().equals("service.pid")).toList()) {
                try {
                    long n = Long.parseLong(Files.readString(pid).strip());
                    ProcessHandle.of(n).ifPresent(ProcessHandle::destroy);
                } catch (NumberFormatException ignored) {
                    // not a pid: nothing to stop
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
