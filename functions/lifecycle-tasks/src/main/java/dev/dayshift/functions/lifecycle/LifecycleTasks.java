package dev.dayshift.functions.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.HealthCheck;
import dev.dayshift.core.config.Phase;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.Tool;
import dev.dayshift.core.lifecycle.ChangeCounts;
import dev.dayshift.core.lifecycle.JobFailures;
import dev.dayshift.core.lifecycle.LifecycleAction;
import dev.dayshift.core.lifecycle.LifecycleErrors;
import dev.dayshift.core.lifecycle.LifecyclePolicy;
import dev.dayshift.core.lifecycle.LifecycleRefusal;
import dev.dayshift.core.lifecycle.LifecycleRequest;
import dev.dayshift.core.lifecycle.PlanGuard;
import dev.dayshift.core.lifecycle.SourceVersion;

import dev.dayshift.core.ports.ArtifactStore;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.records.ApprovalRepository;
import dev.dayshift.core.records.LockRecord;
import dev.dayshift.core.records.LockRepository;
import dev.dayshift.core.records.PendingApproval;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.core.rollback.RuntimeVersions;
import dev.dayshift.core.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The lifecycle machine's Lambda steps, one function dispatching on {@code step}: {@code validate},
 * {@code acquireLock}, {@code classifyJobFailure}, {@code guardPlan}, {@code requestApproval},
 * {@code healthCheck}, {@code recordState}, {@code recordFailure}, {@code releaseLock}. Each step takes
 * the machine's state as {@code context} and returns a small JSON result the machine's Choice states
 * read (see state-machines/definitions/asl/lifecycle.asl.json). No AWS types: the Lambda wrapper
 * ({@link LifecycleTasksHandler}) and the local runtime give it its ports.
 */
public final class LifecycleTasks {

    /** The CodeBuild secondary source identifier under which the apply job finds its plan. */
    public static final String PLAN_SOURCE = "plan";
    /** How long, at most, between two attempts to take a held lock. */
    static final int MAX_LOCK_POLL_SECONDS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<DayshiftConfig> config;
    private final StateStore store;
    private final ArtifactStore artifacts;
    private final String artifactBucket;
    private final HealthProbe probe;
    private final Notifier notifier;
    private final InstantSource clock;
    private final DoubleSupplier random;

    /**
     * @param config the configuration (read once per call; cache it in the supplier)
     * @param store where records live
     * @param artifacts where plan jobs leave their artifacts
     * @param artifactBucket the bucket name the jobs' artifact overrides name (mapped to a directory locally)
     * @param probe HTTP GET for health checks
     * @param notifier for approval requests (results are published by the machine itself)
     * @param clock now
     * @param random uniform in [0, 1), for jitter
     */
    public LifecycleTasks(Supplier<DayshiftConfig> config, StateStore store, ArtifactStore artifacts, String artifactBucket,
                          HealthProbe probe, Notifier notifier, InstantSource clock, DoubleSupplier random) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.artifactBucket = Objects.requireNonNull(artifactBucket, "artifactBucket");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Thrown for a payload that names no known step; a bug in the definition, not in the input. */
    public static final class UnknownStepException extends DayshiftException {
        public UnknownStepException(String step) {
            super(Kind.BAD_INPUT, "lifecycle-tasks has no step '" + step + "'");
        }
    }

    /** Runs the step the payload names. */
    public JsonNode handle(JsonNode payload) {
        String step = payload.path("step").asText("");
        JsonNode ctx = payload.path("context");
        String executionId = payload.path("executionId").asText("");
        return switch (step) {
            case "validate" -> validate(payload.path("input"), payload.path("execution"));
            case "acquireLock" -> acquireLock(ctx, executionId);
            case "classifyJobFailure" -> classifyJobFailure(ctx, payload.path("job").asText("plan"));
            case "guardPlan" -> guardPlan(ctx);
            case "requestApproval" -> requestApproval(ctx, payload.path("taskToken").asText(""), executionId);
            case "healthCheck" -> healthCheck(ctx);
            case "recordState" -> recordState(ctx, executionId);
            case "recordFailure" -> recordFailure(ctx, executionId);
            case "releaseLock" -> releaseLock(ctx, executionId);
            default -> throw new UnknownStepException(step);
        };
    }

    // ---- validate ----------------------------------------------------------------------------

    ObjectNode validate(JsonNode input, JsonNode execution) {
        LifecycleRequest request;
        LifecyclePolicy.Target target;
        Optional<RuntimeVersions.Version> pinned;
        DayshiftConfig cfg = config.get();
        try {
            request = LifecycleRequest.parse(input);
            target = LifecyclePolicy.check(request, cfg);
            pinned = pinnedVersion(request);
        } catch (LifecycleRefusal r) {
            ObjectNode refused = JSON.createObjectNode();
            refused.put("error", r.errorName());
            refused.put("cause", r.getMessage());
            return refused;
        }
        Environment env = target.environment();
        Phase phase = target.phase();
        boolean approval = LifecyclePolicy.needsApproval(request, env);
        boolean health = request.phase() == PhaseName.RUNTIME && request.action().applies() && !request.action().destroys()
                && !phase.healthChecks().isEmpty();
        String planId = execution.path("name").asText("plan-" + clock.instant().toEpochMilli());
        String artifactPath = env.name() + "/" + phase.name().id();

        ObjectNode out = JSON.createObjectNode();
        out.set("request", request.toJson());
        ObjectNode exec = out.putObject("execution");
        exec.put("id", execution.path("id").asText(""));
        exec.put("name", planId);
        ObjectNode flow = out.putObject("flow");
        flow.put("applies", request.action().applies());
        flow.put("destroys", request.action().destroys());
        flow.put("approval", approval);
        flow.put("healthCheck", health);
        ObjectNode e = out.putObject("env");
        e.put("protected", env.isProtected());
        e.put("lockWaitSeconds", env.lockWait().toSeconds());
        e.put("approvalTimeoutSeconds", Math.max(1, env.approvalTimeout().toSeconds()));
        Duration lease = phase.timeout().multipliedBy(2).plus(Duration.ofHours(1))
                .plus(approval ? env.approvalTimeout() : Duration.ZERO).plus(healthBudget(phase));
        e.put("lockLeaseSeconds", lease.toSeconds());

        ObjectNode job = out.putObject("job");
        job.put("tool", phase.tool().id());
        job.put("serviceRole", jobRoleName(env.name(), phase.name().id()));
        job.put("directory", relativeDirectory(cfg, phase));
        job.put("timeoutMinutes", Math.max(5, Math.min(2160, (int) Math.ceil(phase.timeout().toSeconds() / 60.0))));
        job.put("planId", planId);
        job.put("artifactPath", artifactPath);
        job.set("planVariables", variables(env, phase, request, planId, "plan", cfg));
        job.set("applyVariables", variables(env, phase, request, planId, "apply", cfg));
        ObjectNode planArtifacts = job.putObject("planArtifacts");
        planArtifacts.put("Type", "S3");
        planArtifacts.put("Location", artifactBucket);
        planArtifacts.put("Path", artifactPath);
        planArtifacts.put("Name", planId);
        planArtifacts.put("NamespaceType", "NONE");
        planArtifacts.put("Packaging", "NONE");
        ObjectNode source = job.putArray("planSource").addObject();
        source.put("Type", "S3");
        source.put("Location", artifactBucket + "/" + artifactPath + "/" + planId + "/");
        source.put("SourceIdentifier", PLAN_SOURCE);
        // A pinned version: the plan job runs that version's snapshot instead of the phase directory as it is now.
        ArrayNode planSources = job.putArray("planSources");
        pinned.ifPresent(v -> planSources.addObject().put("Type", "S3")
                .put("Location", artifactBucket + "/" + v.snapshot().orElseThrow())
                .put("SourceIdentifier", SourceVersion.SOURCE_IDENTIFIER));
        return out;
    }

    /**
     * The recorded version a request pins, whose snapshot must still be in the artifacts.
     *
     * @throws LifecycleRefusal {@link LifecycleErrors#UNKNOWN_VERSION} when it is not recorded or its snapshot is gone
     */
    private Optional<RuntimeVersions.Version> pinnedVersion(LifecycleRequest request) {
        if (request.sourceVersion().isEmpty()) {
            return Optional.empty();
        }
        String wanted = request.sourceVersion().get();
        RuntimeVersions versions = new RuntimeVersions(store);
        Optional<RuntimeVersions.Version> found = versions.find(request.environment(), wanted);
        if (found.isEmpty()) {
            List<String> known = versions.newestFirst(request.environment()).stream().map(RuntimeVersions.Version::sourceVersion)
                    .distinct().limit(5).map(SourceVersion::shortForm).toList();
            throw new LifecycleRefusal(LifecycleErrors.UNKNOWN_VERSION, "environment '" + request.environment()
                    + "' has no recorded runtime version " + wanted + " with a snapshot (recorded, newest first: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + "; dayshift status --env "
                    + request.environment() + " lists them)");
        }
        String snapshot = found.get().snapshot().orElseThrow() + SourceVersion.SNAPSHOT;
        if (!artifacts.exists(snapshot)) {
            throw new LifecycleRefusal(LifecycleErrors.UNKNOWN_VERSION, "the snapshot of runtime version "
                    + SourceVersion.shortForm(wanted) + " of '" + request.environment() + "' (applied " + found.get().appliedAt()
                    + ") is gone: " + artifacts.describe(snapshot) + " does not exist");
        }
        return found;
    }

    /**
     * The IAM role a phase's jobs run with ({@code ServiceRoleOverride}): {@value #JOB_ROLE_PATTERN} with
     * {@code {environment}} and {@code {phase}} filled in, as the CDK app names them. Ignored locally.
     */
    public static String jobRoleName(String environment, String phase) {
        return JOB_ROLE_PATTERN.replace("{environment}", environment).replace("{phase}", phase);
    }

    /** How the CDK app names the jobs' roles (bootstrap-cdk Names: {@code dayshift-<env>-<phase>-jobs}). */
    public static final String JOB_ROLE_PATTERN = "dayshift-{environment}-{phase}-jobs";

    private static Duration healthBudget(Phase phase) {
        return phase.healthChecks().stream().map(h -> h.interval().plus(h.timeout()).multipliedBy(h.attempts()))
                .max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static String relativeDirectory(DayshiftConfig cfg, Phase phase) {
        Path base = cfg.source().toAbsolutePath().getParent();
        Path dir = phase.directory().toAbsolutePath().normalize();
        return base == null ? dir.toString() : base.relativize(dir).toString().replace('\\', '/');
    }

    private static ArrayNode variables(Environment env, Phase phase, LifecycleRequest r, String planId, String action,
                                       DayshiftConfig cfg) {
        Map<String, String> vars = new TreeMap<>();
        vars.put("DAYSHIFT_ENVIRONMENT", env.name());
        vars.put("DAYSHIFT_PHASE", phase.name().id());
        vars.put("DAYSHIFT_ACTION", action);
        vars.put("DAYSHIFT_MODE", r.action().destroys() ? "destroy" : "deploy");
        vars.put("DAYSHIFT_DIRECTORY", relativeDirectory(cfg, phase));
        vars.put("DAYSHIFT_PLAN_ID", planId);
        vars.put("DAYSHIFT_REGION", env.region());
        if ("plan".equals(action)) {
            // The apply job always runs the snapshot its plan job took; only the plan job is told the version.
            r.sourceVersion().ifPresent(v -> vars.put(SourceVersion.VARIABLE, v));
        }
        try {
            vars.put("DAYSHIFT_TAGS", JSON.writeValueAsString(env.allTags()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        StringBuilder cdkContext = new StringBuilder();
        for (Map.Entry<String, String> v : new TreeMap<>(phase.variables()).entrySet()) {
            switch (phase.tool()) {
                case TERRAFORM -> vars.put("TF_VAR_" + v.getKey(), v.getValue());
                case CDK -> cdkContext.append(cdkContext.isEmpty() ? "" : " ").append("-c ")
                        .append(shellQuote(v.getKey() + "=" + v.getValue()));
                case SCRIPT -> { }
            }
            vars.put("DAYSHIFT_VAR_" + v.getKey().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v.getValue());
        }
        if (phase.tool() == Tool.CDK) {
            vars.put("DAYSHIFT_CDK_CONTEXT", cdkContext.toString());
        }
        ArrayNode list = JSON.createArrayNode();
        vars.forEach((k, v) -> list.addObject().put("Name", k).put("Value", v).put("Type", "PLAINTEXT"));
        return list;
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    // ---- lock --------------------------------------------------------------------------------

    ObjectNode acquireLock(JsonNode ctx, String executionId) {
        Instant now = clock.instant();
        String envName = ctx.at("/request/environment").asText();
        Instant firstTried = Optional.ofNullable(ctx.at("/lock/value/firstTriedAt").textValue()).map(Instant::parse).orElse(now);
        long lockWait = ctx.at("/env/lockWaitSeconds").asLong(600);
        String purpose = ctx.at("/request/phase").asText() + " " + ctx.at("/request/action").asText() + " by "
                + ctx.at("/request/trigger").asText() + " (" + ctx.at("/request/requestedBy").asText() + ")";
        LockRecord mine = new LockRecord(envName, executionId, purpose, now,
                now.plusSeconds(ctx.at("/env/lockLeaseSeconds").asLong(7200)));
        LockRepository.Attempt attempt = new LockRepository(store).acquire(mine);
        ObjectNode out = JSON.createObjectNode();
        out.put("acquired", attempt.acquired());
        out.put("firstTriedAt", firstTried.toString());
        out.put("holder", attempt.holder().holder());
        long waited = Duration.between(firstTried, now).toSeconds();
        boolean gaveUp = !attempt.acquired() && waited >= lockWait;
        out.put("gaveUp", gaveUp);
        long left = Math.max(1, lockWait - waited);
        out.put("retryInSeconds", Math.max(1, (long) Math.ceil(Math.min(left, MAX_LOCK_POLL_SECONDS) * (0.5 + random.getAsDouble() / 2))));
        if (!attempt.acquired()) {
            LockRecord h = attempt.holder();
            out.put("cause", "environment '" + envName + "' is locked by " + h.holder() + " (" + h.purpose() + ", since "
                    + h.acquiredAt() + "); waited " + waited + " s of " + lockWait + " s");
        }
        return out;
    }

    ObjectNode releaseLock(JsonNode ctx, String executionId) {
        boolean released = new LockRepository(store).release(ctx.at("/request/environment").asText(), executionId);
        return JSON.createObjectNode().put("released", released);
    }

    // ---- jobs --------------------------------------------------------------------------------

    ObjectNode classifyJobFailure(JsonNode ctx, String job) {
        JsonNode failure = ctx.path("jobFailure");
        int attempt = ctx.at("/retry/value/attempts/" + job).asInt(0) + 1;
        JobFailures.Verdict v = JobFailures.classify(failure.path("Error").asText("States.TaskFailed"),
                failure.path("Cause").asText(""), attempt, random);
        ObjectNode out = JSON.createObjectNode();
        out.put("job", job);
        out.put("retry", v.retry());
        out.put("waitSeconds", Math.max(1, v.waitSeconds()));
        out.put("error", v.error());
        out.put("cause", job + " job: " + v.cause() + v.logUrl().map(l -> " (log: " + l + ")").orElse(""));
        v.logUrl().ifPresent(l -> out.put("logUrl", l));
        v.buildId().ifPresent(b -> out.put("buildId", b));
        ObjectNode attempts = out.putObject("attempts");
        attempts.put("plan", ctx.at("/retry/value/attempts/plan").asInt(0));
        attempts.put("apply", ctx.at("/retry/value/attempts/apply").asInt(0));
        attempts.put(job, attempt);
        return out;
    }

    ObjectNode guardPlan(JsonNode ctx) {
        String key = ctx.at("/job/artifactPath").asText() + "/" + ctx.at("/job/planId").asText();
        PhaseName phase = PhaseName.valueOf(ctx.at("/request/phase").asText().toUpperCase(Locale.ROOT));
        Optional<byte[]> plan = artifacts.read(key + "/plan.json").or(() -> artifacts.read(key + "/diff.txt"));
        ObjectNode out = JSON.createObjectNode();
        if (plan.isEmpty()) {
            out.put("refused", true);
            out.put("cause", "the plan job left no plan.json or diff.txt at " + artifacts.describe(key + "/"));
            return out;
        }
        PlanGuard.Report report;
        try {
            report = PlanGuard.check(phase, new String(plan.get(), StandardCharsets.UTF_8));
        } catch (PlanGuard.UnreadablePlanException e) {
            out.put("refused", true);
            out.put("cause", e.getMessage() + " (" + artifacts.describe(key + "/") + ")");
            return out;
        }
        Optional<String> version = artifacts.read(key + "/" + SourceVersion.VERSION_FILE).flatMap(SourceVersion::parse);
        version.ifPresent(v -> out.put("sourceVersion", v));
        artifacts.read(key + "/" + SourceVersion.REVISION_FILE).map(b -> new String(b, StandardCharsets.UTF_8).strip())
                .filter(r -> !r.isEmpty() && r.length() <= 200).ifPresent(r -> out.put("revision", r));
        List<String> refusals = new ArrayList<>(report.refusals());
        Optional<String> wanted = Optional.ofNullable(ctx.at("/request/sourceVersion").textValue());
        if (wanted.isPresent() && !wanted.equals(version)) {
            refusals.add("the plan job ran version " + version.orElse("(none recorded in " + artifacts.describe(key + "/")
                    + ")") + ", not the requested " + wanted.get());
        }
        out.put("refused", !refusals.isEmpty());
        if (!refusals.isEmpty()) {
            out.put("cause", String.join("; ", refusals));
        }
        out.put("hasChanges", report.counts().any());
        out.set("counts", counts(report.counts()));
        out.put("summary", report.counts().toString());
        return out;
    }

    private static ObjectNode counts(ChangeCounts c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("creates", c.creates());
        n.put("updates", c.updates());
        n.put("destroys", c.destroys());
        n.put("replaces", c.replaces());
        return n;
    }

    // ---- approval ----------------------------------------------------------------------------

    ObjectNode requestApproval(JsonNode ctx, String taskToken, String executionId) {
        if (taskToken.isBlank()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "requestApproval needs a task token");
        }
        Instant now = clock.instant();
        String envName = ctx.at("/request/environment").asText();
        String summary = what(ctx) + ": " + ctx.at("/plan/value/summary").asText("changes unknown");
        Instant deadline = now.plusSeconds(ctx.at("/env/approvalTimeoutSeconds").asLong(86_400));
        new ApprovalRepository(store).request(new PendingApproval(envName, executionId, taskToken, summary, now, deadline));
        notifier.publish(new Notifier.Notification(envName, "dayshift: approval needed for " + what(ctx),
                summary + "\nrequested by " + ctx.at("/request/requestedBy").asText() + reason(ctx)
                        + "\nplan log: " + ctx.at("/planJob/logUrl").asText("-")
                        + "\napprove: dayshift approve --env " + envName + "\nreject:  dayshift reject --env " + envName
                        + "\nexpires: " + deadline,
                Map.of("event", "approval-requested")));
        return JSON.createObjectNode().put("requested", true).put("summary", summary);
    }

    // ---- health ------------------------------------------------------------------------------

    ObjectNode healthCheck(JsonNode ctx) {
        DayshiftConfig cfg = config.get();
        Environment env = cfg.requireEnvironment(ctx.at("/request/environment").asText());
        int attempt = ctx.at("/health/value/attempt").asInt(0) + 1;
        StringBuilder failures = new StringBuilder();
        int maxAttempts = 1;
        long wait = Long.MAX_VALUE;
        for (HealthCheck h : env.runtime().healthChecks()) {
            maxAttempts = Math.max(maxAttempts, h.attempts());
            wait = Math.min(wait, Math.max(1, h.interval().toSeconds()));
            HealthProbe.Answer a = probe.get(h.url(), h.timeout());
            Optional<String> problem;
            if (a.error().isPresent()) {
                problem = a.error();
            } else if (a.status() != h.expectStatus()) {
                problem = Optional.of("status " + a.status() + ", expected " + h.expectStatus());
            } else if (h.expectBody().isPresent() && !a.body().contains(h.expectBody().get())) {
                problem = Optional.of("body does not contain '" + h.expectBody().get() + "'");
            } else {
                problem = Optional.empty();
            }
            problem.ifPresent(p -> failures.append(failures.isEmpty() ? "" : "; ").append(h.url()).append(": ").append(p));
        }
        ObjectNode out = JSON.createObjectNode();
        boolean healthy = failures.isEmpty();
        out.put("healthy", healthy);
        out.put("attempt", attempt);
        out.put("gaveUp", !healthy && attempt >= maxAttempts);
        out.put("waitSeconds", wait == Long.MAX_VALUE ? 1 : wait);
        if (!healthy) {
            out.put("cause", "health checks failed on attempt " + attempt + " of " + maxAttempts + ": " + failures);
        }
        return out;
    }

    // ---- records and outcomes ----------------------------------------------------------------

    ObjectNode recordState(JsonNode ctx, String executionId) {
        LifecycleRequest r = LifecycleRequest.parse(ctx.path("request"));
        PhaseStateRepository states = new PhaseStateRepository(store);
        Optional<PhaseState> before = states.current(r.environment(), r.phase());
        PhaseState.Status status = switch (r.action()) {
            case PLAN -> before.map(PhaseState::status).orElse(PhaseState.Status.UNKNOWN);
            case APPLY, UP -> PhaseState.Status.UP;
            case DESTROY, DOWN -> PhaseState.Status.DOWN;
        };
        Optional<ChangeCounts> changes = changes(ctx);
        Optional<String> log = lastLog(ctx);
        PhaseState state = new PhaseState(r.environment(), r.phase(), status, r.action(), PhaseState.Outcome.SUCCEEDED,
                r.trigger(), clock.instant(), executionId, r.requestedBy(), r.reason(), changes, log, Optional.empty());
        if (r.action() == LifecycleAction.PLAN) {
            states.appendHistory(state);
        } else {
            states.record(state);
        }
        Optional<String> version = Optional.ofNullable(ctx.at("/plan/value/sourceVersion").textValue());
        boolean appliedRuntime = r.phase() == PhaseName.RUNTIME && r.action().applies() && !r.action().destroys()
                && ctx.has("applyJob");
        if (appliedRuntime && version.isPresent()) {
            new RuntimeVersions(store).record(r.environment(), new RuntimeVersions.Version(version.get(), clock.instant(),
                    executionId, Optional.of(ctx.at("/job/artifactPath").asText() + "/" + ctx.at("/job/planId").asText() + "/"),
                    Optional.of(r.trigger().id()), Optional.ofNullable(ctx.at("/plan/value/revision").textValue())));
        }
        boolean nothing = changes.map(c -> !c.any()).orElse(false);
        String headline = what(ctx) + (r.action() == LifecycleAction.PLAN ? " planned"
                : nothing ? ": nothing to do" : " done") + changes.map(c -> " (" + c + ")").orElse("");
        ObjectNode out = JSON.createObjectNode();
        out.put("event", "lifecycle-succeeded");
        out.put("subject", "dayshift: " + headline);
        out.put("message", headline + "\nstate: " + r.phase().id() + " " + status.id() + "\nrequested by "
                + r.requestedBy() + " (" + r.trigger().id() + ")" + reason(ctx)
                + (ctx.at("/health/value/healthy").asBoolean(false) ? "\nhealth checks passed on attempt "
                        + ctx.at("/health/value/attempt").asInt() : "")
                + version.filter(v -> r.phase() == PhaseName.RUNTIME).map(v -> "\nversion: " + v
                        + (appliedRuntime ? " (recorded)" : "")).orElse("")
                + "\nplan log: " + ctx.at("/planJob/logUrl").asText("-")
                + (ctx.has("applyJob") ? "\napply log: " + ctx.at("/applyJob/logUrl").asText("-") : "")
                + "\nexecution: " + executionId);
        ObjectNode result = out.putObject("result");
        result.put("environment", r.environment());
        result.put("phase", r.phase().id());
        result.put("action", r.action().id());
        result.put("status", status.id());
        result.put("summary", headline);
        changes.ifPresent(c -> result.set("changes", counts(c)));
        log.ifPresent(l -> result.put("logUrl", l));
        version.ifPresent(v -> result.put("sourceVersion", v));
        return out;
    }

    ObjectNode recordFailure(JsonNode ctx, String executionId) {
        JsonNode failure = ctx.path("failure");
        String error = failure.path("Error").asText("States.Runtime");
        String cause = oneLine(failure.path("Cause").asText(""));
        JsonNode requestNode = ctx.path("request");
        ObjectNode out = JSON.createObjectNode();
        out.put("event", "lifecycle-failed");
        if (!requestNode.isObject()) {
            out.put("subject", "dayshift: lifecycle failed (" + error + ")");
            out.put("message", error + ": " + cause + "\nexecution: " + executionId);
            return out;
        }
        LifecycleRequest r = LifecycleRequest.parse(requestNode);
        PhaseStateRepository states = new PhaseStateRepository(store);
        Optional<PhaseState> before = states.current(r.environment(), r.phase());
        boolean applying = ctx.path("applying").asBoolean(false);
        PhaseState.Status status = applying ? PhaseState.Status.FAILED
                : before.map(PhaseState::status).orElse(PhaseState.Status.UNKNOWN);
        Optional<String> log = Optional.ofNullable(ctx.at("/retry/value/logUrl").textValue()).or(() -> lastLog(ctx));
        PhaseState state = new PhaseState(r.environment(), r.phase(), status, r.action(), PhaseState.Outcome.FAILED,
                r.trigger(), clock.instant(), executionId, r.requestedBy(), r.reason(), changes(ctx), log,
                Optional.of(error + ": " + cause));
        if (applying) {
            states.record(state);
        } else {
            states.appendHistory(state);
        }
        new ApprovalRepository(store).resolve(r.environment(), executionId);
        String headline = what(ctx) + " FAILED (" + error + ")";
        out.put("subject", "dayshift: " + headline);
        out.put("message", headline + "\n" + cause + "\nstate: " + r.phase().id() + " " + status.id()
                + (applying ? " (the apply began: check what is deployed before the next run)" : " (nothing was applied)")
                + "\nrequested by " + r.requestedBy() + " (" + r.trigger().id() + ")" + reason(ctx)
                + "\njob log: " + log.orElse("-") + "\nexecution: " + executionId
                + "\nrunbook: docs/runbooks/" + (applying ? "failed-apply.md" : "stuck-lock.md"));
        return out;
    }

    private static Optional<ChangeCounts> changes(JsonNode ctx) {
        JsonNode c = ctx.at("/plan/value/counts");
        return c.isObject() ? Optional.of(new ChangeCounts(c.path("creates").asInt(), c.path("updates").asInt(),
                c.path("destroys").asInt(), c.path("replaces").asInt())) : Optional.empty();
    }

    private static Optional<String> lastLog(JsonNode ctx) {
        return Optional.ofNullable(ctx.at("/applyJob/logUrl").textValue())
                .or(() -> Optional.ofNullable(ctx.at("/planJob/logUrl").textValue()));
    }

    private static String what(JsonNode ctx) {
        String pinned = ctx.at("/request/sourceVersion").asText("");
        return ctx.at("/request/environment").asText() + " " + ctx.at("/request/phase").asText() + " "
                + ctx.at("/request/action").asText() + (pinned.isEmpty() ? "" : " of recorded version "
                + SourceVersion.shortForm(pinned));
    }

    private static String reason(JsonNode ctx) {
        String reason = ctx.at("/request/reason").asText("");
        return reason.isBlank() ? "" : ": " + reason;
    }

    private static String oneLine(String s) {
        String l = s.replaceAll("\\s+", " ").strip();
        return l.length() > 1000 ? l.substring(0, 999) + "…" : l;
    }

}
