package dev.dayshift.aws.snapstart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The HTTP client of every Dayshift SDK client: the real one, except on a thread that is
 * {@link SnapStart#priming() priming}, where each request is answered from memory with a successful,
 * empty response of the service's protocol (JSON {@code {}}, a Query {@code <ActionResponse>}, or an
 * empty REST body), so that priming runs marshalling, endpoint rules, signing, the HTTP pipeline and
 * unmarshalling without a socket being opened, a connection being cached in the snapshot or AWS
 * being called.
 */
public final class PrimingTransport implements SdkHttpClient {

    /** Answers that make the adapters walk their usual path rather than fail on a missing field. */
    private static final Map<String, String> JSON_ANSWERS = Map.of(
            "AWSStepFunctions.StartExecution",
            "{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:priming:priming\",\"startDate\":0}",
            "DynamoDB_20120810.Query", "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}",
            "AmazonSQS.SendMessage", "{\"MessageId\":\"priming\",\"MD5OfMessageBody\":\"\"}");

    private final SdkHttpClient delegate;

    public PrimingTransport(SdkHttpClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (!SnapStart.priming()) {
            return delegate.prepareRequest(request);
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return answer(request);
            }

            @Override
            public void abort() {
                // nothing is in flight
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    static HttpExecuteResponse answer(HttpExecuteRequest request) throws IOException {
        String contentType = request.httpRequest().firstMatchingHeader("Content-Type").orElse("");
        String body;
        String responseType;
        if (contentType.startsWith("application/x-amz-json")) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            body = JSON_ANSWERS.getOrDefault(target, "{}");
            responseType = contentType;
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
            String action = action(request.contentStreamProvider().map(p -> p.newStream()));
            body = "<" + action + "Response><" + action + "Result/><ResponseMetadata><RequestId>priming</RequestId>"
                    + "</ResponseMetadata></" + action + "Response>";
            responseType = "text/xml";
        } else {
            body = "";
            responseType = "application/xml";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpResponse response = SdkHttpResponse.builder()
                .statusCode(200)
                .putHeader("Content-Type", responseType)
                .putHeader("Content-Length", String.valueOf(bytes.length))
                .putHeader("x-amzn-RequestId", "priming")
                .putHeader("x-amz-request-id", "priming")
                .putHeader("ETag", "\"priming\"")
                .build();
        return HttpExecuteResponse.builder()
                .response(response)
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    /** The {@code Action} of a Query protocol request body. */
    private static String action(Optional<InputStream> body) throws IOException {
        if (body.isEmpty()) {
            return "Priming";
        }
        try (InputStream in = body.get()) {
            for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                if (pair.startsWith("Action=")) {
                    String a = URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                    if (a.matches("[A-Za-z0-9]+")) {
                        return a;
                    }
                }
            }
        }
        return "Priming";
    }
}
