package dev.dayshift.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.lifecycle.LifecycleErrors;
import dev.dayshift.core.lifecycle.SourceVersion;
import dev.dayshift.core.ports.AlarmStates;
import dev.dayshift.core.ports.EcsServices;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.ports.TaskTokens;
import dev.dayshift.core.records.ApprovalRepository;
import dev.dayshift.core.records.PendingApproval;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.core.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollback machine's task steps ({@code rollback.asl.json}): the rollback-tasks Lambda and the
 * local runtime call {@link #run} with the Lambda payload {@code {"step": NAME, "context": $, ...}} and
 * return the step's result. Steps answer domain outcomes in their result ({@code found: false},
 * {@code error}/{@code cause}); they throw only when a service cannot be reached, so the machine's
 * Retry and Catch see it.
 *
 * <table>
 *   <caption>Steps</caption>
 *   <tr><th>step</th><th>does</th></tr>
 *   <tr><td>prepare</td><td>checks the input against the configuration (which alone decides protection) and plans the waits</td></tr>
 *   <tr><td>requestApproval</td><td>protected environments: records the pending approval with the task token and notifies</td></tr>
 *   <tr><td>findStableTaskDefinition</td><td>the task definition to go back to: the deployment ECS is replacing, the previous completed deployment, or one recorded as stable</td></tr>
 *   <tr><td>updateService</td><td>points the service at it</td></tr>
 *   <tr><td>serviceStatus</td><td>whether the service is steady on it</td></tr>
 *   <tr><td>alarmState</td><td>whether the alarm has cleared</td></tr>
 *   <tr><td>previousRuntimeVersion</td><td>infrastructure targets: the runtime source version to re-apply, and the lifecycle input that does it</td></tr>
 *   <tr><td>recordSuccess</td><td>records the version as stable; the success notification</td></tr>
 *   <tr><td>describeFailure</td><td>the failure notification, naming what was left in which state</td></tr>
 * </table>
 */
public final class RollbackSteps {

    /** Seconds between two checks of the service or the alarm. */
    public static final int POLL_SECONDS = 30;

    private final DayshiftConfig config;
    private final EcsServices ecs;
    private final AlarmStates alarms;
    private final TaskTokens tokens;
    private final Notifier notifier;
    private final InstantSource clock;
    private final ApprovalRepository approvals;
    private final StableTaskDefinitions stable;
    private final RuntimeVersions versions;
    private final PhaseStateRepository phases;

    public RollbackSteps(DayshiftConfig config, StateStore store, EcsServices ecs, AlarmStates alarms, TaskTokens tokens,
            Notifier notifier, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.approvals = new ApprovalRepository(store);
        this.stable = new StableTaskDefinitions(store);
        this.versions = new RuntimeVersions(store);
        this.phases = new PhaseStateRepository(store);
    }

    /**
     * Runs one step.
     *
     * @throws DayshiftException BAD_INPUT for an unknown step or a payload without a context
     */
    public JsonNode run(JsonNode payload) {
        String step = Json.text(payload, "step").orElseThrow(() -> new DayshiftException(DayshiftException.Kind.BAD_INPUT,
                "rollback task payload without a 'step'"));
        JsonNode ctx = payload.path("context");
        if (!ctx.isObject()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "rollback step '" + step + "' without a context object");
        }
        return switch (step) {
            case "prepare" -> prepare(ctx);
            case "requestApproval" -> requestApproval(ctx, Json.text(payload, "taskToken").orElseThrow(() ->
                    new DayshiftException(DayshiftException.Kind.BAD_INPUT, "requestApproval without a taskToken")),
                    Json.text(payload, "executionId").orElse("unknown"));
            case "findStableTaskDefinition" -> {
                approvalAnswered(ctx, payload);
                yield findStable(ctx);
            }
            case "updateService" -> updateService(ctx);
            case "serviceStatus" -> serviceStatus(ctx);
            case "alarmState" -> alarmState(ctx);
            case "previousRuntimeVersion" -> {
                approvalAnswered(ctx, payload);
                yield previousRuntimeVersion(ctx, Json.text(payload, "executionName").orElse(""));
            }
            case "recordSuccess" -> recordSuccess(ctx, Json.text(payload, "executionName").orElse(""));
            case "describeFailure" -> describeFailure(ctx, Json.text(payload, "executionId").orElse(""),
                    Json.text(payload, "executionName").orElse(""));
            default -> throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "unknown rollback step '" + step
                    + "' (prepare, requestApproval, findStableTaskDefinition, updateService, serviceStatus, alarmState,"
                    + " previousRuntimeVersion, recordSuccess, describeFailure)");
        };
    }

    /** The error names the machine's failures carry. */
    public static final String INVALID_INPUT = "Dayshift.InvalidInput";
    public static final String APPROVAL_BUSY = "Dayshift.ApprovalBusy";

    private JsonNode prepare(JsonNode in) {
        Optional<String> envName = Json.text(in, "environment");
        Optional<String> targetName = Json.text(in.path("target"), "name");
        if (envName.isEmpty() || targetName.isEmpty()) {
            return error(INVALID_INPUT, "a rollback needs 'environment' and 'target.name' in its input");
        }
        Optional<Environment> env = config.environment(envName.get());
        if (env.isEmpty()) {
            return error(INVALID_INPUT, "unknown environment '" + envName.get() + "' (declared: "
                    + String.join(", ", config.environments().keySet()) + ")");
        }
        Optional<RollbackTarget> target = env.get().rollback().targets().stream()
                .filter(t -> t.name().equals(targetName.get())).findFirst();
        if (target.isEmpty()) {
            return error(INVALID_INPUT, "environment '" + envName.get() + "' has no rollback target '" + targetName.get() + "'");
        }
        RollbackTarget t = target.get();
        Optional<String> alarm = Json.text(in.path("alarm"), "name");
        if (alarm.isPresent() && !t.alarms().contains(alarm.get())) {
            return error(INVALID_INPUT, "alarm '" + alarm.get() + "' is not one of target '" + t.name() + "''s alarms "
                    + t.alarms());
        }
        ObjectNode out = Json.object();
        out.put("environment", env.get().name());
        out.put("protected", env.get().isProtected());
        out.put("kind", kind(t));
        out.put("target", t.name());
        t.cluster().ifPresent(c -> out.put("cluster", c));
        t.service().ifPresent(s -> out.put("service", s));
        out.put("alarm", alarm.orElse(t.alarms().get(0)));
        out.put("pollSeconds", POLL_SECONDS);
        out.put("stablePolls", polls(t.stableTimeout()));
        out.put("clearPolls", polls(t.clearWindow()));
        out.put("stableTimeoutSeconds", t.stableTimeout().toSeconds());
        out.put("clearWindowSeconds", t.clearWindow().toSeconds());
        out.put("approvalTimeoutSeconds", env.get().approvalTimeout().toSeconds());
        out.put("requestedBy", Json.text(in, "requestedBy").orElse("manual"));
        out.put("summary", "roll back target '" + t.name() + "' of " + env.get().name() + " (" + describe(t) + ")"
                + alarm.map(a -> " after alarm " + a + Json.text(in.path("alarm"), "enteredAlarmAt")
                        .map(at -> " entered ALARM at " + at).orElse("")).orElse(""));
        return out;
    }

    private JsonNode requestApproval(JsonNode ctx, String taskToken, String executionId) {
        JsonNode plan = plan(ctx);
        String env = plan.path("environment").asText();
        Instant now = clock.instant();
        PendingApproval p = new PendingApproval(env, executionId, taskToken, plan.path("summary").asText(), now,
                now.plus(Duration.ofSeconds(plan.path("approvalTimeoutSeconds").asLong(86_400))));
        ObjectNode out = Json.object();
        if (!approvals.requestIfFree(p)) {
            String holder = approvals.pending(env).map(PendingApproval::executionId).orElse("another execution");
            tokens.fail(taskToken, APPROVAL_BUSY, "an approval is already pending in " + env + " for " + holder
                    + "; this rollback asks again after it is answered");
            out.put("busy", true);
            return out;
        }
        notifier.publish(new Notifier.Notification(env, "Dayshift rollback waits for approval: " + env + " "
                + plan.path("target").asText(),
                "Environment '" + env + "' is protected, so this rollback changes nothing until someone approves it:\n  "
                        + plan.path("summary").asText() + "\n\nApprove: dayshift approve --env " + env
                        + "\nReject:  dayshift reject --env " + env + "\nIt gives up at " + p.deadline()
                        + " and then changes nothing.\nExecution: " + executionId + "\n",
                Map.of("event", "rollback-approval", "environment", env)));
        out.put("requested", true);
        out.put("deadline", p.deadline().toString());
        return out;
    }

    /** After an approval was given, its pending record goes (dayshift approve also removes it; this is idempotent). */
    private void approvalAnswered(JsonNode ctx, JsonNode payload) {
        if (ctx.has("approval")) {
            Json.text(payload, "executionId").ifPresent(id -> approvals.resolve(plan(ctx).path("environment").asText(), id));
        }
    }

    private JsonNode findStable(JsonNode ctx) {
        JsonNode plan = plan(ctx);
        String env = plan.path("environment").asText();
        String target = plan.path("target").asText();
        String cluster = plan.path("cluster").asText();
        String service = plan.path("service").asText();
        EcsServices.Service svc = ecs.describe(cluster, service);
        String current = svc.taskDefinition();
        ObjectNode out = Json.object();
        out.put("current", current);
        for (EcsServices.Deployment d : svc.deployments()) {
            if (!"PRIMARY".equals(d.status()) && !d.taskDefinition().equals(current)) {
                return found(out, d.taskDefinition(), "the deployment ECS is replacing (" + d.id() + ", "
                        + d.running() + " tasks still running)");
            }
        }
        for (String td : ecs.completedDeployments(cluster, service)) {
            if (!td.equals(current)) {
                return found(out, td, "the previous completed deployment");
            }
        }
        for (StableTaskDefinitions.Entry e : stable.list(env, target)) {
            if (!e.taskDefinition().equals(current)) {
                return found(out, e.taskDefinition(), "recorded as stable at " + e.at() + " by " + e.recordedBy());
            }
        }
        out.put("found", false);
        out.put("cause", "no stable task definition other than the current one (" + current + ") is known for "
                + cluster + "/" + service + ": ECS lists no earlier completed deployment and none is recorded");
        return out;
    }

    private static JsonNode found(ObjectNode out, String taskDefinition, String source) {
        out.put("found", true);
        out.put("target", taskDefinition);
        out.put("source", source);
        return out;
    }

    private JsonNode updateService(JsonNode ctx) {
        JsonNode plan = plan(ctx);
        String to = value(ctx, "stable").path("target").asText();
        ecs.update(plan.path("cluster").asText(), plan.path("service").asText(), to);
        ObjectNode out = Json.object();
        out.put("previous", value(ctx, "stable").path("current").asText());
        out.put("target", to);
        out.put("at", clock.instant().toString());
        return out;
    }

    private JsonNode serviceStatus(JsonNode ctx) {
        JsonNode plan = plan(ctx);
        String to = value(ctx, "update").path("target").asText();
        EcsServices.Service svc = ecs.describe(plan.path("cluster").asText(), plan.path("service").asText());
        ObjectNode out = Json.object();
        out.put("stable", svc.stableOn(to));
        out.put("taskDefinition", svc.taskDefinition());
        out.put("running", svc.running());
        out.put("desired", svc.desired());
        out.put("deployments", svc.deployments().size());
        out.put("detail", serviceDetail(svc));
        return out;
    }

    private JsonNode alarmState(JsonNode ctx) {
        String alarm = plan(ctx).path("alarm").asText();
        Optional<AlarmState> state = alarms.current(alarm);
        ObjectNode out = Json.object();
        out.put("alarm", alarm);
        out.put("state", state.map(Enum::name).orElse("MISSING"));
        out.put("cleared", state.map(s -> s == AlarmState.OK).orElse(false));
        return out;
    }

    private JsonNode previousRuntimeVersion(JsonNode ctx, String executionName) {
        JsonNode plan = plan(ctx);
        String env = plan.path("environment").asText();
        List<RuntimeVersions.Version> all = versions.newestFirst(env);
        Optional<RuntimeVersions.Version> prev = versions.previous(env);
        ObjectNode out = Json.object();
        all.stream().findFirst().ifPresent(v -> out.put("current", v.sourceVersion()));
        Optional<PhaseState> runtime = phases.current(env, PhaseName.RUNTIME);
        if (runtime.isPresent() && runtime.get().status() == PhaseState.Status.DOWN) {
            out.put("found", false);
            out.put("cause", "the runtime of " + env + " is down (since " + runtime.get().at() + ", "
                    + runtime.get().trigger().id() + "): a rollback never brings it up");
            return out;
        }
        if (prev.isEmpty()) {
            List<String> rolledBack = versions.rolledBackFrom(env);
            out.put("found", false);
            out.put("cause", all.isEmpty()
                    ? "no runtime version of " + env + " is recorded, so there is nothing to go back to"
                    : "no earlier runtime version of " + env + " to go back to: the current one is "
                            + SourceVersion.shortForm(all.get(0).sourceVersion())
                            + (rolledBack.isEmpty() ? "" : ", and a rollback already moved away from "
                                    + String.join(", ", rolledBack.stream().map(SourceVersion::shortForm).toList())));
            return out;
        }
        out.put("found", true);
        out.put("previous", prev.get().sourceVersion());
        out.put("previousAppliedAt", prev.get().appliedAt().toString());
        ObjectNode li = out.putObject("lifecycleInput");
        li.put("environment", env);
        li.put("phase", "runtime");
        li.put("action", "apply");
        li.put("trigger", "rollback");
        li.put("requestedBy", "rollback " + executionName);
        li.put("reason", Json.clip(plan.path("summary").asText(), 300));
        li.put("sourceVersion", prev.get().sourceVersion());
        return out;
    }

    private JsonNode recordSuccess(JsonNode ctx, String executionName) {
        JsonNode plan = plan(ctx);
        String env = plan.path("environment").asText();
        String target = plan.path("target").asText();
        String alarm = plan.path("alarm").asText();
        Instant now = clock.instant();
        String what;
        ObjectNode result = Json.object();
        result.put("environment", env);
        result.put("target", target);
        if ("ecs-service".equals(plan.path("kind").asText())) {
            JsonNode upd = value(ctx, "update");
            stable.record(env, target, upd.path("target").asText(), now, "rollback " + executionName);
            what = "service " + plan.path("cluster").asText() + "/" + plan.path("service").asText() + " runs "
                    + upd.path("target").asText() + " again (was " + upd.path("previous").asText() + ")";
            result.put("taskDefinition", upd.path("target").asText());
            result.put("previousTaskDefinition", upd.path("previous").asText());
        } else {
            JsonNode v = value(ctx, "version");
            what = "the runtime was re-applied at version " + v.path("previous").asText() + " (was "
                    + v.path("current").asText("?") + ")";
            result.put("sourceVersion", v.path("previous").asText());
            if (v.has("current")) {
                result.put("replacedSourceVersion", v.path("current").asText());
            }
        }
        result.put("alarm", alarm);
        result.put("alarmState", "OK");
        ObjectNode out = Json.object();
        out.put("subject", "Dayshift rollback done: " + env + " " + target + ", alarm " + alarm + " cleared");
        out.put("message", "Rolled back target '" + target + "' of " + env + ": " + what + ".\nAlarm " + alarm
                + " is OK again.\nExecution: " + executionName + "\nSee docs/runbooks/rollback.md to undo it (roll forward).\n");
        out.put("event", "rollback-succeeded");
        out.set("result", result);
        return out;
    }

    private JsonNode describeFailure(JsonNode ctx, String executionId, String executionName) {
        JsonNode failure = ctx.path("failure");
        String error = failure.path("Error").asText("Dayshift.RollbackFailed");
        String cause = failure.path("Cause").asText("");
        JsonNode plan = ctx.path("plan").path("value");
        String env = plan.path("environment").asText(ctx.path("environment").asText("?"));
        String target = plan.path("target").asText(ctx.path("target").path("name").asText("?"));
        if (!executionId.isEmpty() && !"?".equals(env)) {
            try {
                approvals.resolve(env, executionId);
            } catch (RuntimeException e) {
                // best effort: the approval expires by itself at its deadline
            }
        }
        String left = leftState(ctx, plan);
        ObjectNode out = Json.object();
        out.put("subject", "Dayshift rollback FAILED: " + env + " " + target + " (" + error + ")");
        out.put("message", "The rollback of target '" + target + "' of " + env + " failed: " + error
                + (cause.isBlank() ? "" : "\n" + Json.clip(cause, 1500)) + "\n\nLeft as: " + left
                + "\n\nExecution: " + executionName + "\nWhat to do: docs/runbooks/rollback.md\n");
        out.put("event", "rollback-failed");
        out.put("environment", env);
        out.put("left", left);
        return out;
    }

    /** What the failed rollback left behind, in words; asks ECS for the truth when the service was touched. */
    private String leftState(JsonNode ctx, JsonNode plan) {
        if (plan.isMissingNode() || plan.has("error")) {
            return "nothing was changed (the rollback stopped before planning anything)";
        }
        if ("infrastructure".equals(plan.path("kind").asText())) {
            if (ctx.has("lifecycle")) {
                return "the runtime apply of version " + value(ctx, "version").path("previous").asText() + " ran ("
                        + ctx.path("lifecycle").path("ExecutionArn").asText("lifecycle execution")
                        + "); the runtime is as that execution left it (dayshift status --env "
                        + plan.path("environment").asText() + ")";
            }
            if (ctx.path("failure").path("Error").asText().startsWith("States.") && ctx.path("version").path("value")
                    .path("found").asBoolean(false)) {
                String version = value(ctx, "version").path("previous").asText();
                Optional<String> child = childError(ctx.path("failure").path("Cause").asText(""));
                if (child.isPresent() && NOTHING_APPLIED.contains(child.get())) {
                    return "nothing was changed: the runtime apply of version " + version + " stopped before applying ("
                            + child.get() + "); the runtime is as it was";
                }
                return "the runtime apply of version " + version + " was started and failed"
                        + child.map(e -> " (" + e + ")").orElse("") + "; the runtime is as that lifecycle execution left it"
                        + " (dayshift status --env " + plan.path("environment").asText() + ")";
            }
            return "nothing was changed: the runtime is as it was";
        }
        String svcName = plan.path("cluster").asText() + "/" + plan.path("service").asText();
        if (!ctx.has("update")) {
            String current = ctx.path("stable").path("value").path("current").asText("");
            return "nothing was changed: service " + svcName + (current.isEmpty() ? " was not touched" : " still runs " + current);
        }
        JsonNode upd = value(ctx, "update");
        String now;
        try {
            now = serviceDetail(ecs.describe(plan.path("cluster").asText(), plan.path("service").asText()));
        } catch (RuntimeException e) {
            now = "its state could not be read (" + Json.clip(e.getMessage(), 200) + ")";
        }
        return "service " + svcName + " was switched from " + upd.path("previous").asText() + " to "
                + upd.path("target").asText() + "; now " + now + ". To undo: aws ecs update-service --cluster "
                + plan.path("cluster").asText() + " --service " + plan.path("service").asText() + " --task-definition "
                + upd.path("previous").asText();
    }

    /** Lifecycle errors that end an execution before its apply job runs. */
    private static final java.util.Set<String> NOTHING_APPLIED = java.util.Set.of(LifecycleErrors.INVALID_INPUT,
            LifecycleErrors.UNKNOWN_ENVIRONMENT, LifecycleErrors.PROTECTED, LifecycleErrors.UNKNOWN_VERSION,
            LifecycleErrors.LOCKED, LifecycleErrors.PLAN_REFUSED, LifecycleErrors.APPROVAL_REJECTED,
            LifecycleErrors.APPROVAL_TIMED_OUT);

    /**
     * The lifecycle execution's own error, from the cause {@code states:startExecution.sync:2} fails with
     * (the execution described as JSON, with its {@code Error}); empty if the cause says nothing readable.
     */
    private static Optional<String> childError(String cause) {
        return Json.tryParse(cause).flatMap(n -> Json.text(n, "Error"));
    }

    private static String serviceDetail(EcsServices.Service svc) {
        return "on " + svc.taskDefinition() + " with " + svc.running() + " of " + svc.desired() + " tasks running and "
                + svc.deployments().size() + (svc.deployments().size() == 1 ? " deployment" : " deployments")
                + svc.deployments().stream().findFirst().flatMap(EcsServices.Deployment::rolloutState)
                        .map(r -> " (rollout " + r + ")").orElse("");
    }

    private static JsonNode plan(JsonNode ctx) {
        return value(ctx, "plan");
    }

    /** A previous step's result: {@code $.<name>.value} (the machine's ResultSelector puts it there). */
    private static JsonNode value(JsonNode ctx, String name) {
        JsonNode v = ctx.path(name).path("value");
        if (v.isMissingNode()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "rollback context has no '" + name
                    + ".value' (run the machine's steps in order)");
        }
        return v;
    }

    private static ObjectNode error(String error, String cause) {
        ObjectNode out = Json.object();
        out.put("error", error);
        out.put("cause", cause);
        return out;
    }

    private static int polls(Duration d) {
        return (int) Math.max(1, (d.toSeconds() + POLL_SECONDS - 1) / POLL_SECONDS);
    }

    private static String kind(RollbackTarget t) {
        return t.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String describe(RollbackTarget t) {
        return switch (t.kind()) {
            case ECS_SERVICE -> "ECS service " + t.cluster().orElse("?") + "/" + t.service().orElse("?");
            case INFRASTRUCTURE -> "the runtime infrastructure, previous recorded version";
        };
    }
}
