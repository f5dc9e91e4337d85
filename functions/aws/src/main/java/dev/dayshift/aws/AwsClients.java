package dev.dayshift.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients the way every Dayshift Lambda wants them: the small, fast-starting
 * url-connection HTTP client; region and credentials from the Lambda environment; and, for tests
 * against an emulator, an endpoint with dummy credentials. Uses only SDK core types, so it loads with
 * whichever service module a Lambda declares.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /**
     * Configures {@code builder} for the Lambda runtime: url-connection client, default region and
     * credential chains.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C forLambda(B builder) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        return builder.build();
    }

    /**
     * Configures {@code builder} for an emulator (moto) at {@code endpoint}: region us-east-1, dummy
     * credentials.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C forEndpoint(B builder, URI endpoint) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
        return builder.build();
    }

    /** {@link #forEndpoint} when {@code endpoint} is present, else {@link #forLambda}. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Optional<URI> endpoint) {
        return endpoint.isPresent() ? forEndpoint(builder, endpoint.get()) : forLambda(builder);
    }
}
