package dev.dayshift.local.internal;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.EcsServices;
import java.util.List;

/** There is no ECS on this machine: rollbacks of ECS service targets fail at once and change nothing. */
public final class NoEcs implements EcsServices {

    private static DayshiftException none(String cluster, String service) {
        return new DayshiftException(DayshiftException.Kind.MISSING_TOOL, "there is no ECS locally, so ECS service "
                + cluster + "/" + service + " cannot be rolled back here; the rollback runs on AWS");
    }

    @Override
    public Service describe(String cluster, String service) {
        throw none(cluster, service);
    }

    @Override
    public void update(String cluster, String service, String taskDefinition) {
        throw none(cluster, service);
    }

    @Override
    public List<String> completedDeployments(String cluster, String service) {
        throw none(cluster, service);
    }
}
