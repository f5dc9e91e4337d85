package dev.dayshift.functions.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.records.ApprovalRepository;
import dev.dayshift.core.records.PendingApproval;
import dev.dayshift.core.rollback.AlarmNotification;
import dev.dayshift.core.rollback.AlarmNotifications;
import dev.dayshift.core.rollback.AlarmState;
import dev.dayshift.core.rollback.RollbackDecision;
import dev.dayshift.core.rollback.RollbackEpisode;
import dev.dayshift.core.rollback.RollbackInput;
import dev.dayshift.core.rollback.RollbackTrigger;
import dev.dayshift.core.rollback.RuntimeVersions;
import dev.dayshift.core.rollback.StableTaskDefinitions;
import dev.dayshift.core.testutils.EventSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** rollback.asl.json in the embedded engine, with the real task steps. */
class RollbackMachineTest {

    static final DayshiftConfig CONFIG = EventSamples.config();
    static final String TD1 = "arn:aws:ecs:us-east-1:111111111111:task-definition/api:41";
    static final String TD2 = "arn:aws:ecs:us-east-1:111111111111:task-definition/api:42";

    static AlarmNotification alarm(String body) {
        return ((Parsed.Ok<AlarmNotification>) AlarmNotifications.fromSnsMessage(body)).value();
    }

    static String input(String env, String target, String alarmName, boolean composite) {
        Environment e = CONFIG.requireEnvironment(env);
        RollbackTarget t = e.rollback().targets().stream().filter(x -> x.name().equals(target)).findFirst().orElseThrow();
        AlarmNotification n = alarm(composite
                ? EventSamples.compositeAlarm(alarmName, "ALARM", "OK", "2026-03-09T14:05:00.000+0000")
                : EventSamples.metricAlarm(alarmName, "ALARM", "OK", "2026-03-09T14:05:00.000+0000"));
        return RollbackInput.of(e, t, n, new RollbackEpisode(env, target, alarmName, n.stateChangeTime())).toJson();
    }

    static final String DEV_API = input("dev", "api", "dev-api-5xx", false);

    static RollbackMachine devMachine() {
        return new RollbackMachine(CONFIG, new FakeEcs("dev-cluster", "api", TD2, TD2, TD1));
    }

    @Nested
    class AnEcsServiceTarget {

        @Test
        void happyPath_goesBackToThePreviousDeploymentWaitsForStabilityAndTheAlarmToClear() {
            RollbackMachine m = devMachine();
            ExecutionResult r = m.run(DEV_API);
            assertThat(r.status()).as(r.error() + " " + r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(m.ecs.updates).containsExactly(TD1);
            assertThat(r.statesVisited()).contains("FindStableTaskDefinition", "UpdateService", "CheckStable",
                    "CheckAlarm", "RecordSuccess", "Notify").doesNotContain("RequestApproval");
            JsonNode out = RollbackMachine.JSON.valueToTree(r.outputValue());
            assertThat(out.path("taskDefinition").asText()).isEqualTo(TD1);
            assertThat(out.path("previousTaskDefinition").asText()).isEqualTo(TD2);
            assertThat(new StableTaskDefinitions(m.store).list("dev", "api")).extracting(StableTaskDefinitions.Entry::taskDefinition)
                    .containsExactly(TD1);
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t)
                    .contains("rollback done").contains("runs " + TD1 + " again (was " + TD2 + ")"));
            assertThat(r.stopDate()).as("two polls for stability, two for the alarm, on virtual time")
                    .isBetween(Instant.parse("2026-03-09T14:07:00Z"), Instant.parse("2026-03-09T14:10:00Z"));
        }

        @Test
        void aDeploymentInProgressIsRolledBackToTheOneItIsReplacing() {
            FakeEcs ecs = new FakeEcs("dev-cluster", "api", TD1, TD1);
            ecs.describesToStabilise = -1;
            ecs.update("dev-cluster", "api", TD2);
            ecs.updates.clear();
            ecs.describesToStabilise = 1;
            RollbackMachine m = new RollbackMachine(CONFIG, ecs);
            ExecutionResult r = m.run(DEV_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ecs.updates).containsExactly(TD1);
        }

        @Test
        void withoutEcsHistoryATaskDefinitionRecordedAsStableIsUsed() {
            RollbackMachine m = new RollbackMachine(CONFIG, new FakeEcs("dev-cluster", "api", TD2));
            new StableTaskDefinitions(m.store).record("dev", "api", TD1, Instant.parse("2026-03-01T10:00:00Z"), "lifecycle");
            ExecutionResult r = m.run(DEV_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(m.ecs.updates).containsExactly(TD1);
        }

        @Test
        void serviceNeverStabilises_failsNamingWhereTheServiceWasLeft() {
            RollbackMachine m = devMachine();
            m.ecs.describesToStabilise = -1;
            ExecutionResult r = m.run(DEV_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("Dayshift.NotStable");
            assertThat(r.cause()).contains("did not become stable on " + TD1 + " within 900 seconds");
            assertThat(m.ecs.updates).containsExactly(TD1);
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t)
                    .contains("rollback FAILED").contains("Dayshift.NotStable")
                    .contains("was switched from " + TD2 + " to " + TD1)
                    .contains("2 deployments (rollout IN_PROGRESS)")
                    .contains("--task-definition " + TD2));
            assertThat(r.stopDate()).as("gave up after the stable timeout, on virtual time")
                    .isAfterOrEqualTo(Instant.parse("2026-03-09T14:21:00Z"));
            assertThat(new StableTaskDefinitions(m.store).list("dev", "api")).isEmpty();
        }

        @Test
        void alarmDoesNotClear_failsSayingTheServiceRunsTheOldVersionButTheAlarmStays() {
            RollbackMachine m = devMachine();
            m.alarmStates.clear();
            m.alarmStates.add(AlarmState.ALARM);
            ExecutionResult r = m.run(DEV_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("Dayshift.AlarmNotCleared");
            assertThat(r.cause()).contains("alarm dev-api-5xx is still ALARM 900 seconds after the rollback");
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t)
                    .contains("was switched from " + TD2 + " to " + TD1).contains("now on " + TD1 + " with 2 of 2"));
            assertThat(new StableTaskDefinitions(m.store).list("dev", "api")).as("not proven stable").isEmpty();
        }

        @Test
        void noEarlierStableVersion_changesNothingAndSaysSo() {
            RollbackMachine m = new RollbackMachine(CONFIG, new FakeEcs("dev-cluster", "api", TD2, TD2));
            ExecutionResult r = m.run(DEV_API);
            assertThat(r.error()).isEqualTo("Dayshift.NoStableVersion");
            assertThat(m.ecs.updates).isEmpty();
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t)
                    .contains("nothing was changed: service dev-cluster/api still runs " + TD2));
        }

        @Test
        void ecsUnreachable_isRetriedThenReportedWithNothingChanged() {
            RollbackMachine m = devMachine();
            m.ecs.unreachable = true;
            ExecutionResult r = m.run(DEV_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("dev.dayshift.core.DayshiftException");
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t).contains("cannot reach ECS")
                    .contains("nothing was changed"));
        }
    }

    @Nested
    class DuplicateTriggers {

        @Test
        void tenConcurrentDeliveriesOfOneAlarmRunOneRollback() throws Exception {
            RollbackMachine m = devMachine();
            RollbackTrigger trigger = new RollbackTrigger(CONFIG, m.store, m.starter(), m.instants);
            AlarmNotification n = alarm(EventSamples.metricAlarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"));
            ExecutorService pool = Executors.newFixedThreadPool(10);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RollbackDecision>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return trigger.handle(n);
                }));
            }
            go.countDown();
            List<RollbackDecision> ds = new ArrayList<>();
            for (Future<RollbackDecision> f : fs) {
                ds.add(f.get());
            }
            pool.shutdownNow();
            assertThat(ds).filteredOn(d -> d.action() == RollbackDecision.Action.START_ROLLBACK).hasSize(1);
            assertThat(m.executions).hasSize(1);
            ExecutionResult rollback = m.executions.get(ds.get(0).execution().orElseThrow()).await();
            assertThat(rollback.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(m.ecs.updates).as("ECS was updated once").containsExactly(TD1);
        }

        @Test
        void aRedeliveryAfterTheRollbackFinishedStartsNothing() {
            RollbackMachine m = devMachine();
            RollbackTrigger trigger = new RollbackTrigger(CONFIG, m.store, m.starter(), m.instants);
            AlarmNotification n = alarm(EventSamples.metricAlarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"));
            RollbackDecision first = trigger.handle(n);
            m.executions.get(first.execution().orElseThrow()).await();
            RollbackDecision again = trigger.handle(n);
            assertThat(again.action()).isEqualTo(RollbackDecision.Action.IGNORED);
            assertThat(m.executions).hasSize(1);
            assertThat(m.ecs.updates).containsExactly(TD1);
        }
    }

    @Nested
    class AProtectedEnvironment {

        static final String PROD_API = input("prod", "api", "prod-api-5xx", false);
        static final String TD_PROD1 = "arn:aws:ecs:us-east-1:333333333333:task-definition/api:7";
        static final String TD_PROD2 = "arn:aws:ecs:us-east-1:333333333333:task-definition/api:8";

        RollbackMachine prodMachine() {
            return new RollbackMachine(CONFIG, new FakeEcs("prod-cluster", "api", TD_PROD2, TD_PROD2, TD_PROD1));
        }

        @Test
        void changesNothingUntilApproved() {
            RollbackMachine m = prodMachine();
            List<Integer> updatesWhenAsked = new ArrayList<>();
            m.onApprovalRequested = token -> {
                updatesWhenAsked.add(m.ecs.updates.size());
                m.engine.sendTaskSuccess(token, "{\"approvedBy\":\"alice\"}");
            };
            ExecutionResult r = m.run(PROD_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(updatesWhenAsked).containsExactly(0);
            assertThat(m.ecs.updates).containsExactly(TD_PROD1);
            assertThat(r.statesVisited()).containsSubsequence("RequestApproval", "FindStableTaskDefinition", "UpdateService");
            assertThat(m.notifications).anySatisfy(n -> assertThat(n.message()).contains("dayshift approve --env prod"));
        }

        @Test
        void waitsForApprovalEvenWhenItsInputClaimsTheEnvironmentIsNotProtected() {
            RollbackMachine m = prodMachine();
            boolean[] asked = {false};
            m.onApprovalRequested = token -> {
                asked[0] = true;
                m.engine.sendTaskFailure(token, "Dayshift.ApprovalRejected", "rejected by bob");
            };
            ExecutionResult r = m.run(PROD_API.replace("\"protected\":true", "\"protected\":false"));
            assertThat(asked[0]).isTrue();
            assertThat(r.error()).isEqualTo("Dayshift.ApprovalRejected");
            assertThat(m.ecs.updates).isEmpty();
        }

        @Test
        void aRejectionChangesNothingAndSaysSo() {
            RollbackMachine m = prodMachine();
            m.onApprovalRequested = token -> m.engine.sendTaskFailure(token, "Dayshift.ApprovalRejected", "rejected by bob");
            ExecutionResult r = m.run(PROD_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("Dayshift.ApprovalRejected");
            assertThat(m.ecs.updates).isEmpty();
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t).contains("rejected by bob")
                    .contains("nothing was changed"));
        }

        @Test
        void noAnswerWithinTheApprovalTimeoutChangesNothingAndClearsThePendingApproval() {
            RollbackMachine m = prodMachine();
            ExecutionResult r = m.run(PROD_API);
            assertThat(r.error()).isEqualTo("Dayshift.ApprovalTimedOut");
            assertThat(r.cause()).contains("within 86400 seconds");
            assertThat(m.ecs.updates).isEmpty();
            assertThat(new ApprovalRepository(m.store).pending("prod")).isEmpty();
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t).contains("nothing was changed"));
        }

        @Test
        void aPendingLifecycleApprovalIsNeverHiddenTheRollbackAsksAfterIt() {
            RollbackMachine m = prodMachine();
            ApprovalRepository approvals = new ApprovalRepository(m.store);
            Instant now = m.clock.now();
            approvals.request(new PendingApproval("prod", "arn:lifecycle-exec", "lifecycle-token", "apply runtime", now,
                    now.plus(Duration.ofMinutes(3))));
            List<String> tokens = new ArrayList<>();
            m.onApprovalRequested = token -> {
                tokens.add(token);
                m.engine.sendTaskSuccess(token, "{}");
            };
            ExecutionResult r = m.run(PROD_API);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.history()).filteredOn(e -> e.type().name().equals("LambdaFunctionFailed")
                    || e.type().name().equals("TaskFailed")).isNotEmpty();
            assertThat(tokens).hasSize(1);
            assertThat(approvals.pending("prod")).isEmpty();
        }
    }

    @Nested
    class AnInfrastructureTarget {

        static final String STAGING = input("staging", "runtime", "staging-health", false);

        @Test
        void reappliesThePreviousRecordedVersionThroughTheLifecycle() {
            RollbackMachine m = devMachine();
            RuntimeVersions versions = new RuntimeVersions(m.store);
            versions.record("staging", new RuntimeVersions.Version("a1b2c3", Instant.parse("2026-03-01T08:00:00Z"), "e1"));
            versions.record("staging", new RuntimeVersions.Version("d4e5f6", Instant.parse("2026-03-09T08:00:00Z"), "e2"));
            ExecutionResult r = m.run(STAGING);
            assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(m.lifecycleStarts).singleElement().satisfies(in -> {
                assertThat(in.path("environment").asText()).isEqualTo("staging");
                assertThat(in.path("phase").asText()).isEqualTo("runtime");
                assertThat(in.path("action").asText()).isEqualTo("apply");
                assertThat(in.path("trigger").asText()).isEqualTo("rollback");
                assertThat(in.path("sourceVersion").asText()).isEqualTo("a1b2c3");
            });
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t).contains("re-applied at version a1b2c3"));
        }

        @Test
        void withoutARecordedVersionChangesNothing() {
            RollbackMachine m = devMachine();
            ExecutionResult r = m.run(STAGING);
            assertThat(r.error()).isEqualTo("Dayshift.NoPreviousVersion");
            assertThat(m.lifecycleStarts).isEmpty();
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t)
                    .contains("nothing was changed: the runtime is as it was"));
        }

        @Test
        void aFailedLifecycleApplyIsReportedWithWhereToLook() {
            RollbackMachine m = devMachine();
            RuntimeVersions versions = new RuntimeVersions(m.store);
            versions.record("staging", new RuntimeVersions.Version("a1", Instant.parse("2026-03-01T08:00:00Z"), "e1"));
            versions.record("staging", new RuntimeVersions.Version("b2", Instant.parse("2026-03-02T08:00:00Z"), "e2"));
            m.lifecycleStatus = "FAILED";
            ExecutionResult r = m.run(STAGING);
            assertThat(r.error()).isEqualTo("States.TaskFailed");
            assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t)
                    .contains("runtime apply of version a1 was started and failed").contains("dayshift status --env staging"));
        }
    }

    @Test
    void badInputFailsAtOnceWithANamedErrorAndANotification() {
        RollbackMachine m = devMachine();
        ExecutionResult r = m.run("{\"environment\":\"nope\",\"target\":{\"name\":\"api\"}}");
        assertThat(r.error()).isEqualTo("Dayshift.InvalidInput");
        assertThat(r.cause()).contains("unknown environment 'nope'");
        assertThat(m.ecs.updates).isEmpty();
        assertThat(m.publishedTexts()).singleElement().satisfies(t -> assertThat(t).contains("nothing was changed"));
        assertThat(r.history()).extracting(HistoryEvent::type).isNotEmpty();
    }
}
