package dev.dayshift.cli.lifecycle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dayshift apply --env NAME [--phase base|runtime]}. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Applies a phase: plan, guard, (approve,) apply that plan.", "Runs locally: embedded engine, jobs on this host, state in .dayshift/ beside the configuration."})
public final class ApplyCommand extends LifecycleRun {
    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "runtime", description = "base or runtime (default: runtime).")
    String phase;

    @Override
    String action() {
        return "apply";
    }

    @Override
    String phase() {
        return phase;
    }
}
