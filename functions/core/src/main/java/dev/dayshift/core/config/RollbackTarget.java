package dev.dayshift.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to roll back when one of its alarms goes to ALARM.
 *
 * @param name unique within the environment
 * @param kind an ECS service, or the runtime's infrastructure (re-apply the previous recorded version)
 * @param alarms CloudWatch alarm names (metric or composite) that trigger it; each alarm name maps to
 *     exactly one target across the whole configuration
 * @param cluster ECS cluster name or ARN (ECS targets only)
 * @param service ECS service name or ARN (ECS targets only)
 * @param stableTimeout how long to wait for the service to become stable (default 15 minutes)
 * @param clearWindow how long the alarm has to clear after the rollback (default 15 minutes)
 */
public record RollbackTarget(
        String name,
        Kind kind,
        List<String> alarms,
        Optional<String> cluster,
        Optional<String> service,
        Duration stableTimeout,
        Duration clearWindow) {

    /** The kinds of rollback target. */
    public enum Kind { ECS_SERVICE, INFRASTRUCTURE }

    public RollbackTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        alarms = List.copyOf(alarms);
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(stableTimeout, "stableTimeout");
        Objects.requireNonNull(clearWindow, "clearWindow");
    }
}
