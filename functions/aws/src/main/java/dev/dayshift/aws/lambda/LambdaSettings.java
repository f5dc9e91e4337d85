package dev.dayshift.aws.lambda;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Dayshift Lambda reads from its environment variables (set by the CDK app):
 * <ul>
 *   <li>{@code DAYSHIFT_CONFIG}: the bundled configuration file (default {@value #DEFAULT_CONFIG});</li>
 *   <li>{@code DAYSHIFT_STATE_TABLE}: the DynamoDB state table;</li>
 *   <li>{@code DAYSHIFT_ROLLBACK_STATE_MACHINE_ARN}, {@code DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN}: the machines a
 *       function starts;</li>
 *   <li>{@code DAYSHIFT_NOTIFICATION_TOPIC_ARN}: the notifications topic;</li>
 *   <li>{@code AWS_ENDPOINT_URL}: only for tests against an emulator (moto), as the other functions read it.</li>
 * </ul>
 * A missing required variable is a clear failure at cold start, naming the variable.
 */
public final class LambdaSettings {

    /** Where the CDK app bundles the configuration. */
    public static final String DEFAULT_CONFIG = "/var/task/dayshift.yaml";

    private final Map<String, String> env;

    public LambdaSettings(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** The process's environment. */
    public static LambdaSettings fromEnvironment() {
        return new LambdaSettings(System.getenv());
    }

    /** A required variable's value. */
    public String required(String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "environment variable " + name
                    + " is not set (the CDK app sets it on the function)");
        }
        return v.strip();
    }

    /** An optional variable's value. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The configuration, loaded and validated. */
    public DayshiftConfig config() {
        return ConfigLoader.load(Path.of(optional("DAYSHIFT_CONFIG").orElse(DEFAULT_CONFIG)));
    }

    /** An emulator endpoint for every client, when set (tests only). */
    public Optional<URI> endpoint() {
        return optional("AWS_ENDPOINT_URL").map(URI::create);
    }
}
