package dev.dayshift.cli.lifecycle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dayshift destroy --env NAME [--phase base|runtime]}. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Destroys a phase (never a protected environment's base).", "Runs locally: embedded engine, jobs on this host, state in .dayshift/ beside the configuration."})
public final class DestroyCommand extends LifecycleRun {
    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "runtime", description = "base or runtime (default: runtime).")
    String phase;

    @Override
    String action() {
        return "destroy";
    }

    @Override
    String phase() {
        return phase;
    }
}
