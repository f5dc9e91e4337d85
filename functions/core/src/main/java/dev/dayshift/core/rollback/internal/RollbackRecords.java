package dev.dayshift.core.rollback.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.records.Keys;
import dev.dayshift.core.rollback.AlarmState;
import dev.dayshift.core.rollback.RollbackEpisode;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rollback trigger's records in the {@link StateStore}, all in the environment's partition
 * {@code env#<environment>}:
 * <ul>
 *   <li>{@code alarm#<alarm>}: the newest state seen for the alarm ({@code state}, {@code at}, and
 *       {@code episodeStart} while in ALARM); only ever moved forward in time, so late deliveries
 *       cannot roll it back.</li>
 *   <li>{@code rollback#episode#<alarm>#<start>}: one per alarm episode, written with a conditional
 *       put; {@code status} is pending, started or cooldown, with the execution name.</li>
 *   <li>{@code rollback#cooldown#<target>}: held by the episode whose rollback started, expiring when
 *       the cooldown ends; taken with a conditional put, so two episodes racing see one winner.</li>
 * </ul>
 * Not public API: the trigger is.
 */
public final class RollbackRecords {

    /** How long episode records are kept for inspection. */
    public static final Duration EPISODE_RETENTION = Duration.ofDays(90);

    private final StateStore store;

    public RollbackRecords(StateStore store) {
        this.store = store;
    }

    public static String pk(String environment) {
        return Keys.environment(environment);
    }

    /** The newest known state of an alarm. */
    public record AlarmStateRecord(AlarmState state, Instant at, Optional<Instant> episodeStart) {
    }

    /** The stored newest state of the alarm, if any. */
    public Optional<AlarmStateRecord> alarmState(String environment, String alarm) {
        return store.get(pk(environment), Keys.ALARM_PREFIX + alarm).map(i -> readState(i.json()));
    }

    /**
     * Records that {@code alarm} was in {@code state} from {@code at}, unless a newer state is already
     * recorded. For an ALARM state entered from ALARM, the episode continues the recorded one when there
     * is one.
     *
     * @return the record as it stands afterwards (the newer one if this observation was late)
     */
    public AlarmStateRecord observe(String environment, String alarm, AlarmState state, boolean entersAlarm, Instant at) {
        String pk = pk(environment);
        String sk = Keys.ALARM_PREFIX + alarm;
        while (true) {
            Optional<StoredItem> current = store.get(pk, sk);
            Optional<AlarmStateRecord> cur = current.map(i -> readState(i.json()));
            if (cur.isPresent() && cur.get().at().isAfter(at)) {
                return cur.get();
            }
            Optional<Instant> episodeStart = Optional.empty();
            if (state == AlarmState.ALARM) {
                episodeStart = Optional.of(at);
                if (!entersAlarm && cur.isPresent() && cur.get().state() == AlarmState.ALARM) {
                    episodeStart = cur.get().episodeStart().or(() -> Optional.of(at));
                }
            }
            AlarmStateRecord next = new AlarmStateRecord(state, at, episodeStart);
            if (cur.isPresent() && cur.get().equals(next)) {
                return next;
            }
            ObjectNode doc = Json.object();
            doc.put("alarm", alarm);
            doc.put("state", state.name());
            doc.put("at", at.toString());
            episodeStart.ifPresent(s -> doc.put("episodeStart", s.toString()));
            String json = Json.write(doc);
            boolean written = current.isEmpty()
                    ? store.putIfAbsent(StoredItem.create(pk, sk, json, Optional.empty()))
                    : store.replace(current.get().next(json, Optional.empty()));
            if (written) {
                return next;
            }
        }
    }

    private static AlarmStateRecord readState(String json) {
        JsonNode n = Json.readStored(json, "alarm state");
        return new AlarmStateRecord(AlarmState.valueOf(n.path("state").asText()), Instant.parse(n.path("at").asText()),
                Json.text(n, "episodeStart").map(Instant::parse));
    }

    /** An episode's status. */
    public enum EpisodeStatus { PENDING, STARTED, COOLDOWN }

    /** What is recorded of an episode. */
    public record EpisodeRecord(EpisodeStatus status, String execution, Instant firstSeen, Optional<String> note) {
    }

    private static String episodeKey(RollbackEpisode e) {
        return Keys.ROLLBACK_EPISODE_PREFIX + e.alarmName() + "#" + e.start();
    }

    /**
     * Creates the episode's record (status pending) if it does not exist.
     *
     * @return empty if this call created it; otherwise the record another delivery wrote
     */
    public Optional<EpisodeRecord> claimEpisode(RollbackEpisode e, Instant now) {
        StoredItem item = StoredItem.create(pk(e.environment()), episodeKey(e),
                episodeJson(e, EpisodeStatus.PENDING, now, Optional.empty()), Optional.of(now.plus(EPISODE_RETENTION)));
        while (true) {
            if (store.putIfAbsent(item)) {
                return Optional.empty();
            }
            Optional<StoredItem> existing = store.get(item.pk(), item.sk());
            if (existing.isPresent()) {
                return Optional.of(readEpisode(existing.get().json()));
            }
        }
    }

    /**
     * Moves the episode's record from pending to {@code status}.
     *
     * @return true if this call moved it; false if another delivery already had
     */
    public boolean markEpisode(RollbackEpisode e, EpisodeStatus status, Optional<String> note, Instant now) {
        String pk = pk(e.environment());
        String sk = episodeKey(e);
        while (true) {
            Optional<StoredItem> current = store.get(pk, sk);
            if (current.isEmpty()) {
                StoredItem fresh = StoredItem.create(pk, sk, episodeJson(e, status, now, note),
                        Optional.of(now.plus(EPISODE_RETENTION)));
                if (store.putIfAbsent(fresh)) {
                    return true;
                }
                continue;
            }
            EpisodeRecord rec = readEpisode(current.get().json());
            if (rec.status() != EpisodeStatus.PENDING) {
                return false;
            }
            if (store.replace(current.get().next(episodeJson(e, status, rec.firstSeen(), note), current.get().expiresAt()))) {
                return true;
            }
        }
    }

    private static String episodeJson(RollbackEpisode e, EpisodeStatus status, Instant firstSeen, Optional<String> note) {
        ObjectNode doc = Json.object();
        doc.put("episode", e.id());
        doc.put("alarm", e.alarmName());
        doc.put("target", e.target());
        doc.put("start", e.start().toString());
        doc.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        doc.put("execution", e.executionName());
        doc.put("firstSeen", firstSeen.toString());
        note.ifPresent(n -> doc.put("note", n));
        return Json.write(doc);
    }

    private static EpisodeRecord readEpisode(String json) {
        JsonNode n = Json.readStored(json, "rollback episode");
        return new EpisodeRecord(EpisodeStatus.valueOf(n.path("status").asText().toUpperCase(java.util.Locale.ROOT)),
                n.path("execution").asText(), Instant.parse(n.path("firstSeen").asText()), Json.text(n, "note"));
    }

    /** Who holds a target's cooldown. */
    public record CooldownHolder(String episode, String execution, Instant since, Instant until) {
    }

    /**
     * Takes the target's cooldown for {@code e} until {@code now + cooldown}, unless another episode
     * holds it.
     *
     * @return empty if {@code e} holds it now (taken, or already its own); otherwise the other holder
     */
    public Optional<CooldownHolder> takeCooldown(RollbackEpisode e, Instant now, Duration cooldown) {
        String pk = pk(e.environment());
        String sk = Keys.ROLLBACK_COOLDOWN_PREFIX + e.target();
        Instant until = now.plus(cooldown);
        ObjectNode doc = Json.object();
        doc.put("episode", e.id());
        doc.put("execution", e.executionName());
        doc.put("since", now.toString());
        doc.put("until", until.toString());
        StoredItem item = StoredItem.create(pk, sk, Json.write(doc), Optional.of(until));
        while (true) {
            if (cooldown.isZero() || cooldown.isNegative() || store.putIfAbsent(item)) {
                return Optional.empty();
            }
            Optional<StoredItem> existing = store.get(pk, sk);
            if (existing.isPresent()) {
                JsonNode n = Json.readStored(existing.get().json(), "rollback cooldown");
                CooldownHolder holder = new CooldownHolder(n.path("episode").asText(), n.path("execution").asText(),
                        Instant.parse(n.path("since").asText()), Instant.parse(n.path("until").asText()));
                return holder.episode().equals(e.id()) ? Optional.empty() : Optional.of(holder);
            }
        }
    }
}
