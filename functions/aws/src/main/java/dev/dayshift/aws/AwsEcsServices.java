package dev.dayshift.aws;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.EcsServices;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;

/**
 * {@link EcsServices} on the ECS API: DescribeServices, UpdateService, and for deployment history
 * ListServiceDeployments (SUCCESSFUL) with DescribeServiceRevisions. The history is optional: where it
 * cannot be read (older regions, missing permission, an emulator without it) the list is empty and
 * the rollback machine falls back on task definitions recorded as stable.
 */
public final class AwsEcsServices implements EcsServices {

    private static final System.Logger LOG = System.getLogger(AwsEcsServices.class.getName());

    private final EcsClient ecs;

    public AwsEcsServices(EcsClient ecs) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
    }

    @Override
    public Service describe(String cluster, String service) {
        DescribeServicesResponse r;
        try {
            r = ecs.describeServices(b -> b.cluster(cluster).services(service));
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot describe ECS service " + cluster + "/"
                    + service + ": " + e.getMessage(), e);
        }
        if (!r.hasServices() || r.services().isEmpty()) {
            String why = r.hasFailures() && !r.failures().isEmpty()
                    ? r.failures().get(0).reason() + (r.failures().get(0).detail() == null ? "" : " (" + r.failures().get(0).detail() + ")")
                    : "not found";
            throw new DayshiftException(DayshiftException.Kind.FAILED, "ECS service " + cluster + "/" + service + ": " + why);
        }
        software.amazon.awssdk.services.ecs.model.Service s = r.services().get(0);
        List<Deployment> deployments = s.deployments().stream()
                .map(d -> new Deployment(d.id(), d.status(), d.taskDefinition(), Optional.ofNullable(d.rolloutStateAsString()),
                        n(d.desiredCount()), n(d.runningCount()), Optional.ofNullable(d.createdAt())))
                .toList();
        // The service's task definition is its PRIMARY deployment's (ECS changes both on UpdateService).
        String primary = s.taskDefinition() != null ? s.taskDefinition() : deployments.stream()
                .filter(d -> "PRIMARY".equals(d.status())).map(Deployment::taskDefinition).findFirst().orElse(null);
        return new Service(s.serviceArn(), s.status(), primary == null ? "" : primary, n(s.desiredCount()),
                n(s.runningCount()), deployments);
    }

    @Override
    public void update(String cluster, String service, String taskDefinition) {
        try {
            ecs.updateService(b -> b.cluster(cluster).service(service).taskDefinition(taskDefinition));
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot update ECS service " + cluster + "/"
                    + service + " to " + taskDefinition + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> completedDeployments(String cluster, String service) {
        try {
            List<ServiceDeploymentBrief> done = ecs.listServiceDeployments(b -> b.cluster(cluster).service(service)
                            .status(ServiceDeploymentStatus.SUCCESSFUL).maxResults(20))
                    .serviceDeployments().stream()
                    .filter(d -> d.targetServiceRevisionArn() != null)
                    .sorted(Comparator.comparing((ServiceDeploymentBrief d) -> Optional.ofNullable(d.finishedAt())
                            .or(() -> Optional.ofNullable(d.startedAt())).orElse(Instant.EPOCH)).reversed())
                    .toList();
            if (done.isEmpty()) {
                return List.of();
            }
            List<String> revisions = done.stream().map(ServiceDeploymentBrief::targetServiceRevisionArn).toList();
            java.util.Map<String, String> taskDefs = new java.util.HashMap<>();
            ecs.describeServiceRevisions(b -> b.serviceRevisionArns(revisions)).serviceRevisions()
                    .forEach(rev -> taskDefs.put(rev.serviceRevisionArn(), rev.taskDefinition()));
            return revisions.stream().map(taskDefs::get).filter(Objects::nonNull).distinct().toList();
        } catch (SdkException e) {
            LOG.log(System.Logger.Level.WARNING, "no ECS deployment history for " + cluster + "/" + service
                    + " (falling back on recorded stable task definitions): " + e.getMessage());
            return List.of();
        }
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
