package dev.dayshift.cli.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.asl.Execution;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.lifecycle.LifecycleErrors;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.local.LocalRuntime;
import dev.dayshift.local.jobs.BuildResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code dayshift up|down|plan|apply|destroy} share: run the lifecycle machine locally (embedded
 * engine, handlers in-process, jobs on this host), print each state as it is entered and each job as it
 * ends, and turn the outcome into an exit code.
 */
abstract class LifecycleRun implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    /** Refusals: bad input, exit 2. */
    static final Set<String> BAD_INPUT = Set.of(LifecycleErrors.INVALID_INPUT, LifecycleErrors.UNKNOWN_ENVIRONMENT,
            LifecycleErrors.PROTECTED, LifecycleErrors.UNKNOWN_VERSION);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "The environment.")
    String env;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, for the record and the notification.")
    String reason;

    @Option(names = "--requested-by", paramLabel = "NAME", description = "Who asks (default: $USER).")
    String requestedBy;

    /** The action and phase this command runs. */
    abstract String action();

    String phase() {
        return "runtime";
    }

    /** A recorded runtime version to re-apply (up and apply only). */
    Optional<String> sourceVersion() {
        return Optional.empty();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DayshiftConfig cfg = config.load();
        ObjectNode input = JSON.createObjectNode();
        input.put("environment", env);
        input.put("phase", phase());
        input.put("action", action());
        input.put("trigger", "manual");
        input.put("requestedBy", requestedBy != null ? requestedBy : System.getProperty("user.name", "unknown"));
        input.put("reason", reason);
        sourceVersion().ifPresent(v -> input.put("sourceVersion", v));
        Instant[] last = {Instant.now()};
        LocalRuntime.Observer printer = new LocalRuntime.Observer() {
            @Override
            public void state(Execution e, String state, Instant at) {
                if (state.endsWith("?")) {
                    return; // Choice states: the next state says what was chosen
                }
                out.printf("  %s  %s%n", TIME.format(Instant.now()), state);
                if (state.equals("RequestApproval")) {
                    out.printf("            waiting for approval: dayshift approve --env %s (or reject) from another terminal%n", env);
                }
                out.flush();
                last[0] = Instant.now();
            }

            @Override
            public void job(BuildResult b) {
                out.printf("            job %s %s in %.1f s, log: %s%n", b.id(), b.status(),
                        Duration.between(b.startTime(), b.endTime()).toMillis() / 1000.0, relative(cfg, b.logFile()));
                out.flush();
            }

            @Override
            public void notification(Notifier.Notification n) {
                out.printf("            notification: %s%n", n.subject());
                out.flush();
            }
        };
        try (LocalRuntime runtime = LocalRuntime.builder(cfg).observer(printer).build()) {
            String name = runtime.manualExecutionName(env, action());
            out.printf("dayshift: %s %s %s (execution %s)%n", env, phase(), action(), name);
            out.flush();
            Execution execution = runtime.startLifecycle(name, input.toString());
            // Interrupted (Ctrl-C): stop the execution and give back what it holds, rather than leave the
            // lock to lapse at the end of its lease.
            Thread cleanup = new Thread(() -> {
                if (execution.result().isEmpty()) {
                    execution.stop("Dayshift.Interrupted", "dayshift " + action() + " was interrupted");
                    new dev.dayshift.core.records.LockRepository(runtime.store()).release(env, execution.executionArn());
                    new dev.dayshift.core.records.ApprovalRepository(runtime.store()).resolve(env, execution.executionArn());
                    err.println("dayshift: interrupted; stopped " + name + " and released its lock (a job that was"
                            + " running may have been cut short: see dayshift status)");
                    err.flush();
                }
            }, "dayshift-interrupt");
            Runtime.getRuntime().addShutdownHook(cleanup);
            ExecutionResult r;
            try {
                r = execution.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it sees the execution ended
                }
            }
            if (r.status() == ExecutionStatus.SUCCEEDED) {
                out.println(r.outputValue() instanceof java.util.Map<?, ?> m && m.get("summary") != null
                        ? String.valueOf(m.get("summary")) : "done");
                return ExitCodes.OK;
            }
            err.println("dayshift: " + r.error() + ": " + r.cause());
            if (BAD_INPUT.contains(r.error())) {
                return ExitCodes.BAD_INPUT;
            }
            return LifecycleErrors.MISSING_TOOL.equals(r.error()) ? ExitCodes.MISSING_TOOL : ExitCodes.FAILED;
        }
    }

    private static String relative(DayshiftConfig cfg, Path p) {
        Path base = cfg.source().toAbsolutePath().getParent();
        return base != null && p.startsWith(base) ? base.relativize(p).toString() : p.toString();
    }
}
