package dev.dayshift.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One phase of an environment as a job definition.
 *
 * @param name base or runtime
 * @param tool terraform, cdk or script
 * @param directory the phase's working directory, resolved against the configuration file's directory
 * @param variables variables passed to the tool (Terraform {@code -var}, CDK context, script environment)
 * @param timeout how long one job may run (default 60 minutes)
 * @param healthChecks HTTP checks after an apply (runtime only; empty for base)
 */
public record Phase(
        PhaseName name,
        Tool tool,
        Path directory,
        Map<String, String> variables,
        Duration timeout,
        List<HealthCheck> healthChecks) {
    public Phase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(directory, "directory");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(timeout, "timeout");
        healthChecks = List.copyOf(healthChecks);
    }
}
