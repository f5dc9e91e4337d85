package dev.dayshift.cli.lifecycle;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code dayshift up --env NAME}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Brings the runtime up: plan, guard, (approve,) apply that plan, health-check.", "Runs locally: embedded engine, jobs on this host, state in .dayshift/ beside the configuration."})
public final class UpCommand extends LifecycleRun {
    @Mixin
    SourceVersionOption sourceVersion;

    @Override
    String action() {
        return "up";
    }

    @Override
    Optional<String> sourceVersion() {
        return sourceVersion.value();
    }
}
