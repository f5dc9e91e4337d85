package dev.dayshift.cli.lifecycle;

import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.records.LockRepository;
import dev.dayshift.local.LocalRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dayshift unlock --env NAME}: clears a stuck lock (docs/runbooks/stuck-lock.md). */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Releases an environment's lifecycle lock whoever holds it (local state).",
            "Only when its holder is gone: see docs/runbooks/stuck-lock.md."})
public final class UnlockCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "The environment.")
    String env;

    @Override
    public Integer call() {
        DayshiftConfig cfg = config.load();
        cfg.requireEnvironment(env);
        spec.commandLine().getOut().println(new LockRepository(LocalRuntime.stateStoreOf(cfg)).forceRelease(env)
                .map(l -> "released the lock of " + env + " held by " + l.holder() + " (" + l.purpose() + ") since " + l.acquiredAt())
                .orElse(env + " was not locked"));
        return ExitCodes.OK;
    }
}
