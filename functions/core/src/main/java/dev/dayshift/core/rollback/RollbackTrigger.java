package dev.dayshift.core.rollback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.events.internal.DecisionLog;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.rollback.internal.RollbackRecords;
import dev.dayshift.core.rollback.internal.RollbackRecords.AlarmStateRecord;
import dev.dayshift.core.rollback.internal.RollbackRecords.CooldownHolder;
import dev.dayshift.core.rollback.internal.RollbackRecords.EpisodeRecord;
import dev.dayshift.core.rollback.internal.RollbackRecords.EpisodeStatus;
import dev.dayshift.core.state.StateStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what one alarm notification does, and starts the rollback machine when it should: the
 * rollback trigger Lambda and {@code dayshift events replay} both call {@link #handle}.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>An alarm the configuration does not bind to a rollback target is ignored (never guessed).</li>
 *   <li>Every notification of a known alarm is recorded (newest state per alarm); only ALARM acts.</li>
 *   <li>A late ALARM whose alarm has since been seen in another state is ignored (stale).</li>
 *   <li>One alarm episode starts at most one rollback however often and however concurrently it is
 *       delivered: the episode record is written with a conditional put, and the execution name is
 *       derived from the episode, so Step Functions refuses a second execution of it.</li>
 *   <li>A target rolled back within its cooldown is not rolled back again: the cooldown is a
 *       conditional put too, so two alarms of one target racing start one rollback.</li>
 *   <li>A protected environment's rollback still starts, and the machine waits for an approval before
 *       it changes anything; the machine checks protection itself as well.</li>
 * </ol>
 * A failure to start (Step Functions unavailable) is thrown, so SNS's retry delivers the notification
 * again; the episode record lets that retry finish the start rather than refuse it as a duplicate.
 */
public final class RollbackTrigger {

    /** Who the rollback execution says started it. */
    public static final String REQUESTED_BY = "rollback-trigger";

    private final DayshiftConfig config;
    private final StateStore store;
    private final RollbackRecords records;
    private final ExecutionStarter starter;
    private final InstantSource clock;

    public RollbackTrigger(DayshiftConfig config, StateStore store, ExecutionStarter starter, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.records = new RollbackRecords(store);
        this.starter = Objects.requireNonNull(starter, "starter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The environment and target an alarm is bound to, by name or (when configured so) by ARN. */
    public Optional<DayshiftConfig.AlarmBinding> binding(AlarmNotification n) {
        return config.rollbackTargetForAlarm(n.alarmName())
                .or(() -> n.alarmArn().flatMap(config::rollbackTargetForAlarm));
    }

    /** Handles one notification; never null. Throws only when starting the execution fails. */
    public RollbackDecision handle(AlarmNotification n) {
        Optional<DayshiftConfig.AlarmBinding> bound = binding(n);
        if (bound.isEmpty()) {
            return new RollbackDecision(RollbackDecision.Action.IGNORED, Optional.empty(), Optional.empty(),
                    "unknown alarm '" + n.alarmName() + "': no rollback target in " + config.source().getFileName()
                            + " lists it, so nothing is rolled back", Optional.empty(), Optional.empty());
        }
        Environment env = bound.get().environment();
        RollbackTarget target = bound.get().target();
        Instant now = clock.instant();
        AlarmStateRecord latest = records.observe(env.name(), n.alarmName(), n.newState(), n.entersAlarm(),
                n.stateChangeTime());
        RollbackDecision d = decide(n, env, target, latest, now);
        record(env, n, d, now);
        return d;
    }

    private RollbackDecision decide(AlarmNotification n, Environment env, RollbackTarget target,
            AlarmStateRecord latest, Instant now) {
        Optional<String> envName = Optional.of(env.name());
        Optional<String> targetName = Optional.of(target.name());
        String alarm = "alarm '" + n.alarmName() + "'";
        if (n.newState() != AlarmState.ALARM) {
            return new RollbackDecision(RollbackDecision.Action.IGNORED, envName, targetName,
                    alarm + " went to " + n.newState() + " at " + n.stateChangeTime()
                            + ": recorded; only ALARM transitions start a rollback",
                    Optional.empty(), Optional.empty());
        }
        if (latest.at().isAfter(n.stateChangeTime()) && latest.state() != AlarmState.ALARM) {
            return new RollbackDecision(RollbackDecision.Action.IGNORED, envName, targetName,
                    alarm + " entered ALARM at " + n.stateChangeTime() + " but has been " + latest.state() + " since "
                            + latest.at() + ": a late delivery of an episode that is over",
                    Optional.empty(), Optional.empty());
        }
        Instant start = n.entersAlarm() ? n.stateChangeTime()
                : latest.episodeStart().filter(s -> !s.isAfter(n.stateChangeTime())).orElse(n.stateChangeTime());
        RollbackEpisode episode = new RollbackEpisode(env.name(), target.name(), n.alarmName(), start);
        Optional<String> episodeId = Optional.of(episode.id());
        Optional<String> execution = Optional.of(episode.executionName());

        Optional<EpisodeRecord> existing = records.claimEpisode(episode, now);
        if (existing.isPresent() && existing.get().status() == EpisodeStatus.COOLDOWN) {
            return new RollbackDecision(RollbackDecision.Action.IGNORED, envName, targetName,
                    "duplicate delivery of episode " + episode.id() + ", which was held back by the cooldown"
                            + existing.get().note().map(x -> " (" + x + ")").orElse(""),
                    Optional.empty(), episodeId);
        }
        if (existing.isEmpty() || existing.get().status() == EpisodeStatus.PENDING) {
            Optional<CooldownHolder> holder = records.takeCooldown(episode, now, env.rollback().cooldown());
            if (holder.isPresent()) {
                String note = "target '" + target.name() + "' was rolled back by " + holder.get().execution() + " at "
                        + holder.get().since() + "; further alarms are ignored until " + holder.get().until();
                records.markEpisode(episode, EpisodeStatus.COOLDOWN, Optional.of(note), now);
                return new RollbackDecision(RollbackDecision.Action.IGNORED, envName, targetName,
                        alarm + " entered ALARM at " + n.stateChangeTime() + " within the cooldown: " + note,
                        Optional.empty(), episodeId);
            }
        }
        starter.start(ExecutionStarter.Machine.ROLLBACK,
                episode.executionName(), RollbackInput.of(env, target, n, episode).toJson());
        // Exactly one delivery reports the start: the one that moves the episode from pending to started.
        // (Step Functions answers a repeated start of a running execution with the same input with success,
        // not ExecutionAlreadyExists, so the starter's answer alone cannot tell.)
        boolean mine = records.markEpisode(episode, EpisodeStatus.STARTED, Optional.empty(), now);
        if (!mine) {
            return new RollbackDecision(RollbackDecision.Action.IGNORED, envName, targetName,
                    "duplicate delivery of episode " + episode.id() + ": its rollback execution already exists",
                    execution, episodeId);
        }
        String what = switch (target.kind()) {
            case ECS_SERVICE -> "ECS service " + target.cluster().orElse("?") + "/" + target.service().orElse("?");
            case INFRASTRUCTURE -> "the runtime infrastructure (previous recorded version)";
        };
        return new RollbackDecision(RollbackDecision.Action.START_ROLLBACK, envName, targetName,
                alarm + " entered ALARM at " + n.stateChangeTime() + ": rolling back target '" + target.name() + "' ("
                        + what + ")" + (env.isProtected()
                        ? "; environment '" + env.name() + "' is protected, so the rollback waits for an approval"
                        : ""),
                execution, episodeId);
    }

    private void record(Environment env, AlarmNotification n, RollbackDecision d, Instant now) {
        ObjectNode doc = Json.object();
        doc.put("kind", "alarm");
        doc.put("alarm", n.alarmName());
        doc.put("state", n.newState().name());
        n.oldState().ifPresent(s -> doc.put("oldState", s.name()));
        doc.put("stateChangeTime", n.stateChangeTime().toString());
        doc.put("action", d.action().id());
        doc.put("reason", d.reason());
        d.target().ifPresent(t -> doc.put("target", t));
        d.execution().ifPresent(x -> doc.put("execution", x));
        d.episode().ifPresent(x -> doc.put("episode", x));
        DecisionLog.append(store, env.name(), now, "alarm", doc);
    }
}
