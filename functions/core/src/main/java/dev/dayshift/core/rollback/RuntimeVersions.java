package dev.dayshift.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.records.Keys;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The versions of the runtime phase that applied successfully, for infrastructure rollbacks: items
 * {@code (env#<environment>, version#runtime#<at>)}, kept {@value #KEEP_DAYS} days. A version is the
 * content hash of the phase directory the jobs ran ({@link dev.dayshift.core.lifecycle.SourceVersion});
 * the lifecycle records one after each successful runtime apply, with the plan whose artifacts hold its
 * snapshot, and the rollback machine re-applies the newest earlier one ({@link #previous}).
 */
public final class RuntimeVersions {

    /** How long versions are kept. */
    public static final int KEEP_DAYS = 400;

    private static final String PREFIX = "version#runtime#";
    private static final String ROLLBACK = "rollback";

    private final StateStore store;

    public RuntimeVersions(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * One applied version.
     *
     * @param sourceVersion the version ({@code sha256:...})
     * @param appliedAt when the apply finished
     * @param executionId the lifecycle execution that applied it
     * @param snapshot the artifact folder ({@code <env>/runtime/<plan id>/}) holding its snapshot, when known
     * @param trigger what started that execution ({@code schedule}, {@code manual}, {@code rollback}, ...), when known
     * @param revision CodeBuild's resolved source version (a git commit, an S3 object version), when there was one
     */
    public record Version(String sourceVersion, Instant appliedAt, String executionId, Optional<String> snapshot,
                          Optional<String> trigger, Optional<String> revision) {
        public Version {
            Objects.requireNonNull(sourceVersion, "sourceVersion");
            Objects.requireNonNull(appliedAt, "appliedAt");
            Objects.requireNonNull(executionId, "executionId");
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(revision, "revision");
        }

        /** A version known by its hash alone (no snapshot, trigger or revision). */
        public Version(String sourceVersion, Instant appliedAt, String executionId) {
            this(sourceVersion, appliedAt, executionId, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** Records that {@code v} was applied to the environment's runtime. */
    public void record(String environment, Version v) {
        ObjectNode n = Json.object();
        n.put("sourceVersion", v.sourceVersion());
        n.put("appliedAt", v.appliedAt().toString());
        n.put("executionId", v.executionId());
        v.snapshot().ifPresent(s -> n.put("snapshot", s));
        v.trigger().ifPresent(t -> n.put("trigger", t));
        v.revision().ifPresent(r -> n.put("revision", r));
        // Keys follow the order of the applies (the lifecycle lock serializes them), even when two share an
        // instant (a virtual clock): a key at or before the newest one goes a millisecond after it.
        Instant keyAt = v.appliedAt();
        List<StoredItem> existing = store.query(Keys.environment(environment), PREFIX);
        if (!existing.isEmpty()) {
            Instant newest = Instant.parse(existing.get(existing.size() - 1).sk().substring(PREFIX.length()));
            if (!keyAt.isAfter(newest)) {
                keyAt = newest.plusMillis(1);
            }
        }
        store.upsert(Keys.environment(environment), PREFIX + Keys.instant(keyAt), Json.write(n),
                Optional.of(v.appliedAt().plus(Duration.ofDays(KEEP_DAYS))));
    }

    /** Every recorded version, newest first. */
    public List<Version> newestFirst(String environment) {
        List<StoredItem> items = store.query(Keys.environment(environment), PREFIX);
        return items.reversed().stream().map(i -> {
            JsonNode n = Json.readStored(i.json(), "runtime version");
            return new Version(n.path("sourceVersion").asText(), Instant.parse(n.path("appliedAt").asText()),
                    n.path("executionId").asText(), Json.text(n, "snapshot"), Json.text(n, "trigger"),
                    Json.text(n, "revision"));
        }).toList();
    }

    /** The newest record of {@code sourceVersion} whose snapshot is known: what a pinned apply runs. */
    public Optional<Version> find(String environment, String sourceVersion) {
        return newestFirst(environment).stream()
                .filter(v -> v.sourceVersion().equals(sourceVersion) && v.snapshot().isPresent()).findFirst();
    }

    /**
     * What a rollback re-applies: the newest recorded version that is neither the current one (the
     * newest) nor one a rollback has already moved away from (so a second alarm never brings a bad
     * release back).
     */
    public Optional<Version> previous(String environment) {
        List<Version> all = newestFirst(environment);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Set<String> rolledBackFrom = new HashSet<>(rolledBackFrom(all));
        String current = all.get(0).sourceVersion();
        return all.stream().filter(v -> !v.sourceVersion().equals(current) && !rolledBackFrom.contains(v.sourceVersion()))
                .findFirst();
    }

    /** The versions a rollback has moved away from (newest first, each once), for messages. */
    public List<String> rolledBackFrom(String environment) {
        return rolledBackFrom(newestFirst(environment));
    }

    private static List<String> rolledBackFrom(List<Version> newestFirst) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < newestFirst.size(); i++) {
            Version v = newestFirst.get(i);
            String before = newestFirst.get(i + 1).sourceVersion();
            if (v.trigger().filter(ROLLBACK::equals).isPresent() && !before.equals(v.sourceVersion()) && !out.contains(before)) {
                out.add(before);
            }
        }
        return out;
    }
}
