package dev.dayshift.functions.lifecycle;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.S3ArtifactStore;
import dev.dayshift.aws.SnsNotifier;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import dev.dayshift.aws.snapstart.PerCopy;
import dev.dayshift.aws.snapstart.SnapStart;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The lifecycle-tasks Lambda: reads the payload, runs {@link LifecycleTasks}, writes the result. Its
 * environment: {@code DAYSHIFT_CONFIG} (default {@code /var/task/dayshift.yaml}), {@code DAYSHIFT_STATE_TABLE},
 * {@code DAYSHIFT_ARTIFACT_BUCKET}, {@code DAYSHIFT_NOTIFICATION_TOPIC_ARN}; {@code AWS_ENDPOINT_URL} points
 * every client at an emulator in tests. The configuration and clients are built once per container.
 *
 * <p>SnapStart (docs/snapstart.md): before the snapshot the handler runs the machine's steps
 * (validate, lock, record, release) for every configured environment through {@link #handleRequest},
 * every AWS call answered in memory; the health check, which calls the environment's own URL, is
 * primed from the class list only. Jitter comes from {@link PerCopy#random()}, reseeded after every
 * restore so no two restored copies share it.
 */
public final class LifecycleTasksHandler implements RequestStreamHandler, Resource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LifecycleTasks tasks;
    private final DayshiftConfig config;

    public LifecycleTasksHandler() {
        this(System.getenv());
    }

    LifecycleTasksHandler(Map<String, String> env) {
        Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).map(URI::create);
        String bucket = require(env, "DAYSHIFT_ARTIFACT_BUCKET");
        String table = require(env, "DAYSHIFT_STATE_TABLE");
        String topic = require(env, "DAYSHIFT_NOTIFICATION_TOPIC_ARN");
        this.config = ConfigLoader.load(Path.of(env.getOrDefault("DAYSHIFT_CONFIG", "/var/task/dayshift.yaml")));
        this.tasks = new LifecycleTasks(() -> config,
                new DynamoDbStateStore(AwsClients.build(DynamoDbClient.builder(), endpoint), table),
                new S3ArtifactStore(AwsClients.build(S3Client.builder().forcePathStyle(endpoint.isPresent()), endpoint), bucket),
                bucket, HealthProbe.http(),
                new SnsNotifier(AwsClients.build(SnsClient.builder(), endpoint), topic),
                Clock.systemUTC(), () -> PerCopy.random().nextDouble());
        SnapStart.register(this);
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "the lifecycle-tasks Lambda needs " + name
                    + " in its environment");
        }
        return v;
    }

    /**
     * Runs validate, acquireLock, recordState and releaseLock of a plan for every environment through
     * {@link #handleRequest}, every AWS call answered in memory. Between acquireLock and recordState the
     * context gets what the machine's plan job puts there (its counts and log), so recordState records a
     * plan with changes, as after a real plan.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SnapStart.prime(getClass(), SnapStart.step("lifecycle steps", () -> {
            for (String env : config.environments().keySet()) {
                ObjectNode validate = JSON.createObjectNode().put("step", "validate");
                validate.putObject("input").put("environment", env).put("action", "plan");
                validate.putObject("execution").put("id", "priming").put("name", "priming");
                JsonNode ctx = run(validate);
                for (String step : new String[] {"acquireLock", "recordState", "releaseLock"}) {
                    if (step.equals("recordState") && ctx instanceof ObjectNode c) {
                        c.putObject("plan").putObject("value").putObject("counts").put("creates", 1).put("updates", 1)
                                .put("destroys", 0).put("replaces", 0);
                        c.putObject("planJob").put("logUrl", "https://console.aws.amazon.com/codesuite/codebuild/"
                                + "projects/priming/build/priming");
                    }
                    ObjectNode payload = JSON.createObjectNode().put("step", step).put("executionId", "priming");
                    payload.set("context", ctx);
                    run(payload);
                }
            }
        }));
    }

    private JsonNode run(JsonNode payload) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(payload)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    /** Renews this copy's jitter seed and credentials (configuration, clients and clock stay valid). */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        SnapStart.restore();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JSON.readTree(input);
        JSON.writeValue(output, tasks.handle(payload));
    }
}
