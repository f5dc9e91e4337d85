package dev.dayshift.functions.lifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** One HTTP GET of a health check. The default is the JDK's HTTP client; tests may pass their own. */
@FunctionalInterface
public interface HealthProbe {

    /**
     * The answer: a status and the body, or the error that prevented one.
     *
     * @param status the HTTP status, 0 when there was no answer
     * @param body the body (at most 64 KiB), empty when there was no answer
     * @param error why there was no answer
     */
    record Answer(int status, String body, Optional<String> error) {
    }

    /** GETs {@code url}, waiting at most {@code timeout}; never throws for a network problem. */
    Answer get(URI url, Duration timeout);

    /** The JDK's HTTP client, following no redirects. */
    static HealthProbe http() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return (url, timeout) -> {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET()
                        .header("User-Agent", "dayshift-health-check").build(), HttpResponse.BodyHandlers.ofString());
                String body = r.body() == null ? "" : r.body();
                return new Answer(r.statusCode(), body.length() > 65_536 ? body.substring(0, 65_536) : body, Optional.empty());
            } catch (java.io.IOException e) {
                return new Answer(0, "", Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(0, "", Optional.of("interrupted"));
            }
        };
    }
}
