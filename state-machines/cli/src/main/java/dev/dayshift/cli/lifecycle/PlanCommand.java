package dev.dayshift.cli.lifecycle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dayshift plan --env NAME [--phase base|runtime]}. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Plans a phase and reports its changes; applies nothing.", "Runs locally: embedded engine, jobs on this host, state in .dayshift/ beside the configuration."})
public final class PlanCommand extends LifecycleRun {
    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "runtime", description = "base or runtime (default: runtime).")
    String phase;

    @Override
    String action() {
        return "plan";
    }

    @Override
    String phase() {
        return phase;
    }
}
