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
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The lifecycle-tasks Lambda: reads the payload, runs {@link LifecycleTasks}, writes the result. Its
 * environment: {@code DAYSHIFT_CONFIG} (default {@code /var/task/dayshift.yaml}), {@code DAYSHIFT_STATE_TABLE},
 * {@code DAYSHIFT_ARTIFACT_BUCKET}, {@code DAYSHIFT_NOTIFICATION_TOPIC_ARN}; {@code AWS_ENDPOINT_URL} points
 * every client at an emulator in tests. The configuration and clients are built once per container.
 */
public final class LifecycleTasksHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LifecycleTasks tasks;

    public LifecycleTasksHandler() {
        this(System.getenv());
    }

    LifecycleTasksHandler(Map<String, String> env) {
        Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).map(URI::create);
        String bucket = require(env, "DAYSHIFT_ARTIFACT_BUCKET");
        String table = require(env, "DAYSHIFT_STATE_TABLE");
        String topic = require(env, "DAYSHIFT_NOTIFICATION_TOPIC_ARN");
        DayshiftConfig config = ConfigLoader.load(Path.of(env.getOrDefault("DAYSHIFT_CONFIG", "/var/task/dayshift.yaml")));
        this.tasks = new LifecycleTasks(() -> config,
                new DynamoDbStateStore(AwsClients.build(DynamoDbClient.builder(), endpoint), table),
                new S3ArtifactStore(AwsClients.build(S3Client.builder().forcePathStyle(endpoint.isPresent()), endpoint), bucket),
                bucket, HealthProbe.http(),
                new SnsNotifier(AwsClients.build(SnsClient.builder(), endpoint), topic),
                Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "the lifecycle-tasks Lambda needs " + name
                    + " in its environment");
        }
        return v;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JSON.readTree(input);
        JSON.writeValue(output, tasks.handle(payload));
    }
}
