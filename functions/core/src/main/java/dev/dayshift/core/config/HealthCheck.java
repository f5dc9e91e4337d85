package dev.dayshift.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP check run after the runtime is applied: GET {@code url} until it answers {@code expectStatus}
 * (and contains {@code expectBody}, when given), at most {@code attempts} times, {@code interval} apart.
 *
 * @param url http or https URL, never null
 * @param expectStatus the status code that counts as healthy (default 200)
 * @param expectBody text the body must contain, if present
 * @param timeout per-request timeout (default 5 s)
 * @param attempts how many requests at most (default 10)
 * @param interval time between attempts (default 10 s)
 */
public record HealthCheck(
        URI url, int expectStatus, Optional<String> expectBody, Duration timeout, int attempts, Duration interval) {
    public HealthCheck {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expectBody, "expectBody");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
    }
}
