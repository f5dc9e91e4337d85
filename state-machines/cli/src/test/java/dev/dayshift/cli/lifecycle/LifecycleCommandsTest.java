package dev.dayshift.cli.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleCommandsTest {

    @TempDir
    Path dir;

    String config;

    @BeforeEach
    void project() throws IOException {
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        Files.writeString(runtime.resolve("plan.sh"), """
                set -eu
                if [ "$DAYSHIFT_MODE" = deploy ] && [ ! -f "$DAYSHIFT_STATE_DIR/on" ]; then a='["create"]';
                elif [ "$DAYSHIFT_MODE" = destroy ] && [ -f "$DAYSHIFT_STATE_DIR/on" ]; then a='["delete"]'; else a=''; fi
                if [ -n "$a" ]; then c='{"address":"x.y","mode":"managed","change":{"actions":'"$a"'}}'; else c=''; fi
                echo '{"format_version":"1.2","resource_changes":['"$c"']}' > "$1"
                """);
        Files.writeString(runtime.resolve("apply.sh"), """
                set -eu
                mkdir -p "$DAYSHIFT_STATE_DIR"
                if grep -q create "$1"; then touch "$DAYSHIFT_STATE_DIR/on"; elif grep -q delete "$1"; then rm -f "$DAYSHIFT_STATE_DIR/on"; fi
                """);
        Files.writeString(dir.resolve("dayshift.yaml"), """
                version: 1
                environments:
                  dev:
                    phases:
                      runtime: {tool: script, directory: runtime}
                  prod:
                    protected: true
                    phases:
                      base: {tool: script, directory: runtime}
                      runtime: {tool: script, directory: runtime}
                """);
        config = dir.resolve("dayshift.yaml").toString();
    }

    @Nested
    class UpAndDown {
        @Test
        void upThenDownShowEachStateAndStatusTellsTheTruthAfterEach() {
            CliRun up = CliRun.of("up", "--env", "dev", "--config", config, "--reason", "testing");
            assertThat(up.exitCode()).as(up.err()).isZero();
            assertThat(up.out()).contains("Validate", "AcquireLock", "PlanJob", "ApplyJob", "ReleaseLock",
                    "dev runtime up done (1 to create").doesNotContain("Valid?");
            assertThat(CliRun.of("status", "--env", "dev", "--config", config).out()).contains("runtime  up since", "lock     free");
            CliRun down = CliRun.of("down", "--env", "dev", "--config", config);
            assertThat(down.exitCode()).isZero();
            assertThat(CliRun.of("status", "--env", "dev", "--config", config).out()).contains("runtime  down since");
        }

        @Test
        void refusalsExitTwoBeforeAnyJob() {
            CliRun unknown = CliRun.of("up", "--env", "qa", "--config", config);
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("Dayshift.UnknownEnvironment", "unknown environment 'qa'");
            CliRun base = CliRun.of("destroy", "--env", "prod", "--phase", "base", "--config", config);
            assertThat(base.exitCode()).isEqualTo(2);
            assertThat(base.err()).contains("Dayshift.Protected");
            assertThat(dir.resolve(".dayshift/builds")).doesNotExist();
        }
    }

    @Nested
    class Versions {
        @Test
        void statusShowsTheAppliedVersionsAndApplySourceVersionReappliesAnOldOne() throws IOException {
            assertThat(CliRun.of("up", "--env", "dev", "--config", config).exitCode()).isZero();
            String first = dev.dayshift.core.lifecycle.SourceVersion.of(dir.resolve("runtime"));
            Files.writeString(dir.resolve("runtime/notes.txt"), "release 2\n");
            String second = dev.dayshift.core.lifecycle.SourceVersion.of(dir.resolve("runtime"));
            assertThat(CliRun.of("status", "--env", "dev", "--config", config).out())
                    .contains("version  " + first + " applied", "runtime is " + second + " now: the next runtime apply deploys it");
            assertThat(CliRun.of("down", "--env", "dev", "--config", config).exitCode()).isZero();
            assertThat(CliRun.of("up", "--env", "dev", "--config", config).exitCode()).isZero();
            assertThat(CliRun.of("status", "--env", "dev", "--config", config).out())
                    .contains("version  " + second + " applied", "a rollback would re-apply " + first);

            assertThat(CliRun.of("down", "--env", "dev", "--config", config).exitCode()).isZero();
            CliRun back = CliRun.of("apply", "--env", "dev", "--config", config, "--source-version", first);
            assertThat(back.exitCode()).as(back.err()).isZero();
            assertThat(back.out()).contains("dev runtime apply of recorded version " + first.substring(0, 19));
            assertThat(CliRun.of("status", "--env", "dev", "--config", config).out()).contains("version  " + first + " applied");
        }

        @Test
        void anUnknownOrMalformedVersionExitsTwoBeforeAnyJob() {
            CliRun unknown = CliRun.of("up", "--env", "dev", "--config", config, "--source-version", "sha256:" + "1".repeat(64));
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("Dayshift.UnknownVersion", "no recorded runtime version");
            CliRun malformed = CliRun.of("apply", "--env", "dev", "--config", config, "--source-version", "v2");
            assertThat(malformed.exitCode()).isEqualTo(2);
            assertThat(malformed.err()).contains("Dayshift.InvalidInput", "/sourceVersion: 'v2' is not a runtime version");
            assertThat(dir.resolve(".dayshift/builds")).doesNotExist();
        }
    }

    @Nested
    class Approvals {
        @Test
        void aProtectedUpWaitsUntilApprovedFromAnotherCommand() throws Exception {
            CompletableFuture<CliRun> up = CompletableFuture.supplyAsync(() -> CliRun.of("up", "--env", "prod", "--config", config));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!CliRun.of("status", "--env", "prod", "--config", config).out().contains("approval waiting")) {
                assertThat(Instant.now()).as("the approval is requested").isBefore(deadline);
                Thread.sleep(100); // waiting for another command's real-time progress; no virtual clock spans two commands
            }
            CliRun approve = CliRun.of("approve", "--env", "prod", "--config", config, "--reason", "ok");
            assertThat(approve.exitCode()).isZero();
            assertThat(approve.out()).contains("approved: prod runtime up: 1 to create");
            CliRun done = up.get();
            assertThat(done.exitCode()).as(done.err()).isZero();
            assertThat(done.out()).contains("waiting for approval", "prod runtime up done");
        }

        @Test
        void answeringWhenNothingWaitsIsBadInput() {
            CliRun r = CliRun.of("reject", "--env", "prod", "--config", config);
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("no approval is waiting for prod");
        }
    }

    @Nested
    class Overrides {
        @Test
        void setShowAndClear() {
            CliRun set = CliRun.of("override", "keep-up", "--env", "dev", "--until", "8h", "--reason", "load test", "--config", config);
            assertThat(set.exitCode()).as(set.err()).isZero();
            assertThat(CliRun.of("status", "--env", "dev", "--config", config).out())
                    .contains("override keep-up until", "load test", "desired  up now: override keep-up");
            assertThat(CliRun.of("override", "clear", "--env", "dev", "--config", config).out()).contains("cleared 1 override");
        }

        @Test
        void badOverridesAreRefused() {
            assertThat(CliRun.of("override", "keep-up", "--env", "dev", "--until", "2020-01-01T00:00:00Z", "--reason", "x",
                    "--config", config).err()).contains("is not in the future");
            assertThat(CliRun.of("override", "keep-down", "--env", "dev", "--until", "8h", "--config", config).err())
                    .contains("--reason is required");
            CliRun bad = CliRun.of("override", "keep-sideways", "--env", "dev", "--config", config);
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(CliRun.of("override", "keep-up", "--env", "dev", "--until", "soon", "--reason", "x", "--config", config).err())
                    .contains("'soon' is neither an instant");
        }
    }

    @Test
    void unlockSaysWhenThereIsNothingToRelease() {
        assertThat(CliRun.of("unlock", "--env", "dev", "--config", config).out()).contains("dev was not locked");
    }
}
