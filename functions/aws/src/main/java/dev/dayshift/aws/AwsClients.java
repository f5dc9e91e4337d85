package dev.dayshift.aws;

import dev.dayshift.aws.snapstart.PrimingTransport;
import dev.dayshift.aws.snapstart.RestorableCredentials;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients the way every Dayshift Lambda wants them: one small, fast-starting
 * url-connection HTTP client shared by all of a function's clients (wrapped in the
 * {@link PrimingTransport}, which answers from memory while SnapStart priming runs); region from the
 * Lambda environment; credentials from the SDK's default chain behind a {@link RestorableCredentials}
 * that SnapStart's restore hook renews; and, for tests against an emulator, an endpoint with dummy
 * credentials. Uses only SDK core types, so it loads with whichever service module a Lambda declares.
 */
public final class AwsClients {

    private static final RestorableCredentials CREDENTIALS =
            new RestorableCredentials(() -> DefaultCredentialsProvider.builder().build());
    private static final StaticCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private static volatile SdkHttpClient http;

    private AwsClients() {
    }

    /** The HTTP client every client built here shares (created on first use). */
    public static SdkHttpClient http() {
        SdkHttpClient h = http;
        if (h == null) {
            synchronized (AwsClients.class) {
                if (http == null) {
                    http = new PrimingTransport(UrlConnectionHttpClient.create());
                }
                h = http;
            }
        }
        return h;
    }

    /** The credentials every Lambda-side client signs with (renewed by SnapStart's restore hook). */
    public static RestorableCredentials credentials() {
        return CREDENTIALS;
    }

    /**
     * What a client signs with: the emulator's dummy credentials when {@code endpoint} (an emulator such as
     * moto) is present, as {@link #forEndpoint} signs, else {@link #credentials()}.
     */
    public static AwsCredentialsProvider credentialsFor(Optional<URI> endpoint) {
        return endpoint.isPresent() ? EMULATOR_CREDENTIALS : CREDENTIALS;
    }

    /**
     * Configures {@code builder} for the Lambda runtime: the shared url-connection client, the default
     * region chain, the restorable default credentials chain.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C forLambda(B builder) {
        builder.httpClient(http()).credentialsProvider(CREDENTIALS);
        return builder.build();
    }

    /**
     * Configures {@code builder} for an emulator (moto) at {@code endpoint}: region us-east-1, dummy
     * credentials.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C forEndpoint(B builder, URI endpoint) {
        builder.httpClient(http())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(EMULATOR_CREDENTIALS);
        return builder.build();
    }

    /** {@link #forEndpoint} when {@code endpoint} is present, else {@link #forLambda}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Optional<URI> endpoint) {
        return endpoint.isPresent() ? forEndpoint(builder, endpoint.get()) : forLambda(builder);
    }
}
