package dev.dayshift.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.records.Keys;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Task definitions known to have run stably on an ECS rollback target, newest first: item
 * {@code (env#<environment>, rollback#stable#<target>)}, at most {@value #KEEP} entries. The rollback
 * machine records the task definition it rolled back to once the alarm cleared; the lifecycle may
 * record the one a healthy {@code up} left running. The rollback machine falls back on them when ECS
 * keeps no deployment history.
 */
public final class StableTaskDefinitions {

    /** How many entries are kept per target. */
    public static final int KEEP = 10;

    private static final String PREFIX = "rollback#stable#";

    private final StateStore store;

    public StableTaskDefinitions(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** One known-stable task definition. */
    public record Entry(String taskDefinition, Instant at, String recordedBy) {
        public Entry {
            Objects.requireNonNull(taskDefinition, "taskDefinition");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(recordedBy, "recordedBy");
        }
    }

    /** Records {@code taskDefinition} as stable on the target (moving it to the front if listed). */
    public void record(String environment, String target, String taskDefinition, Instant at, String recordedBy) {
        String pk = Keys.environment(environment);
        String sk = PREFIX + target;
        while (true) {
            Optional<StoredItem> current = store.get(pk, sk);
            List<Entry> entries = new ArrayList<>();
            entries.add(new Entry(taskDefinition, at, recordedBy));
            current.map(i -> read(i.json())).orElse(List.of()).stream()
                    .filter(e -> !e.taskDefinition().equals(taskDefinition))
                    .limit(KEEP - 1)
                    .forEach(entries::add);
            String json = write(entries);
            boolean ok = current.isEmpty()
                    ? store.putIfAbsent(StoredItem.create(pk, sk, json, Optional.empty()))
                    : store.replace(current.get().next(json, Optional.empty()));
            if (ok) {
                return;
            }
        }
    }

    /** The target's known-stable task definitions, newest first. */
    public List<Entry> list(String environment, String target) {
        return store.get(Keys.environment(environment), PREFIX + target).map(i -> read(i.json())).orElse(List.of());
    }

    private static String write(List<Entry> entries) {
        ObjectNode n = Json.object();
        ArrayNode a = n.putArray("taskDefinitions");
        for (Entry e : entries) {
            ObjectNode o = a.addObject();
            o.put("taskDefinition", e.taskDefinition());
            o.put("at", e.at().toString());
            o.put("recordedBy", e.recordedBy());
        }
        return Json.write(n);
    }

    private static List<Entry> read(String json) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode o : Json.readStored(json, "stable task definitions").path("taskDefinitions")) {
            out.add(new Entry(o.path("taskDefinition").asText(), Instant.parse(o.path("at").asText()),
                    o.path("recordedBy").asText("")));
        }
        return out;
    }
}
