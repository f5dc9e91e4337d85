package dev.dayshift.core.ports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ECS calls the rollback machine makes. On AWS the ECS API (DescribeServices, UpdateService,
 * ListServiceDeployments / DescribeServiceDeployments / DescribeServiceRevisions); there is no ECS
 * locally, so the local runtime's implementation says so.
 */
public interface EcsServices {

    /**
     * The service as ECS reports it now.
     *
     * @throws dev.dayshift.core.DayshiftException FAILED when the service or cluster does not exist or
     *     ECS cannot be reached, naming which
     */
    Service describe(String cluster, String service);

    /** Points the service at {@code taskDefinition} (a new deployment). */
    void update(String cluster, String service, String taskDefinition);

    /**
     * The task definitions of the service's completed (successful) deployments, newest first. Empty
     * when ECS keeps no deployment history for the service (or the API is not available).
     */
    List<String> completedDeployments(String cluster, String service);

    /**
     * A service.
     *
     * @param arn the service ARN
     * @param status ACTIVE, DRAINING or INACTIVE
     * @param taskDefinition the PRIMARY deployment's task definition (what the service is being moved to)
     * @param desired desired task count
     * @param running running task count
     * @param deployments the deployments ECS lists (PRIMARY first)
     */
    record Service(String arn, String status, String taskDefinition, int desired, int running, List<Deployment> deployments) {
        public Service {
            Objects.requireNonNull(arn, "arn");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(taskDefinition, "taskDefinition");
            deployments = List.copyOf(deployments);
        }

        /**
         * Steady on {@link #taskDefinition}: one deployment left, it is that one, its rollout (when ECS
         * reports one) is COMPLETED, and as many tasks run as are desired.
         */
        public boolean stableOn(String taskDef) {
            if (!taskDefinition.equals(taskDef) || deployments.size() != 1) {
                return false;
            }
            Deployment d = deployments.get(0);
            return d.rolloutState().map("COMPLETED"::equals).orElse(true) && d.running() >= d.desired()
                    && running >= desired;
        }
    }

    /**
     * One deployment of a service.
     *
     * @param id the deployment id
     * @param status PRIMARY, ACTIVE or INACTIVE
     * @param taskDefinition its task definition
     * @param rolloutState COMPLETED, IN_PROGRESS or FAILED, when ECS reports it
     * @param desired desired count
     * @param running running count
     * @param createdAt when it started, if known
     */
    record Deployment(String id, String status, String taskDefinition, Optional<String> rolloutState, int desired,
            int running, Optional<Instant> createdAt) {
        public Deployment {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(taskDefinition, "taskDefinition");
            Objects.requireNonNull(rolloutState, "rolloutState");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }
}
