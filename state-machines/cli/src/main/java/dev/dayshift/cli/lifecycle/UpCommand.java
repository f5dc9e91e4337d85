package dev.dayshift.cli.lifecycle;

import picocli.CommandLine.Command;

/** {@code dayshift up --env NAME}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Brings the runtime up: plan, guard, (approve,) apply that plan, health-check.", "Runs locally: embedded engine, jobs on this host, state in .dayshift/ beside the configuration."})
public final class UpCommand extends LifecycleRun {
    @Override
    String action() {
        return "up";
    }
}
