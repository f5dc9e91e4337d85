package dev.dayshift.functions.rollback;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.EcsServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ECS service in memory that behaves like ECS across a deployment: after an update the new
 * deployment is PRIMARY and IN_PROGRESS beside the old ACTIVE one, and it completes after
 * {@code describesToStabilise} looks (never, when negative).
 */
final class FakeEcs implements EcsServices {

    final String cluster;
    final String service;
    final int desired = 2;
    String current;
    String previous;
    final List<String> completed = new ArrayList<>();
    final List<String> updates = new ArrayList<>();
    int describesToStabilise = 2;
    private int describesSinceUpdate;
    private boolean deploying;
    boolean unreachable;

    FakeEcs(String cluster, String service, String current, String... completedNewestFirst) {
        this.cluster = cluster;
        this.service = service;
        this.current = current;
        this.completed.addAll(List.of(completedNewestFirst));
    }

    @Override
    public synchronized Service describe(String c, String s) {
        check(c, s);
        if (deploying) {
            describesSinceUpdate++;
            if (describesToStabilise >= 0 && describesSinceUpdate >= describesToStabilise) {
                deploying = false;
                completed.add(0, current);
            }
        }
        String arn = "arn:aws:ecs:us-east-1:111111111111:service/" + cluster + "/" + service;
        if (deploying) {
            return new Service(arn, "ACTIVE", current, desired, desired, List.of(
                    new Deployment("ecs-svc/2", "PRIMARY", current, Optional.of("IN_PROGRESS"), desired, 1, Optional.empty()),
                    new Deployment("ecs-svc/1", "ACTIVE", previous, Optional.of("COMPLETED"), desired, 1, Optional.empty())));
        }
        return new Service(arn, "ACTIVE", current, desired, desired, List.of(
                new Deployment("ecs-svc/1", "PRIMARY", current, Optional.of("COMPLETED"), desired, desired, Optional.empty())));
    }

    @Override
    public synchronized void update(String c, String s, String taskDefinition) {
        check(c, s);
        updates.add(taskDefinition);
        previous = current;
        current = taskDefinition;
        deploying = true;
        describesSinceUpdate = 0;
    }

    @Override
    public synchronized List<String> completedDeployments(String c, String s) {
        check(c, s);
        return List.copyOf(completed);
    }

    private void check(String c, String s) {
        if (unreachable) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot reach ECS");
        }
        if (!cluster.equals(c) || !service.equals(s)) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "ECS service " + c + "/" + s + ": MISSING");
        }
    }
}
