package dev.dayshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.VirtualClock;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.lifecycle.SourceVersion;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.core.rollback.AlarmNotification;
import dev.dayshift.core.rollback.AlarmNotifications;
import dev.dayshift.core.rollback.AlarmState;
import dev.dayshift.core.rollback.RollbackDecision;
import dev.dayshift.core.rollback.RuntimeVersions;
import dev.dayshift.local.internal.LocalResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An infrastructure rollback end to end in the embedded engine: the lifecycle records each applied
 * runtime version, an alarm reaches the rollback trigger, the rollback machine re-applies the previous
 * version through the lifecycle machine (its lock, plan from that version's snapshot, guard, approval,
 * apply), and the runtime really runs the old release again.
 */
class InfrastructureRollbackTest {

    static final Instant T0 = Instant.parse("2026-11-24T15:00:00Z");

    @TempDir
    Path dir;

    LocalRuntime runtime;
    final List<String> approvalsAsked = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * Two environments with a script runtime that deploys "releases": the plan replaces the deployed
     * version when the directory's version differs, the apply writes down what it deployed. The alarm is
     * CloudWatch's stand-in: in ALARM while release 2 is deployed, OK otherwise.
     */
    LocalRuntime start(Function<LocalResolver.ApprovalRequest, Optional<LocalRuntime.ApprovalAnswer>> approvals)
            throws IOException {
        Path phase = Files.createDirectories(dir.resolve("runtime"));
        Files.writeString(phase.resolve("plan.sh"), """
                set -eu
                deployed=""; [ -f "$DAYSHIFT_STATE_DIR/deployed" ] && deployed="$(cat "$DAYSHIFT_STATE_DIR/deployed")"
                actions=""
                if [ "$DAYSHIFT_MODE" = deploy ]; then
                  if [ -z "$deployed" ]; then actions='["create"]'
                  elif [ "$deployed" != "$DAYSHIFT_SOURCE_VERSION" ]; then actions='["delete","create"]'; fi
                elif [ -n "$deployed" ]; then actions='["delete"]'; fi
                changes=""
                if [ -n "$actions" ]; then
                  changes='{"address":"local_service.app","mode":"managed","change":{"actions":'"$actions"',"before":{"tags":{"Phase":"runtime"}}}}'
                fi
                printf '{"format_version":"1.2","resource_changes":[%s]}\\n' "$changes" > "$1"
                """);
        Files.writeString(phase.resolve("apply.sh"), """
                set -eu
                mkdir -p "$DAYSHIFT_STATE_DIR"
                if grep -q '"create"' "$1"; then
                  echo "$DAYSHIFT_SOURCE_VERSION" > "$DAYSHIFT_STATE_DIR/deployed"
                  cp release "$DAYSHIFT_STATE_DIR/release"
                elif grep -q '"delete"' "$1"; then
                  rm -f "$DAYSHIFT_STATE_DIR/deployed" "$DAYSHIFT_STATE_DIR/release"
                fi
                """);
        release("1");
        Path config = Files.writeString(dir.resolve("dayshift.yaml"), """
                version: 1
                defaults: {timezone: UTC}
                environments:
                  shop:
                    phases: {runtime: {tool: script, directory: runtime}}
                    rollback:
                      targets:
                        - {name: runtime, type: infrastructure, alarms: [shop-errors], clearWindow: 5m}
                  bank:
                    protected: true
                    approvalTimeout: 1h
                    phases: {runtime: {tool: script, directory: runtime}}
                    rollback:
                      targets:
                        - {name: runtime, type: infrastructure, alarms: [bank-errors], clearWindow: 5m}
                """);
        runtime = LocalRuntime.builder(config).clock(VirtualClock.autoAdvancing(T0))
                .alarms(alarm -> Optional.of(deployedRelease(alarm.startsWith("bank") ? "bank" : "shop")
                        .filter("2"::equals).isPresent() ? AlarmState.ALARM : AlarmState.OK))
                .approvals(req -> {
                    approvalsAsked.add(req.environment() + ": " + req.summary());
                    return approvals.apply(req);
                }).build();
        return runtime;
    }

    void release(String n) throws IOException {
        Files.writeString(dir.resolve("runtime/release"), n + "\n");
    }

    Optional<String> deployedRelease(String env) {
        Path f = dir.resolve(".dayshift/phase-state/" + env + "/runtime/release");
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String deployedVersion(String env) throws IOException {
        return Files.readString(dir.resolve(".dayshift/phase-state/" + env + "/runtime/deployed")).strip();
    }

    ExecutionResult apply(String env, String name) {
        return runtime.runLifecycle(name, "{\"environment\":\"" + env + "\",\"action\":\"apply\",\"requestedBy\":\"alice\"}");
    }

    /** Releases 1 then 2 of the runtime, each applied; returns their versions. */
    List<String> twoReleases(String env) throws IOException {
        String v1 = SourceVersion.of(dir.resolve("runtime"));
        assertThat(apply(env, env + "-r1").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        release("2");
        String v2 = SourceVersion.of(dir.resolve("runtime"));
        ExecutionResult r2 = apply(env, env + "-r2");
        assertThat(r2.status()).as(r2.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r2.output()).contains("\"replaces\":1");
        assertThat(deployedRelease(env)).contains("2");
        return List.of(v1, v2);
    }

    ExecutionResult alarm(String name) {
        String body = "{\"AlarmName\":\"" + name + "\",\"NewStateValue\":\"ALARM\",\"OldStateValue\":\"OK\","
                + "\"StateChangeTime\":\"2026-11-24T15:30:00.000+0000\",\"NewStateReason\":\"errors above 5%\"}";
        AlarmNotification n = ((Parsed.Ok<AlarmNotification>) AlarmNotifications.fromSnsMessage(body)).value();
        RollbackDecision d = runtime.rollbackTrigger().handle(n);
        assertThat(d.action()).as(d.reason()).isEqualTo(RollbackDecision.Action.START_ROLLBACK);
        return runtime.startedRollback(d.execution().orElseThrow()).orElseThrow().await();
    }

    String notifications() throws IOException {
        return Files.readString(runtime.home().resolve("notifications.jsonl"));
    }

    @Nested
    class AnUnprotectedEnvironment {

        @Test
        void anAlarmAfterTwoReleasesReappliesTheFirstVersionFromItsSnapshot() throws IOException {
            start(r -> Optional.empty());
            List<String> v = twoReleases("shop");
            RuntimeVersions versions = new RuntimeVersions(runtime.store());
            assertThat(versions.newestFirst("shop")).extracting(RuntimeVersions.Version::sourceVersion).containsExactly(v.get(1), v.get(0));

            ExecutionResult r = alarm("shop-errors");

            assertThat(r.status()).as(r.error() + ": " + r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(deployedRelease("shop")).as("release 1 runs again, though the directory holds release 2").contains("1");
            assertThat(deployedVersion("shop")).isEqualTo(v.get(0));
            assertThat(Files.readString(dir.resolve("runtime/release"))).as("the checkout is untouched").isEqualTo("2\n");
            assertThat(versions.newestFirst("shop").get(0)).satisfies(now -> {
                assertThat(now.sourceVersion()).isEqualTo(v.get(0));
                assertThat(now.trigger()).contains("rollback");
                assertThat(now.snapshot()).hasValueSatisfying(s -> assertThat(s).startsWith("shop/runtime/"));
            });
            assertThat(versions.previous("shop")).as("release 2 was rolled back from: never again").isEmpty();
            assertThat(new PhaseStateRepository(runtime.store()).current("shop", PhaseName.RUNTIME))
                    .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(PhaseState.Status.UP));
            assertThat(notifications()).contains("rollback done", "re-applied at version " + v.get(0));
            assertThat(approvalsAsked).isEmpty();
        }

        @Test
        void withOneReleaseOnlyTheRollbackFailsClearlyAndChangesNothing() throws IOException {
            start(r -> Optional.empty());
            assertThat(apply("shop", "shop-r1").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            Path builds = runtime.home().resolve("builds");
            long jobsBefore = countJobs(builds);

            ExecutionResult r = alarm("shop-errors");

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("Dayshift.NoPreviousVersion");
            assertThat(r.cause()).contains("no earlier runtime version of shop");
            assertThat(countJobs(builds)).as("no job ran").isEqualTo(jobsBefore);
            assertThat(deployedRelease("shop")).contains("1");
            assertThat(notifications()).contains("rollback FAILED", "nothing was changed: the runtime is as it was");
        }

        @Test
        void aRuntimeThatIsDownIsNeverBroughtUpByARollback() throws IOException {
            start(r -> Optional.empty());
            twoReleases("shop");
            assertThat(runtime.runLifecycle("shop-down", "{\"environment\":\"shop\",\"action\":\"down\"}").status())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);

            ExecutionResult r = alarm("shop-errors");

            assertThat(r.error()).isEqualTo("Dayshift.NoPreviousVersion");
            assertThat(r.cause()).contains("the runtime of shop is down", "never brings it up");
            assertThat(deployedRelease("shop")).isEmpty();
        }

        long countJobs(Path builds) throws IOException {
            if (!Files.isDirectory(builds)) {
                return 0;
            }
            try (var s = Files.walk(builds, 2)) {
                return s.filter(p -> p.getNameCount() - builds.getNameCount() == 2).count();
            }
        }
    }

    @Nested
    class AProtectedEnvironment {

        @Test
        void waitsForOneApprovalThatShowsThePlanOfTheOldVersionThenReappliesIt() throws IOException {
            start(r -> Optional.of(new LocalRuntime.ApprovalAnswer(true, "dana", "ok")));
            List<String> v = twoReleases("bank");
            approvalsAsked.clear();

            ExecutionResult r = alarm("bank-errors");

            assertThat(r.status()).as(r.error() + ": " + r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(approvalsAsked).singleElement().satisfies(a -> assertThat(a)
                    .startsWith("bank: bank runtime apply of recorded version " + SourceVersion.shortForm(v.get(0)))
                    .contains("1 to replace"));
            assertThat(deployedRelease("bank")).contains("1");
        }

        @Test
        void aRejectionLeavesTheNewReleaseRunningAndSaysNothingChanged() throws IOException {
            List<Boolean> answers = new CopyOnWriteArrayList<>(List.of(true, true, false));
            start(r -> Optional.of(new LocalRuntime.ApprovalAnswer(answers.remove(0), "dana", "not during the audit")));
            twoReleases("bank");

            ExecutionResult r = alarm("bank-errors");

            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(deployedRelease("bank")).contains("2");
            assertThat(notifications()).contains("rollback FAILED",
                    "nothing was changed: the runtime apply of version", "stopped before applying (Dayshift.ApprovalRejected)");
        }
    }

    @Nested
    class TheLifecycleInput {

        @Test
        void aVersionThatIsNotRecordedOrWhoseSnapshotIsGoneIsRefusedBeforeAnyJob() throws IOException {
            start(r -> Optional.empty());
            List<String> v = twoReleases("shop");
            String unknown = "sha256:" + "ab".repeat(32);
            ExecutionResult notRecorded = runtime.runLifecycle("pin-1",
                    "{\"environment\":\"shop\",\"action\":\"up\",\"sourceVersion\":\"" + unknown + "\"}");
            assertThat(notRecorded.error()).isEqualTo("Dayshift.UnknownVersion");
            assertThat(notRecorded.cause()).contains("no recorded runtime version " + unknown,
                    SourceVersion.shortForm(v.get(1)) + ", " + SourceVersion.shortForm(v.get(0)));

            String snapshot = new RuntimeVersions(runtime.store()).find("shop", v.get(0)).orElseThrow().snapshot().orElseThrow();
            Files.delete(runtime.home().resolve("artifacts").resolve(LocalRuntime.ARTIFACT_BUCKET).resolve(snapshot)
                    .resolve(SourceVersion.SNAPSHOT));
            ExecutionResult gone = runtime.runLifecycle("pin-2",
                    "{\"environment\":\"shop\",\"action\":\"apply\",\"sourceVersion\":\"" + v.get(0) + "\"}");
            assertThat(gone.error()).isEqualTo("Dayshift.UnknownVersion");
            assertThat(gone.cause()).contains("is gone", "source.tar.gz does not exist");
            assertThat(deployedRelease("shop")).contains("2");
        }

        @Test
        void aPersonMayPinARecordedVersionAndTheJobsRunIt() throws IOException {
            start(r -> Optional.empty());
            List<String> v = twoReleases("shop");
            ExecutionResult r = runtime.runLifecycle("pin-3", "{\"environment\":\"shop\",\"action\":\"apply\","
                    + "\"requestedBy\":\"alice\",\"sourceVersion\":\"" + v.get(0) + "\"}");
            assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.output()).contains("\"sourceVersion\":\"" + v.get(0) + "\"");
            assertThat(deployedRelease("shop")).contains("1");
        }
    }
}
