package dev.dayshift.functions.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.aws.AwsClients;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Everything expensive the handler needs, built once per execution environment: the S3 and SQS clients
 * (on the HTTP client every Dayshift Lambda shares, {@link AwsClients#http()}, which answers from memory
 * while SnapStart priming runs), libvips loaded and initialised, the parsed configuration, the JSON
 * mapper. Nothing in it is unique per invocation or time-dependent; the Lambda's credentials are
 * {@link AwsClients#credentials()}, renewed after each SnapStart restore (docs/snapstart.md).
 */
public final class ImageProcessorRuntime implements AutoCloseable {

    private static volatile ImageProcessorRuntime shared;

    private final ProcessorSettings settings;
    private final SdkHttpClient http;
    private final S3Client s3;
    private final SqsClient sqs;
    private final ImageTransformer transformer;
    private final ObjectMapper json = new ObjectMapper();

    ImageProcessorRuntime(ProcessorSettings settings, AwsCredentialsProvider credentials) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = AwsClients.http();
        Region region = Region.of(settings.region());
        var s3b = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials);
        var sqsb = SqsClient.builder().httpClient(http).region(region).credentialsProvider(credentials);
        settings.endpoint().ifPresent(uri -> {
            s3b.endpointOverride(uri).forcePathStyle(true);
            sqsb.endpointOverride(uri);
        });
        this.s3 = s3b.build();
        this.sqs = sqsb.build();
        this.transformer = ImageTransformer.create(0);
    }

    /** Built for tests and tools with explicit settings and credentials. */
    public static ImageProcessorRuntime create(ProcessorSettings settings, AwsCredentialsProvider credentials) {
        return new ImageProcessorRuntime(settings, credentials);
    }

    /** The one instance of this execution environment, from the environment variables. */
    public static ImageProcessorRuntime shared() {
        ImageProcessorRuntime r = shared;
        if (r == null) {
            synchronized (ImageProcessorRuntime.class) {
                if (shared == null) {
                    shared = fromEnvironment(System.getenv());
                }
                r = shared;
            }
        }
        return r;
    }

    /**
     * A runtime from environment variables (see {@link ProcessorSettings}), signing with the Lambda's
     * credentials, or with an emulator's when {@code AWS_ENDPOINT_URL} names one (as every Dayshift Lambda does).
     */
    static ImageProcessorRuntime fromEnvironment(Map<String, String> env) {
        ProcessorSettings settings = ProcessorSettings.fromEnvironment(env);
        return new ImageProcessorRuntime(settings, AwsClients.credentialsFor(settings.endpoint()));
    }

    public ProcessorSettings settings() {
        return settings;
    }

    public S3Client s3() {
        return s3;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public ImageTransformer transformer() {
        return transformer;
    }

    public ObjectMapper json() {
        return json;
    }

    /** Closes the clients (the shared HTTP client stays open for the others). */
    @Override
    public void close() {
        s3.close();
        sqs.close();
    }
}
