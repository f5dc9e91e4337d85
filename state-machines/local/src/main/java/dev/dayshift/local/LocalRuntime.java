package dev.dayshift.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.asl.AslClock;
import dev.dayshift.asl.AslEngine;
import dev.dayshift.asl.Execution;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.asl.HistoryEventType;
import dev.dayshift.asl.StartOptions;
import dev.dayshift.asl.StateMachine;
import dev.dayshift.asl.TaskTokenException;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.gate.ScheduleGate;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.ports.TaskTokens;

import dev.dayshift.core.state.FileStateStore;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import dev.dayshift.definitions.Definitions;
import dev.dayshift.functions.lifecycle.HealthProbe;
import dev.dayshift.functions.lifecycle.LifecycleTasks;
import dev.dayshift.local.internal.LocalResolver;
import dev.dayshift.local.jobs.BuildResult;
import dev.dayshift.local.jobs.BuildspecRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Dayshift without AWS: the lifecycle state machine (the very definition deployed on AWS, with local
 * substitutions) in the embedded engine, the lifecycle-tasks handlers in-process, jobs run on this host
 * from the same buildspecs, notifications to a file, and state under {@code .dayshift/} in the
 * configuration file's directory:
 *
 * <pre>
 * .dayshift/state/                    records (FileStateStore: locks, states, overrides, approvals, ...)
 * .dayshift/builds/&lt;project&gt;/&lt;build&gt;/  each job's work directory and build.log
 * .dayshift/artifacts/&lt;bucket&gt;/...      plan artifacts, as CodeBuild would upload them
 * .dayshift/phase-state/&lt;env&gt;/&lt;phase&gt;/  DAYSHIFT_STATE_DIR: what a phase's jobs keep between runs
 * .dayshift/notifications.jsonl       every notification, one JSON line each
 * </pre>
 *
 * Entry points: {@link #startLifecycle}, {@link #runLifecycle}, {@link #executionStarter()} (for the
 * schedule gate), {@link #scheduleGate()}, {@link #taskTokens()} (approve / reject).
 */
public final class LocalRuntime implements AutoCloseable {

    /** The lifecycle-tasks function's name, as the local substitution names it. */
    public static final String FUNCTION = "dayshift-lifecycle-tasks";
    /** The rollback-tasks function's name, as the local substitution names it. */
    public static final String ROLLBACK_FUNCTION = "dayshift-rollback-tasks";
    /** CodeBuild project prefix locally. */
    public static final String PROJECT_PREFIX = "dayshift";
    /** The artifacts "bucket" locally: a directory under .dayshift/artifacts. */
    public static final String ARTIFACT_BUCKET = "dayshift-local-artifacts";
    /** The values the local runtime substitutes into the definitions. */
    public static final Map<String, String> SUBSTITUTIONS = Map.of(
            "RollbackTasksFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:" + LocalRuntime.ROLLBACK_FUNCTION,
            "LifecycleStateMachineArn", "arn:aws:states:us-east-1:000000000000:stateMachine:dayshift-lifecycle",
            "LifecycleTasksFunctionArn", "arn:aws:lambda:us-east-1:000000000000:function:" + FUNCTION,
            "JobProjectPrefix", PROJECT_PREFIX,
            "NotificationTopicArn", "arn:aws:sns:us-east-1:000000000000:dayshift-notifications");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final DayshiftConfig config;
    private final Path home;
    private final AslClock clock;
    private final StateStore store;
    private final AslEngine engine;
    private final StateMachine lifecycle;
    private final StateMachine rollback;
    private final Notifier notifier;
    private final ExecutorService jobs;
    private final ScheduledExecutorService poller;
    private final Function<LocalResolver.ApprovalRequest, Optional<ApprovalAnswer>> approvals;
    private final Map<String, ApprovalAnswer> decided = new ConcurrentHashMap<>();
    private final Set<String> awaited = ConcurrentHashMap.newKeySet();
    private final Map<String, Execution> started = new ConcurrentHashMap<>();
    private final Random random;

    /** A person's answer to an approval, decided in-process (the demo) rather than from another terminal. */
    public record ApprovalAnswer(boolean approve, String by, String reason) {
    }

    /** What the runtime reports as it goes: a state entered, a job finished, a notification. */
    public interface Observer {
        /** A state was entered (or the execution ended: {@code state} is then SUCCEEDED, FAILED, ...). */
        default void state(Execution execution, String state, Instant at) {
        }

        /** A job finished. */
        default void job(BuildResult build) {
        }

        /** A notification was published. */
        default void notification(Notifier.Notification n) {
        }
    }

    private LocalRuntime(Builder b) {
        this.config = b.config != null ? b.config : ConfigLoader.load(b.configFile);
        Path dir = config.source().toAbsolutePath().getParent();
        this.home = b.home != null ? b.home : homeOf(config);
        this.clock = b.clock;
        this.store = b.store != null ? b.store : new FileStateStore(home.resolve("state"), () -> clock.now());
        this.random = new Random(b.seed);
        this.approvals = b.approvals;
        Observer observer = b.observer;
        this.notifier = new LocalNotifier(home.resolve("notifications.jsonl"), () -> clock.now(), observer::notification);
        LifecycleTasks tasks = new LifecycleTasks(() -> config, store,
                new LocalArtifactStore(home.resolve("artifacts").resolve(ARTIFACT_BUCKET)), ARTIFACT_BUCKET,
                b.probe, notifier, () -> clock.now(), this::nextRandom);
        this.jobs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dayshift-local-job");
            t.setDaemon(true);
            return t;
        });
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dayshift-local-approvals");
            t.setDaemon(true);
            return t;
        });
        LocalResolver resolver = new LocalResolver(FUNCTION, tasks, new BuildspecRunner(home.resolve("builds"), b.hostEnvironment),
                dir, home.resolve("artifacts"), home.resolve("phase-state"), PROJECT_PREFIX, notifier, jobs, this::onApproval,
                observer::job);
        dev.dayshift.core.rollback.RollbackSteps rollbackSteps = new dev.dayshift.core.rollback.RollbackSteps(config, store,
                b.ecs, b.alarms != null ? b.alarms : new dev.dayshift.core.rollback.RecordedAlarmStates(config, store),
                new TaskTokens() {
                    @Override
                    public void succeed(String taskToken, String outputJson) {
                        engine.sendTaskSuccess(taskToken, outputJson);
                    }

                    @Override
                    public void fail(String taskToken, String error, String cause) {
                        engine.sendTaskFailure(taskToken, error, cause);
                    }
                }, notifier, () -> clock.now());
        dev.dayshift.local.internal.LocalRollbackResolver rollbackResolver = new dev.dayshift.local.internal.LocalRollbackResolver(
                ROLLBACK_FUNCTION, rollbackSteps, this::onApproval,
                (name, input) -> CompletableFuture.supplyAsync(() -> startLifecycle(name, input).await(), jobs), jobs);
        this.engine = AslEngine.builder().clock(clock).resolver(dev.dayshift.asl.TaskResolvers.chain(resolver, rollbackResolver))
                .seed(b.seed).listener((execution, event) -> onEvent(execution, event, observer)).build();
        this.lifecycle = StateMachine.parse(Definitions.substitute(Definitions.asl("lifecycle"), SUBSTITUTIONS));
        this.rollback = StateMachine.parse(Definitions.substitute(Definitions.asl("rollback"), SUBSTITUTIONS));
        poller.scheduleWithFixedDelay(this::deliverAnswers, 200, 200, TimeUnit.MILLISECONDS);
    }

    private synchronized double nextRandom() {
        return random.nextDouble();
    }

    /** The {@code .dayshift} directory of a configuration: beside its file. */
    public static Path homeOf(DayshiftConfig config) {
        return config.source().toAbsolutePath().getParent().resolve(".dayshift");
    }

    /** The state store local runs of {@code config} use, for commands that need no engine (status, override). */
    public static StateStore stateStoreOf(DayshiftConfig config) {
        return new FileStateStore(homeOf(config).resolve("state"));
    }

    /** A builder for the configuration file {@code configFile}. */
    public static Builder builder(Path configFile) {
        return new Builder(configFile, null);
    }

    /** A builder for an already loaded configuration. */
    public static Builder builder(DayshiftConfig config) {
        return new Builder(null, config);
    }

    public DayshiftConfig config() {
        return config;
    }

    /** The {@code .dayshift} directory. */
    public Path home() {
        return home;
    }

    public StateStore store() {
        return store;
    }

    public AslClock clock() {
        return clock;
    }

    /** The engine (for tests and the demo: history, tokens). */
    public AslEngine engine() {
        return engine;
    }

    /** Answers approvals: in-process when this runtime's engine waits on the token, else through the store. */
    public TaskTokens taskTokens() {
        return new LocalTaskTokens(store);
    }

    /** Starts the lifecycle or rollback machine on this runtime's engine, by name, at most once per name. */
    public ExecutionStarter executionStarter() {
        return (machine, name, input) -> {
            boolean[] fresh = {false};
            Execution e = started.computeIfAbsent(machine.name() + "/" + name, n -> {
                fresh[0] = true;
                return machine == ExecutionStarter.Machine.ROLLBACK ? startRollback(name, input) : startLifecycle(name, input);
            });
            return new ExecutionStarter.StartResult(e.executionArn(), !fresh[0]);
        };
    }

    /** A lifecycle execution started through {@link #executionStarter()}, by name. */
    public Optional<Execution> startedExecution(String name) {
        return Optional.ofNullable(started.get(ExecutionStarter.Machine.LIFECYCLE.name() + "/" + name));
    }

    /** A rollback execution started through {@link #executionStarter()}, by name. */
    public Optional<Execution> startedRollback(String name) {
        return Optional.ofNullable(started.get(ExecutionStarter.Machine.ROLLBACK.name() + "/" + name));
    }

    /** The rollback trigger on this runtime's store, starting rollbacks here. */
    public dev.dayshift.core.rollback.RollbackTrigger rollbackTrigger() {
        return new dev.dayshift.core.rollback.RollbackTrigger(config, store, executionStarter(), () -> clock.now());
    }

    /** The budget guard on this runtime's store, stopping runtimes here. */
    public dev.dayshift.core.budget.BudgetGuard budgetGuard() {
        return new dev.dayshift.core.budget.BudgetGuard(config, store, executionStarter(), notifier, () -> clock.now());
    }

    /**
     * The rollback trigger, budget guard and schedule gate of this runtime behind one entry for recorded
     * AWS events ({@code dayshift events replay}'s routing), starting executions here; S3 and SQS events
     * are rejected (no image pipeline locally).
     */
    public dev.dayshift.core.events.EventRouter eventRouter() {
        return new dev.dayshift.core.events.EventRouter(config, rollbackTrigger(), budgetGuard(), scheduleGate(),
                dev.dayshift.core.events.EventRouter.NO_OBJECTS);
    }

    /** Starts a rollback execution and returns at once. */
    public Execution startRollback(String executionName, String inputJson) {
        return engine.start(rollback, inputJson, StartOptions.builder().executionName(executionName)
                .stateMachineName("dayshift-rollback").build());
    }

    /** The schedule gate on this runtime's store, starting executions here. */
    public ScheduleGate scheduleGate() {
        return new ScheduleGate(config, store, executionStarter(), () -> clock.now());
    }

    /** Starts a lifecycle execution and returns at once. */
    public Execution startLifecycle(String executionName, String inputJson) {
        return engine.start(lifecycle, inputJson, StartOptions.builder().executionName(executionName)
                .stateMachineName("dayshift-lifecycle").build());
    }

    /** Runs a lifecycle execution to its end. */
    public ExecutionResult runLifecycle(String executionName, String inputJson) {
        return startLifecycle(executionName, inputJson).await();
    }

    /** A fresh execution name for a manual run: {@code manual-<env>-<action>-<time>-<4 hex>}. */
    public String manualExecutionName(String environment, String action) {
        return "manual-" + environment + "-" + action + "-" + NAME_TIME.format(clock.now()) + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 4);
    }

    private void onApproval(LocalResolver.ApprovalRequest request) {
        awaited.add(request.taskToken());
        approvals.apply(request).ifPresent(a -> decided.put(request.executionArn(), a));
    }

    private void onEvent(Execution execution, HistoryEvent event, Observer observer) {
        HistoryEventType t = event.type();
        if (t.name().endsWith("StateEntered")) {
            observer.state(execution, event.stateName(), event.timestamp());
        } else if (t == HistoryEventType.ExecutionSucceeded || t == HistoryEventType.ExecutionFailed
                || t == HistoryEventType.ExecutionAborted || t == HistoryEventType.ExecutionTimedOut) {
            observer.state(execution, t.name().substring("Execution".length()).toUpperCase(java.util.Locale.ROOT), event.timestamp());
        } else if (t == HistoryEventType.TaskSubmitted) {
            ApprovalAnswer a = decided.remove(execution.executionArn());
            if (a != null) {
                String token = tokenOf(execution);
                if (token != null) {
                    answer(token, a);
                }
            }
        }
    }

    private String tokenOf(Execution execution) {
        return new dev.dayshift.core.records.ApprovalRepository(store).pending(envOf(execution))
                .filter(p -> p.executionId().equals(execution.executionArn())).map(p -> p.taskToken()).orElse(null);
    }

    private static String envOf(Execution execution) {
        for (HistoryEvent e : execution.history()) {
            if (e.type() == HistoryEventType.ExecutionStarted) {
                try {
                    return JSON.readTree(e.input()).path("environment").asText();
                } catch (java.io.IOException ex) {
                    return "";
                }
            }
        }
        return "";
    }

    private void answer(String token, ApprovalAnswer a) {
        awaited.remove(token);
        try {
            if (a.approve()) {
                engine.sendTaskSuccess(token, JSON.createObjectNode().put("approvedBy", a.by()).put("reason", a.reason()).toString());
            } else {
                engine.sendTaskFailure(token, dev.dayshift.core.lifecycle.LifecycleErrors.APPROVAL_REJECTED,
                        "rejected by " + a.by() + (a.reason().isBlank() ? "" : ": " + a.reason()));
            }
        } catch (TaskTokenException e) {
            // the task closed meanwhile (timed out); nothing waits for this answer any more
        }
    }

    private void deliverAnswers() {
        for (String token : awaited) {
            Optional<StoredItem> item;
            try {
                item = store.get(LocalTaskTokens.PARTITION, token);
            } catch (RuntimeException e) {
                continue;
            }
            if (item.isEmpty()) {
                continue;
            }
            awaited.remove(token);
            store.deleteIfVersion(LocalTaskTokens.PARTITION, token, item.get().version());
            try {
                JsonNode n = JSON.readTree(item.get().json());
                if ("success".equals(n.path("outcome").asText())) {
                    engine.sendTaskSuccess(token, n.path("output").asText("{}"));
                } else {
                    engine.sendTaskFailure(token, n.path("error").asText(), n.path("cause").asText());
                }
            } catch (java.io.IOException | TaskTokenException e) {
                // a damaged answer or a task that closed meanwhile: nothing left to deliver to
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        engine.close();
        jobs.shutdownNow();
    }

    /** Builds a {@link LocalRuntime}. */
    public static final class Builder {
        private final Path configFile;
        private final DayshiftConfig config;
        private Path home;
        private AslClock clock = AslClock.system();
        private StateStore store;
        private Observer observer = new Observer() {
        };
        private HealthProbe probe = HealthProbe.http();
        private Map<String, String> hostEnvironment = System.getenv();
        private Function<LocalResolver.ApprovalRequest, Optional<ApprovalAnswer>> approvals = r -> Optional.empty();
        private long seed = 42;
        private dev.dayshift.core.ports.EcsServices ecs = new dev.dayshift.local.internal.NoEcs();
        private dev.dayshift.core.ports.AlarmStates alarms;

        private Builder(Path configFile, DayshiftConfig config) {
            this.configFile = configFile;
            this.config = config;
        }

        /** Where state, builds and artifacts go (default: .dayshift beside the configuration file). */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** The clock (default the system clock; a {@code VirtualClock} for simulations). */
        public Builder clock(AslClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The state store (default files under .dayshift/state). */
        public Builder store(StateStore store) {
            this.store = store;
            return this;
        }

        public Builder observer(Observer observer) {
            this.observer = Objects.requireNonNull(observer);
            return this;
        }

        public Builder healthProbe(HealthProbe probe) {
            this.probe = Objects.requireNonNull(probe);
            return this;
        }

        /** The environment jobs start from (default this process's). */
        public Builder hostEnvironment(Map<String, String> env) {
            this.hostEnvironment = Map.copyOf(env);
            return this;
        }

        /**
         * Decides approvals in-process: return an answer to give it as soon as the machine waits, or empty
         * to wait for {@code dayshift approve|reject} (or the timeout).
         */
        public Builder approvals(Function<LocalResolver.ApprovalRequest, Optional<ApprovalAnswer>> approvals) {
            this.approvals = Objects.requireNonNull(approvals);
            return this;
        }

        /** Seed of the jitter's random numbers (repeatable simulations). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** ECS for rollbacks of ECS service targets (default: none; such a rollback fails and changes nothing). */
        public Builder ecs(dev.dayshift.core.ports.EcsServices ecs) {
            this.ecs = Objects.requireNonNull(ecs);
            return this;
        }

        /** Alarm states for the rollback machine (default: the newest state delivered to the rollback trigger). */
        public Builder alarms(dev.dayshift.core.ports.AlarmStates alarms) {
            this.alarms = Objects.requireNonNull(alarms);
            return this;
        }

        public LocalRuntime build() {
            return new LocalRuntime(this);
        }
    }

}
