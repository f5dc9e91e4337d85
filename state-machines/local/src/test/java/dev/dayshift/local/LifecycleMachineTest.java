package dev.dayshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.asl.Execution;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.VirtualClock;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.records.LockRepository;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.local.jobs.BuildResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lifecycle state machine, as deployed, run in the embedded engine with jobs on this host. */
class LifecycleMachineTest {

    static final Instant T0 = Instant.parse("2026-11-23T13:00:00Z");

    @TempDir
    Path tmp;

    Fixture fixture;
    LocalRuntime runtime;
    final List<BuildResult> builds = new CopyOnWriteArrayList<>();
    final List<Notifier.Notification> notifications = new CopyOnWriteArrayList<>();
    final List<String> states = new CopyOnWriteArrayList<>();

    LocalRuntime runtime(Function<dev.dayshift.local.internal.LocalResolver.ApprovalRequest,
            Optional<LocalRuntime.ApprovalAnswer>> approvals) throws IOException {
        fixture = new Fixture(tmp);
        runtime = LocalRuntime.builder(fixture.config).clock(VirtualClock.autoAdvancing(T0)).approvals(approvals)
                .observer(new LocalRuntime.Observer() {
                    @Override
                    public void state(Execution e, String state, Instant at) {
                        states.add(e.name() + ":" + state);
                    }

                    @Override
                    public void job(BuildResult b) {
                        builds.add(b);
                    }

                    @Override
                    public void notification(Notifier.Notification n) {
                        notifications.add(n);
                    }
                }).build();
        return runtime;
    }

    LocalRuntime runtime() throws IOException {
        return runtime(r -> Optional.empty());
    }

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    ExecutionResult run(String name, String input) {
        return runtime.runLifecycle(name, input);
    }

    Optional<PhaseState> recorded(String env) {
        return new PhaseStateRepository(runtime.store()).current(env, PhaseName.RUNTIME);
    }

    @Nested
    class HappyPaths {
        @Test
        void upPlansAppliesThatPlanChecksHealthRecordsReleasesAndNotifies() throws IOException {
            runtime();
            ExecutionResult r = run("up-1", "{\"environment\":\"demo\",\"action\":\"up\",\"requestedBy\":\"alice\"}");
            assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.output()).contains("\"status\":\"up\"", "\"creates\":1");
            assertThat(builds).hasSize(2).allMatch(BuildResult::succeeded);
            assertThat(recorded("demo")).map(PhaseState::status).contains(PhaseState.Status.UP);
            assertThat(new LockRepository(runtime.store()).current("demo")).isEmpty();
            assertThat(states).containsSubsequence("up-1:Validate", "up-1:AcquireLock", "up-1:PlanJob", "up-1:GuardPlan",
                    "up-1:ApplyJob", "up-1:HealthCheck", "up-1:RecordState", "up-1:ReleaseLock", "up-1:Notify", "up-1:SUCCEEDED");
            assertThat(notifications).singleElement().satisfies(n -> {
                assertThat(n.subject()).contains("demo runtime up done (1 to create");
                assertThat(n.message()).contains("apply log: file:/", "health checks passed");
            });
        }

        @Test
        void downAfterUpDestroysAndDownOnNothingDoesNothing() throws IOException {
            runtime();
            run("up-1", "{\"environment\":\"demo\",\"action\":\"up\"}");
            ExecutionResult down = run("down-1", "{\"environment\":\"demo\",\"action\":\"down\"}");
            assertThat(down.status()).as(down.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(down.output()).contains("\"destroys\":1");
            builds.clear();
            ExecutionResult again = run("down-2", "{\"environment\":\"demo\",\"action\":\"down\"}");
            assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(again.output()).contains("nothing to do");
            assertThat(builds).as("only the plan job ran").hasSize(1);
            assertThat(recorded("demo")).map(PhaseState::status).contains(PhaseState.Status.DOWN);
        }

        @Test
        void eachJobRunsInTheProjectOfItsPhaseAndTool() throws IOException {
            runtime();
            ExecutionResult up = run("up-1", "{\"environment\":\"demo\",\"action\":\"up\"}");
            assertThat(up.status()).as(up.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(builds).hasSize(2).extracting(BuildResult::projectName).containsOnly("dayshift-runtime-script");
            builds.clear();
            ExecutionResult base = run("base-1", "{\"environment\":\"demo\",\"phase\":\"base\",\"action\":\"plan\"}");
            assertThat(base.status()).as(base.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(builds).singleElement().extracting(BuildResult::projectName).isEqualTo("dayshift-base-script");
        }

        @Test
        void planOnlyPlans() throws IOException {
            runtime();
            ExecutionResult r = run("plan-1", "{\"environment\":\"demo\",\"action\":\"plan\"}");
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(builds).hasSize(1);
            assertThat(recorded("demo")).isEmpty();
            assertThat(new PhaseStateRepository(runtime.store()).history("demo")).singleElement()
                    .satisfies(s -> assertThat(s.status()).isEqualTo(PhaseState.Status.UNKNOWN));
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "malformed field | {\"environment\":\"demo\",\"action\":\"launch\"} | Dayshift.InvalidInput",
            "unknown field | {\"environment\":\"demo\",\"action\":\"up\",\"force\":true} | Dayshift.InvalidInput",
            "unknown environment | {\"environment\":\"qa\",\"action\":\"up\"} | Dayshift.UnknownEnvironment",
            "schedule destroys a base | {\"environment\":\"demo\",\"phase\":\"base\",\"action\":\"destroy\",\"trigger\":\"schedule\"} | Dayshift.Protected",
            "destroy of a protected base | {\"environment\":\"prod\",\"phase\":\"base\",\"action\":\"destroy\"} | Dayshift.Protected",
            "schedule stops a protected runtime | {\"environment\":\"prod\",\"action\":\"down\",\"trigger\":\"schedule\"} | Dayshift.Protected",
            "malformed version | {\"environment\":\"demo\",\"action\":\"up\",\"sourceVersion\":\"v1\"} | Dayshift.InvalidInput",
            "version pinned on a down | {\"environment\":\"demo\",\"action\":\"down\",\"sourceVersion\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"} | Dayshift.InvalidInput",
            "version pinned on the base | {\"environment\":\"demo\",\"phase\":\"base\",\"action\":\"apply\",\"sourceVersion\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"} | Dayshift.InvalidInput",
            "version pinned by a schedule | {\"environment\":\"demo\",\"action\":\"up\",\"trigger\":\"schedule\",\"sourceVersion\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"} | Dayshift.InvalidInput",
            "version never recorded | {\"environment\":\"demo\",\"action\":\"up\",\"sourceVersion\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"} | Dayshift.UnknownVersion",
        })
        void badInputFailsWithANamedErrorBeforeAnyJob(String what, String input, String error) throws IOException {
            runtime();
            ExecutionResult r = run("bad", input);
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo(error);
            assertThat(builds).isEmpty();
            assertThat(states).doesNotContain("bad:AcquireLock");
        }

        @Test
        void thePlanGuardRefusesARuntimePlanThatDeletesABaseResource() throws IOException {
            runtime();
            fixture.knob("delete-base");
            ExecutionResult r = run("guarded", "{\"environment\":\"demo\",\"action\":\"up\"}");
            assertThat(r.error()).isEqualTo("Dayshift.PlanRefused");
            assertThat(r.cause()).contains("destroy base resource aws_vpc.main");
            assertThat(builds).as("no apply job").hasSize(1);
            assertThat(new LockRepository(runtime.store()).current("demo")).isEmpty();
        }
    }

    @Nested
    class Failures {
        @Test
        void aTransientPlanFailureIsRetriedWithBackoff() throws IOException {
            runtime();
            fixture.knob("fail-plan-once");
            ExecutionResult r = run("flaky", "{\"environment\":\"demo\",\"action\":\"up\"}");
            assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(builds).extracting(BuildResult::status).containsExactly("FAILED", "SUCCEEDED", "SUCCEEDED");
            assertThat(states).containsSubsequence("flaky:ClassifyPlanFailure", "flaky:WaitBeforePlanRetry", "flaky:PlanJob");
        }

        @Test
        void aFailedApplyRecordsFailedReleasesTheLockAndNotifiesWithTheLog() throws IOException {
            runtime();
            fixture.knob("fail-apply");
            ExecutionResult r = run("broken", "{\"environment\":\"demo\",\"action\":\"up\"}");
            assertThat(r.error()).isEqualTo("Dayshift.JobFailed");
            assertThat(r.cause()).contains("apply job", "exit status 1", "build.log");
            assertThat(recorded("demo")).map(PhaseState::status).contains(PhaseState.Status.FAILED);
            assertThat(new LockRepository(runtime.store()).current("demo")).isEmpty();
            assertThat(notifications).singleElement().satisfies(n -> {
                assertThat(n.subject()).contains("FAILED (Dayshift.JobFailed)");
                assertThat(n.message()).contains("job log: file:/", "failed-apply.md");
            });
        }

        @Test
        void anUnhealthyRuntimeFailsAfterItsAttempts() throws IOException {
            runtime();
            fixture.knob("unhealthy");
            ExecutionResult r = run("sick", "{\"environment\":\"demo\",\"action\":\"up\"}");
            assertThat(r.error()).isEqualTo("Dayshift.HealthCheckFailed");
            assertThat(r.cause()).contains("attempt 3 of 3", "status 503");
        }

        @Test
        void aMissingToolFailsWithDayshiftMissingTool() throws IOException {
            Assumptions.assumeTrue(Files.notExists(Path.of("/usr/bin/terraform")) && Files.notExists(Path.of("/bin/terraform")),
                    "terraform is installed here; this test needs it absent");
            fixture = new Fixture(tmp);
            runtime = LocalRuntime.builder(fixture.config).clock(VirtualClock.autoAdvancing(T0))
                    .hostEnvironment(java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString())).build();
            ExecutionResult r = run("tf", "{\"environment\":\"tf\",\"action\":\"plan\"}");
            assertThat(r.error()).isEqualTo("Dayshift.MissingTool");
            assertThat(r.cause()).contains("INSTALL", "exit status 3");
        }
    }

    @Nested
    class Approvals {
        @Test
        void aProtectedApplyWaitsForApprovalAndGoesOnWhenGranted() throws IOException {
            runtime(req -> Optional.of(new LocalRuntime.ApprovalAnswer(true, "carol", "change window")));
            ExecutionResult r = run("prod-up", "{\"environment\":\"prod\",\"action\":\"up\"}");
            assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(states).containsSubsequence("prod-up:RequestApproval", "prod-up:MarkApplying", "prod-up:ApplyJob");
            assertThat(notifications).first().satisfies(n -> assertThat(n.subject()).contains("approval needed"));
        }

        @Test
        void aRejectionFailsWithoutApplying() throws IOException {
            runtime(req -> Optional.of(new LocalRuntime.ApprovalAnswer(false, "carol", "not today")));
            ExecutionResult r = run("prod-up", "{\"environment\":\"prod\",\"action\":\"up\"}");
            assertThat(r.error()).isEqualTo("Dayshift.ApprovalRejected");
            assertThat(r.cause()).contains("carol", "not today");
            assertThat(builds).hasSize(1);
            assertThat(new LockRepository(runtime.store()).current("prod")).isEmpty();
        }

        @Test
        void nobodyAnsweringTimesOutOnTheVirtualClock() throws IOException {
            runtime();
            ExecutionResult r = run("prod-up", "{\"environment\":\"prod\",\"action\":\"up\"}");
            assertThat(r.error()).isEqualTo("Dayshift.ApprovalTimedOut");
            assertThat(r.cause()).contains("3600 seconds");
            assertThat(new dev.dayshift.core.records.ApprovalRepository(runtime.store()).pending("prod")).isEmpty();
        }
    }

    @Nested
    class Locking {
        @Test
        void twoUpsStartedTogetherNeverRunAlongside() throws IOException {
            runtime();
            fixture.knob("slow");
            Execution a = runtime.startLifecycle("a", "{\"environment\":\"demo\",\"action\":\"up\"}");
            Execution b = runtime.startLifecycle("b", "{\"environment\":\"demo\",\"action\":\"up\"}");
            ExecutionResult ra = a.await();
            ExecutionResult rb = b.await();
            assertThat(List.of(ra.status(), rb.status())).containsOnly(ExecutionStatus.SUCCEEDED);
            String waited = states.contains("a:WaitForLock") ? "a" : "b";
            String first = waited.equals("a") ? "b" : "a";
            assertThat(states).as("one waited for the lock").contains(waited + ":WaitForLock");
            assertThat(states.indexOf(waited + ":PlanJob")).as("it planned only after the other released")
                    .isGreaterThan(states.indexOf(first + ":ReleaseLock"));
            assertThat(fixture.log("overlap.log").lines().map(l -> l.split(" ")[0]).toList())
                    .as("one apply; the second found nothing to do").containsExactly("start", "end");
        }

        @Test
        void aSecondExecutionGivesUpWithDayshiftLockedAfterTheLockWait() throws IOException {
            runtime();
            Execution holder = runtime.startLifecycle("holder", "{\"environment\":\"prod\",\"action\":\"up\"}");
            Execution waiter = runtime.startLifecycle("waiter", "{\"environment\":\"prod\",\"action\":\"up\"}");
            ExecutionResult w = waiter.await();
            ExecutionResult h = holder.await();
            List<ExecutionResult> results = List.of(w, h);
            assertThat(results).extracting(ExecutionResult::error).contains("Dayshift.Locked", "Dayshift.ApprovalTimedOut");
            assertThat(results).filteredOn(x -> "Dayshift.Locked".equals(x.error())).singleElement()
                    .satisfies(x -> assertThat(x.cause()).contains("is locked by", "waited 6"));
        }
    }
}
