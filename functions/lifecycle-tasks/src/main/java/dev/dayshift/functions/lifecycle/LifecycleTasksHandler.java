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
import java.security.SecureRandom;
import org.crac.Core;
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
 * <p>SnapStart: the handler registers itself as a CRaC resource; before the snapshot it primes the
 * classes and Jackson by validating a request for each configured environment (no AWS call). Jitter
 * comes from {@link SecureRandom}, which Lambda keeps unique across restored snapshots.
 */
public final class LifecycleTasksHandler implements RequestStreamHandler, Resource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
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
                Clock.systemUTC(), RANDOM::nextDouble);
        Core.getGlobalContext().register(this);
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "the lifecycle-tasks Lambda needs " + name
                    + " in its environment");
        }
        return v;
    }

    /** Primes: validates a plan request of every environment, which loads the classes a real call uses. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        for (String env : config.environments().keySet()) {
            tasks.handle(JSON.createObjectNode().put("step", "validate").set("input",
                    JSON.createObjectNode().put("environment", env).put("action", "plan")));
        }
    }

    /** Nothing depends on the time of the snapshot: clients, configuration and clock stay valid. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // deliberately empty
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JSON.readTree(input);
        JSON.writeValue(output, tasks.handle(payload));
    }
}
