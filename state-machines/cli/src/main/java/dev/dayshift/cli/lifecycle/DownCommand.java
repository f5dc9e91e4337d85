package dev.dayshift.cli.lifecycle;

import picocli.CommandLine.Command;

/** {@code dayshift down --env NAME}. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Takes the runtime down: plan a destroy, guard, (approve,) apply it. Nothing deployed: nothing to do.", "Runs locally: embedded engine, jobs on this host, state in .dayshift/ beside the configuration."})
public final class DownCommand extends LifecycleRun {
    @Override
    String action() {
        return "down";
    }
}
