package dev.dayshift.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.records.Keys;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The source versions of the runtime phase that applied successfully, for infrastructure rollbacks:
 * items {@code (env#<environment>, version#runtime#<at>)}, kept {@value #KEEP_DAYS} days. A version is
 * what the job's source was (CodeBuild's resolved source version, a git commit); the lifecycle records
 * one after each successful runtime apply, and the rollback machine re-applies the newest one that is
 * not the current one.
 */
public final class RuntimeVersions {

    /** How long versions are kept. */
    public static final int KEEP_DAYS = 400;

    private static final String PREFIX = "version#runtime#";

    private final StateStore store;

    public RuntimeVersions(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** One applied version. */
    public record Version(String sourceVersion, Instant appliedAt, String executionId) {
        public Version {
            Objects.requireNonNull(sourceVersion, "sourceVersion");
            Objects.requireNonNull(appliedAt, "appliedAt");
            Objects.requireNonNull(executionId, "executionId");
        }
    }

    /** Records that {@code v} was applied to the environment's runtime. */
    public void record(String environment, Version v) {
        ObjectNode n = Json.object();
        n.put("sourceVersion", v.sourceVersion());
        n.put("appliedAt", v.appliedAt().toString());
        n.put("executionId", v.executionId());
        store.upsert(Keys.environment(environment), PREFIX + Keys.instant(v.appliedAt()), Json.write(n),
                Optional.of(v.appliedAt().plus(Duration.ofDays(KEEP_DAYS))));
    }

    /** Every recorded version, newest first. */
    public List<Version> newestFirst(String environment) {
        List<StoredItem> items = store.query(Keys.environment(environment), PREFIX);
        return items.reversed().stream().map(i -> {
            JsonNode n = Json.readStored(i.json(), "runtime version");
            return new Version(n.path("sourceVersion").asText(), Instant.parse(n.path("appliedAt").asText()),
                    n.path("executionId").asText());
        }).toList();
    }

    /** The newest recorded version that differs from the newest one: what a rollback re-applies. */
    public Optional<Version> previous(String environment) {
        List<Version> all = newestFirst(environment);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        String current = all.get(0).sourceVersion();
        return all.stream().filter(v -> !v.sourceVersion().equals(current)).findFirst();
    }
}
