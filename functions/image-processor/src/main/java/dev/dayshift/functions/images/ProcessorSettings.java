package dev.dayshift.functions.images;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.ImagePipelineConfig;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Lambda is wired, from its environment variables (the CDK app sets them):
 * <ul>
 *   <li>{@code VARIANTS_BUCKET} (required): where variants are written;</li>
 *   <li>{@code DAYSHIFT_IMAGES_CONFIG}: the {@code images:} section as YAML or JSON (default: the three
 *       built-in variants);</li>
 *   <li>{@code DEAD_LETTER_QUEUE_URL}: where refused messages go at once, with the reason in message
 *       attributes (without it they are reported as failures and SQS' redrive moves them);</li>
 *   <li>{@code MAX_RECEIVE_COUNT} (default 5): the source queue's redrive {@code maxReceiveCount}, so the
 *       last attempt of a failing message can carry its reason to the DLQ;</li>
 *   <li>{@code CACHE_CONTROL} (default {@value #DEFAULT_CACHE_CONTROL});</li>
 *   <li>{@code AWS_ENDPOINT_URL}: an endpoint override (tests, emulators).</li>
 * </ul>
 */
public record ProcessorSettings(
        String variantsBucket, ImagePipelineConfig images, Optional<String> deadLetterQueueUrl, int maxReceiveCount,
        String cacheControl, Optional<URI> endpoint, String region) {

    /** Variants change when their source does (same key), so they are cached for a day, not forever. */
    public static final String DEFAULT_CACHE_CONTROL = "public, max-age=86400";

    public ProcessorSettings {
        Objects.requireNonNull(variantsBucket, "variantsBucket");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        Objects.requireNonNull(cacheControl, "cacheControl");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
    }

    /**
     * Reads the settings.
     *
     * @throws DayshiftException BAD_INPUT naming the variable that is missing or invalid
     */
    public static ProcessorSettings fromEnvironment(Map<String, String> env) {
        String bucket = env.get("VARIANTS_BUCKET");
        if (bucket == null || bucket.isBlank()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "VARIANTS_BUCKET is not set");
        }
        String config = env.get("DAYSHIFT_IMAGES_CONFIG");
        ImagePipelineConfig images = config == null || config.isBlank() ? ImagePipelineConfig.defaults()
                : ConfigLoader.parseImages(config, "DAYSHIFT_IMAGES_CONFIG");
        int maxReceive;
        try {
            maxReceive = Integer.parseInt(env.getOrDefault("MAX_RECEIVE_COUNT", "5").strip());
        } catch (NumberFormatException e) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT,
                    "MAX_RECEIVE_COUNT must be a whole number, was '" + env.get("MAX_RECEIVE_COUNT") + "'");
        }
        String endpoint = env.get("AWS_ENDPOINT_URL");
        return new ProcessorSettings(bucket.strip(), images,
                Optional.ofNullable(env.get("DEAD_LETTER_QUEUE_URL")).filter(s -> !s.isBlank()),
                Math.max(1, maxReceive), env.getOrDefault("CACHE_CONTROL", DEFAULT_CACHE_CONTROL),
                Optional.ofNullable(endpoint).filter(s -> !s.isBlank()).map(URI::create),
                env.getOrDefault("AWS_REGION", "us-east-1"));
    }
}
