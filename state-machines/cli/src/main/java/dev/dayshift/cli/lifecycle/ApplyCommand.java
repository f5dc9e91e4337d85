package dev.dayshift.cli.lifecycle;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dayshift apply --env NAME [--phase base|runtime]}. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Applies a phase: plan, guard, (approve,) apply that plan.", "Runs locally: embedded engine, jobs on this host, state in .dayshift/ beside the configuration."})
public final class ApplyCommand extends LifecycleRun {
    @Option(names = "--phase", paramLabel = "PHASE", defaultValue = "runtime", description = "base or runtime (default: runtime).")
    String phase;

    @Mixin
    SourceVersionOption sourceVersion;

    @Override
    String action() {
        return "apply";
    }

    @Override
    Optional<String> sourceVersion() {
        return sourceVersion.value();
    }

    @Override
    String phase() {
        return phase;
    }
}
