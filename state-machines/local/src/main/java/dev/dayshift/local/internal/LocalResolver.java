package dev.dayshift.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.asl.IntegrationPattern;
import dev.dayshift.asl.TaskRequest;
import dev.dayshift.asl.TaskResolver;
import dev.dayshift.asl.TaskResolvers;
import dev.dayshift.asl.TaskResult;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.definitions.Definitions;
import dev.dayshift.functions.lifecycle.LifecycleTasks;
import dev.dayshift.local.jobs.BuildRequest;
import dev.dayshift.local.jobs.BuildResult;
import dev.dayshift.local.jobs.Buildspec;
import dev.dayshift.local.jobs.BuildspecRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Resolves the lifecycle machine's tasks locally: the lifecycle-tasks Lambda in-process,
 * {@code codebuild:startBuild.sync} with the {@link BuildspecRunner}, {@code sns:publish} with the local
 * notifier. Internal to the local runtime.
 */
public final class LocalResolver implements TaskResolver {

    public static final String CODEBUILD_SYNC = "arn:aws:states:::codebuild:startBuild.sync";
    public static final String SNS_PUBLISH = "arn:aws:states:::sns:publish";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionName;
    private final LifecycleTasks tasks;
    private final BuildspecRunner runner;
    private final Path configDir;
    private final Path artifactsRoot;
    private final Path phaseStateRoot;
    private final String projectPrefix;
    private final Notifier notifier;
    private final Executor jobs;
    private final Consumer<ApprovalRequest> approvals;
    private final Consumer<BuildResult> builds;

    /** An approval the machine waits for: the execution, the token, and the summary. */
    public record ApprovalRequest(String executionArn, String environment, String taskToken, String summary) {
    }

    public LocalResolver(String functionName, LifecycleTasks tasks, BuildspecRunner runner, Path configDir, Path artifactsRoot,
                         Path phaseStateRoot, String projectPrefix, Notifier notifier, Executor jobs,
                         Consumer<ApprovalRequest> approvals, Consumer<BuildResult> builds) {
        this.functionName = functionName;
        this.tasks = tasks;
        this.runner = runner;
        this.configDir = configDir;
        this.artifactsRoot = artifactsRoot;
        this.phaseStateRoot = phaseStateRoot;
        this.projectPrefix = projectPrefix;
        this.notifier = notifier;
        this.jobs = jobs;
        this.approvals = approvals;
        this.builds = builds;
    }

    @Override
    public CompletionStage<TaskResult> resolve(TaskRequest request) {
        String fn = TaskResolvers.lambdaFunctionName(request.resource(), request.arguments());
        if (functionName.equals(fn)) {
            return CompletableFuture.completedFuture(lambda(request));
        }
        if (request.resource().equals(CODEBUILD_SYNC)) {
            return CompletableFuture.supplyAsync(() -> build(request), jobs);
        }
        if (request.resource().equals(SNS_PUBLISH)) {
            return CompletableFuture.completedFuture(publish(request));
        }
        return null;
    }

    private TaskResult lambda(TaskRequest request) {
        JsonNode args = JSON.valueToTree(request.arguments());
        JsonNode payload = args.path("Payload");
        JsonNode result;
        try {
            result = tasks.handle(payload);
        } catch (RuntimeException e) {
            return LambdaResults.failure(e);
        }
        if (request.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
            approvals.accept(new ApprovalRequest(request.executionArn(), payload.at("/context/request/environment").asText(),
                    request.taskToken(), result.path("summary").asText(payload.at("/context/plan/value/summary").asText(""))));
            return TaskResult.awaitToken();
        }
        return LambdaResults.success(result);
    }

    private TaskResult build(TaskRequest request) {
        JsonNode args = JSON.valueToTree(request.arguments());
        String project = args.path("ProjectName").asText();
        // <prefix>-<phase>-<tool>: one project per phase and tool (on AWS each runs with its phase's role).
        String rest = project.startsWith(projectPrefix + "-") ? project.substring(projectPrefix.length() + 1) : "";
        int dash = rest.indexOf('-');
        String phase = dash < 0 ? "" : rest.substring(0, dash);
        String tool = dash < 0 ? "" : rest.substring(dash + 1);
        if (Arrays.stream(PhaseName.values()).noneMatch(p -> p.id().equals(phase)) || !Definitions.BUILDSPECS.contains(tool)) {
            return TaskResult.failure("CodeBuild.ResourceNotFoundException", "no local CodeBuild project " + project
                    + " (projects are " + projectPrefix + "-<phase>-<tool>)");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        args.path("EnvironmentVariablesOverride").forEach(v -> overrides.put(v.path("Name").asText(), v.path("Value").asText()));
        if (overrides.containsKey("DAYSHIFT_PHASE") && !phase.equals(overrides.get("DAYSHIFT_PHASE"))) {
            return TaskResult.failure("CodeBuild.InvalidInputException", "project " + project + " runs " + phase
                    + " jobs, not a " + overrides.get("DAYSHIFT_PHASE") + " job");
        }
        String directory = overrides.getOrDefault("DAYSHIFT_DIRECTORY", ".");
        Path source = configDir.resolve(directory).normalize();
        // Only the phase directory is copied into the build; it is the build's whole source.
        overrides.put("DAYSHIFT_DIRECTORY", ".");
        Map<String, String> project0 = new HashMap<>();
        project0.put("DAYSHIFT_STATE_DIR", phaseStateRoot.resolve(overrides.getOrDefault("DAYSHIFT_ENVIRONMENT", "unknown"))
                .resolve(overrides.getOrDefault("DAYSHIFT_PHASE", "unknown")).toString());
        Optional<Path> artifacts = Optional.empty();
        JsonNode a = args.path("ArtifactsOverride");
        if (a.isObject()) {
            artifacts = Optional.of(safe(artifactsRoot.resolve(a.path("Location").asText()).resolve(a.path("Path").asText(""))
                    .resolve(a.path("Name").asText(""))));
        }
        Map<String, Path> secondary = new HashMap<>();
        args.path("SecondarySourcesOverride").forEach(s -> secondary.put(s.path("SourceIdentifier").asText(),
                safe(artifactsRoot.resolve(s.path("Location").asText()))));
        Duration timeout = Duration.ofMinutes(args.path("TimeoutInMinutesOverride").asLong(60));
        BuildResult result;
        try {
            result = runner.run(new BuildRequest(project, Buildspec.parse(Definitions.buildspec(tool), tool + ".yml"), source,
                    project0, overrides, timeout, artifacts, secondary));
        } catch (DayshiftException e) {
            return TaskResult.failure("CodeBuild.InvalidInputException", e.getMessage());
        }
        builds.accept(result);
        ObjectNode out = JSON.createObjectNode();
        out.set("Build", result.toBuildJson());
        return result.succeeded() ? TaskResult.success(out.toString()) : TaskResult.failure("States.TaskFailed", out.toString());
    }

    private Path safe(Path p) {
        Path n = p.normalize();
        if (!n.startsWith(artifactsRoot)) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "artifact location escapes " + artifactsRoot + ": " + p);
        }
        return n;
    }

    private TaskResult publish(TaskRequest request) {
        JsonNode args = JSON.valueToTree(request.arguments());
        Map<String, String> attributes = new LinkedHashMap<>();
        args.path("MessageAttributes").fields().forEachRemaining(e -> attributes.put(e.getKey(),
                e.getValue().path("StringValue").asText()));
        String env = attributes.getOrDefault("environment", "-");
        notifier.publish(new Notifier.Notification(env, args.path("Subject").asText(""), args.path("Message").asText(""),
                attributes));
        return TaskResult.success("{\"MessageId\":\"" + java.util.UUID.randomUUID() + "\"}");
    }
}
