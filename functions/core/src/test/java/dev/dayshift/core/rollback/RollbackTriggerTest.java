package dev.dayshift.core.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.state.FileStateStore;
import dev.dayshift.core.state.InMemoryStateStore;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.testutils.EventSamples;
import dev.dayshift.core.testutils.ManualClock;
import dev.dayshift.core.testutils.RecordingExecutionStarter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackTriggerTest {

    final DayshiftConfig config = EventSamples.config();
    final ManualClock clock = new ManualClock("2026-03-09T14:05:30Z");
    final InMemoryStateStore store = new InMemoryStateStore(clock);
    final RecordingExecutionStarter starter = new RecordingExecutionStarter();
    final RollbackTrigger trigger = new RollbackTrigger(config, store, starter, clock);

    static AlarmNotification alarm(String name, String state, String old, String at) {
        Parsed<AlarmNotification> p = AlarmNotifications.fromSnsMessage(EventSamples.metricAlarm(name, state, old, at));
        return ((Parsed.Ok<AlarmNotification>) p).value();
    }

    static final AlarmNotification DEV_5XX = alarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:05:00.123+0000");

    @Nested
    class WhatActs {

        @Test
        void anAlarmTransitionOfAKnownAlarmStartsOneRollbackOfItsTarget() {
            RollbackDecision d = trigger.handle(DEV_5XX);
            assertThat(d.action()).isEqualTo(RollbackDecision.Action.START_ROLLBACK);
            assertThat(d.environment()).contains("dev");
            assertThat(d.target()).contains("api");
            assertThat(d.execution()).contains(starter.started().get(0).name());
            assertThat(d.reason()).contains("dev-api-5xx").contains("ECS service dev-cluster/api");
            assertThat(starter.started()).singleElement().satisfies(c -> {
                assertThat(c.machine()).isEqualTo(ExecutionStarter.Machine.ROLLBACK);
                assertThat(c.name()).matches("[A-Za-z0-9_-]{1,80}").startsWith("rollback-dev-api-20260309T140500Z-");
                JsonNode in = Json.tryParse(c.input()).orElseThrow();
                assertThat(in.path("environment").asText()).isEqualTo("dev");
                assertThat(in.path("protected").asBoolean()).isFalse();
                assertThat(in.path("target").path("type").asText()).isEqualTo("ecs-service");
                assertThat(in.path("target").path("cluster").asText()).isEqualTo("dev-cluster");
                assertThat(in.path("target").path("stableTimeoutSeconds").asLong()).isEqualTo(900);
                assertThat(in.path("alarm").path("enteredAlarmAt").asText()).isEqualTo("2026-03-09T14:05:00.123Z");
            });
        }

        @Test
        void okAndInsufficientDataAreRecordedAndIgnored() {
            RollbackDecision ok = trigger.handle(alarm("dev-api-5xx", "OK", "ALARM", "2026-03-09T14:05:00.000+0000"));
            RollbackDecision insufficient = trigger.handle(
                    alarm("dev-api-latency", "INSUFFICIENT_DATA", "OK", "2026-03-09T14:05:00.000+0000"));
            assertThat(List.of(ok, insufficient)).allSatisfy(d -> {
                assertThat(d.action()).isEqualTo(RollbackDecision.Action.IGNORED);
                assertThat(d.environment()).contains("dev");
                assertThat(d.reason()).contains("only ALARM transitions start a rollback");
            });
            assertThat(starter.calls()).isEmpty();
            assertThat(store.query("env#dev", "alarm#")).hasSize(2);
            assertThat(store.query("env#dev", "event#")).hasSize(2);
        }

        @Test
        void anUnknownAlarmIsIgnoredAndNeverGuessed() {
            RollbackDecision d = trigger.handle(alarm("dev-api-5xx-copy", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"));
            assertThat(d.action()).isEqualTo(RollbackDecision.Action.IGNORED);
            assertThat(d.environment()).isEmpty();
            assertThat(d.reason()).contains("unknown alarm 'dev-api-5xx-copy'");
            assertThat(starter.calls()).isEmpty();
        }

        @Test
        void aProtectedEnvironmentsRollbackStartsMarkedForApproval() {
            AlarmNotification n = ((Parsed.Ok<AlarmNotification>) AlarmNotifications.fromSnsMessage(
                    EventSamples.compositeAlarm("prod-composite-health", "ALARM", "OK", "2026-03-09T14:05:00.000+0000")))
                    .value();
            RollbackDecision d = trigger.handle(n);
            assertThat(d.action()).isEqualTo(RollbackDecision.Action.START_ROLLBACK);
            assertThat(d.reason()).contains("protected").contains("waits for an approval");
            JsonNode in = Json.tryParse(starter.started().get(0).input()).orElseThrow();
            assertThat(in.path("protected").asBoolean()).isTrue();
            assertThat(in.path("target").path("type").asText()).isEqualTo("infrastructure");
        }
    }

    @Nested
    class ExactlyOncePerEpisode {

        @Test
        void aSecondDeliveryOfTheSameNotificationStartsNothing() {
            RollbackDecision first = trigger.handle(DEV_5XX);
            RollbackDecision again = trigger.handle(DEV_5XX);
            assertThat(again.action()).isEqualTo(RollbackDecision.Action.IGNORED);
            assertThat(again.reason()).contains("duplicate delivery");
            assertThat(again.execution()).isEqualTo(first.execution());
            assertThat(starter.started()).hasSize(1);
        }

        @RepeatedTest(5)
        void tenConcurrentDeliveriesStartExactlyOneRollback() throws Exception {
            List<RollbackDecision> decisions = concurrently(10, () -> trigger.handle(DEV_5XX));
            assertThat(decisions).filteredOn(d -> d.action() == RollbackDecision.Action.START_ROLLBACK).hasSize(1);
            assertThat(decisions).extracting(RollbackDecision::execution).containsOnly(decisions.get(0).execution());
            assertThat(starter.started()).hasSize(1);
            assertThat(starter.executions()).hasSize(1);
        }

        @Test
        void concurrentDeliveriesThroughSeparateFileStoresStartExactlyOneRollback(@TempDir Path dir) throws Exception {
            // Each delivery gets its own store object over the same directory, as separate processes would.
            List<RollbackDecision> decisions = concurrently(8, () ->
                    new RollbackTrigger(config, new FileStateStore(dir, clock), starter, clock).handle(DEV_5XX));
            assertThat(decisions).filteredOn(d -> d.action() == RollbackDecision.Action.START_ROLLBACK).hasSize(1);
            assertThat(starter.started()).hasSize(1);
        }

        @RepeatedTest(3)
        void aStarterThatAnswersEveryStartOfARunningExecutionWithSuccessStillYieldsOneStartDecision() throws Exception {
            // Step Functions answers StartExecution for a running execution with the same name and input with
            // success (not ExecutionAlreadyExists); the episode record decides which delivery reports the start.
            List<String> names = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutionStarter running = (m, name, input) -> {
                names.add(name);
                return new ExecutionStarter.StartResult("arn:aws:states:us-east-1:111111111111:execution:rb:" + name, false);
            };
            List<RollbackDecision> decisions = concurrently(10,
                    () -> new RollbackTrigger(config, store, running, clock).handle(DEV_5XX));
            assertThat(decisions).filteredOn(d -> d.action() == RollbackDecision.Action.START_ROLLBACK).hasSize(1);
            assertThat(names).as("one execution name, however many calls").containsOnly(names.get(0));
        }

        @Test
        void aStartThatFailedIsCompletedByTheRetryRatherThanRefusedAsADuplicate() {
            starter.failWith(new DayshiftException(DayshiftException.Kind.FAILED, "Step Functions unavailable"));
            assertThatThrownBy(() -> trigger.handle(DEV_5XX)).hasMessageContaining("unavailable");
            starter.failWith(null);
            clock.advance(Duration.ofMinutes(1));
            RollbackDecision retry = trigger.handle(DEV_5XX);
            assertThat(retry.action()).isEqualTo(RollbackDecision.Action.START_ROLLBACK);
            assertThat(starter.started()).hasSize(1);
        }

        @Test
        void anAlarmToAlarmNotificationContinuesTheOpenEpisode() {
            trigger.handle(DEV_5XX);
            RollbackDecision d = trigger.handle(alarm("dev-api-5xx", "ALARM", "ALARM", "2026-03-09T14:09:00.000+0000"));
            assertThat(d.action()).isEqualTo(RollbackDecision.Action.IGNORED);
            assertThat(d.episode()).contains("dev-api-5xx@2026-03-09T14:05:00.123Z");
            assertThat(starter.started()).hasSize(1);
        }

        @Test
        void anAlarmToAlarmNotificationWhoseStartWasNeverSeenStartsTheEpisode() {
            RollbackDecision d = trigger.handle(alarm("dev-api-5xx", "ALARM", "ALARM", "2026-03-09T14:09:00.000+0000"));
            assertThat(d.action()).isEqualTo(RollbackDecision.Action.START_ROLLBACK);
        }

        @Test
        void aLateAlarmDeliveredAfterItsOkIsIgnoredAsStale() {
            trigger.handle(alarm("dev-api-5xx", "OK", "ALARM", "2026-03-09T14:06:00.000+0000"));
            RollbackDecision late = trigger.handle(DEV_5XX);
            assertThat(late.action()).isEqualTo(RollbackDecision.Action.IGNORED);
            assertThat(late.reason()).contains("late delivery");
            assertThat(starter.calls()).isEmpty();
        }
    }

    @Nested
    class Cooldown {

        @Test
        void aFlappingAlarmWithinTheCooldownDoesNotRollBackAgain() {
            trigger.handle(DEV_5XX);
            clock.advance(Duration.ofMinutes(5));
            trigger.handle(alarm("dev-api-5xx", "OK", "ALARM", "2026-03-09T14:08:00.000+0000"));
            RollbackDecision again = trigger.handle(alarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:10:00.000+0000"));
            assertThat(again.action()).isEqualTo(RollbackDecision.Action.IGNORED);
            assertThat(again.reason()).contains("within the cooldown").contains("until 2026-03-09T14:35:30Z");
            assertThat(trigger.handle(alarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:10:00.000+0000")).reason())
                    .as("a redelivery of the held-back episode").contains("held back by the cooldown");
            assertThat(starter.started()).hasSize(1);
        }

        @Test
        void afterTheCooldownANewEpisodeRollsBackAgain() {
            trigger.handle(DEV_5XX);
            clock.advance(Duration.ofMinutes(31));
            trigger.handle(alarm("dev-api-5xx", "OK", "ALARM", "2026-03-09T14:30:00.000+0000"));
            RollbackDecision later = trigger.handle(alarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:36:00.000+0000"));
            assertThat(later.action()).isEqualTo(RollbackDecision.Action.START_ROLLBACK);
            assertThat(starter.started()).hasSize(2);
        }

        @RepeatedTest(5)
        void twoAlarmsOfOneTargetFiringTogetherStartOneRollback() throws Exception {
            List<RollbackDecision> decisions = concurrently(10, new Callable<>() {
                int i;

                @Override
                public RollbackDecision call() {
                    synchronized (this) {
                        i++;
                    }
                    return trigger.handle(i % 2 == 0 ? DEV_5XX
                            : alarm("dev-api-latency", "ALARM", "OK", "2026-03-09T14:05:01.000+0000"));
                }
            });
            assertThat(decisions).filteredOn(d -> d.action() == RollbackDecision.Action.START_ROLLBACK).hasSize(1);
            assertThat(starter.started()).hasSize(1);
        }

        @Test
        void targetsHaveSeparateCooldowns() {
            StateStore s = new InMemoryStateStore(clock);
            RollbackTrigger t = new RollbackTrigger(config, s, starter, clock);
            t.handle(((Parsed.Ok<AlarmNotification>) AlarmNotifications.fromSnsMessage(EventSamples.metricAlarm(
                    "prod-api-5xx", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"))).value());
            t.handle(((Parsed.Ok<AlarmNotification>) AlarmNotifications.fromSnsMessage(EventSamples.compositeAlarm(
                    "prod-composite-health", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"))).value());
            assertThat(starter.started()).hasSize(2);
        }
    }

    static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
