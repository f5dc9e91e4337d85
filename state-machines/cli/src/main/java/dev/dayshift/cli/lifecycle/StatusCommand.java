package dev.dayshift.cli.lifecycle;

import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.desired.DesiredState;
import dev.dayshift.core.desired.RuntimeSchedule;
import dev.dayshift.core.lifecycle.SourceVersion;
import dev.dayshift.core.records.ApprovalRepository;
import dev.dayshift.core.records.BudgetBlockRepository;
import dev.dayshift.core.records.LockRepository;
import dev.dayshift.core.records.OverrideRepository;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.core.records.RuntimeOverride;
import dev.dayshift.core.rollback.RuntimeVersions;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.local.LocalRuntime;
import java.io.PrintWriter;
import java.time.Instant;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dayshift status [--env NAME]}: what Dayshift knows about each environment. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows each environment's recorded state (base and runtime), lock, pending approval, overrides,",
            "budget block, desired state now and next scheduled change (local state in .dayshift/)."})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "NAME", description = "Only this environment (default: all).")
    String env;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DayshiftConfig cfg = config.load();
        List<Environment> envs = env == null ? List.copyOf(cfg.environments().values()) : List.of(cfg.requireEnvironment(env));
        StateStore store = LocalRuntime.stateStoreOf(cfg);
        Instant now = Instant.now();
        for (Environment e : envs) {
            DateTimeFormatter local = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz").withZone(e.zone());
            out.println(e.name() + (e.isProtected() ? " (protected)" : ""));
            PhaseStateRepository states = new PhaseStateRepository(store);
            for (PhaseName p : PhaseName.values()) {
                if (e.phase(p).isEmpty()) {
                    continue;
                }
                Optional<PhaseState> s = states.current(e.name(), p);
                out.printf("  %-8s %s%n", p.id(), s.map(x -> x.status().id() + " since " + local.format(x.at()) + " ("
                        + x.action().id() + " by " + x.requestedBy() + ", " + x.trigger().id() + ")"
                        + x.error().map(er -> "; " + er).orElse("")).orElse("unknown (nothing recorded yet)"));
            }
            versions(out, store, e, local);
            new LockRepository(store).current(e.name()).ifPresentOrElse(
                    l -> out.printf("  lock     held by %s (%s) since %s, lapses %s%n", l.holder(), l.purpose(),
                            local.format(l.acquiredAt()), local.format(l.leaseUntil())),
                    () -> out.println("  lock     free"));
            new ApprovalRepository(store).pending(e.name()).ifPresent(a -> out.printf(
                    "  approval waiting: %s (dayshift approve|reject --env %s) until %s%n", a.summary(), e.name(),
                    local.format(a.deadline())));
            List<RuntimeOverride> runtime = new OverrideRepository(store).all(e.name());
            for (ScheduleOverride o : e.overrides()) {
                if (o.until().isAfter(now)) {
                    out.printf("  override %s until %s by %s: %s (configuration)%n", o.mode().id(), local.format(o.until()),
                            o.setBy(), o.reason());
                }
            }
            for (RuntimeOverride o : runtime) {
                out.printf("  override %s until %s by %s: %s (set %s)%n", o.override().mode().id(),
                        local.format(o.override().until()), o.override().setBy(), o.override().reason(), local.format(o.setAt()));
            }
            new BudgetBlockRepository(store).current(e.name()).ifPresent(b -> out.printf(
                    "  budget   scheduled starts blocked until %s: %s%n", local.format(b.until()), b.reason()));
            RuntimeSchedule schedule = RuntimeSchedule.of(e).withOverrides(runtime.stream().map(RuntimeOverride::override).toList());
            DesiredState desired = schedule.stateAt(now);
            out.printf("  desired  %s now: %s%n", desired.state().id(), desired.why());
            schedule.nextChangeAfter(now).ifPresentOrElse(
                    c -> out.printf("  next     %s at %s: %s%n", c.after().state().id(), local.format(c.at()), c.after().why()),
                    () -> out.println("  next     no scheduled change within " + RuntimeSchedule.HORIZON.toDays() + " days"));
        }
        return ExitCodes.OK;
    }

    /** The runtime's applied version, the one a rollback would re-apply, and the directory's version now. */
    private static void versions(PrintWriter out, StateStore store, Environment e, DateTimeFormatter local) {
        RuntimeVersions versions = new RuntimeVersions(store);
        Optional<RuntimeVersions.Version> current = versions.newestFirst(e.name()).stream().findFirst();
        Optional<String> now = Optional.empty();
        if (java.nio.file.Files.isDirectory(e.runtime().directory())) {
            now = Optional.of(SourceVersion.of(e.runtime().directory()));
        }
        if (current.isEmpty() && now.isEmpty()) {
            return;
        }
        out.printf("  version  %s%n", current.map(v -> v.sourceVersion() + " applied " + local.format(v.appliedAt()) + " ("
                + v.trigger().orElse("?") + ")").orElse("none applied yet"));
        versions.previous(e.name()).ifPresent(p -> out.printf("           a rollback would re-apply %s (applied %s)%n",
                p.sourceVersion(), local.format(p.appliedAt())));
        now.filter(v -> current.map(c -> !c.sourceVersion().equals(v)).orElse(true)).ifPresent(v -> out.printf(
                "           %s is %s now: the next runtime apply deploys it%n", e.runtime().directory().getFileName(), v));
    }

}
