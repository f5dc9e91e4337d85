package dev.dayshift.local.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.core.lifecycle.SourceVersion;
import dev.dayshift.definitions.Definitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildspecRunnerTest {

    @TempDir
    Path tmp;

    BuildspecRunner runner() {
        return new BuildspecRunner(tmp.resolve("builds"), System.getenv());
    }

    Path source() throws IOException {
        Path src = tmp.resolve("source");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("app/hello.txt"), "hi");
        return src;
    }

    BuildRequest request(String yaml, Map<String, String> project, Map<String, String> overrides, Duration timeout,
                         Optional<Path> artifacts, Map<String, Path> secondary) throws IOException {
        return new BuildRequest("dayshift-script", Buildspec.parse(yaml, "test.yml"), source(), project, overrides, timeout,
                artifacts, secondary);
    }

    static String phase(BuildResult r, String type) {
        return r.phases().stream().filter(p -> p.type().equals(type)).map(BuildResult.PhaseResult::status).findFirst()
                .orElse("(not run)");
    }

    @Nested
    class AsCodeBuildRunsIt {
        static final String SPEC = """
                version: 0.2
                env:
                  shell: bash
                  variables:
                    FROM_SPEC: spec
                    OVERRIDDEN: spec
                  exported-variables: [RESULT, NEVER_SET]
                phases:
                  install:
                    commands:
                      - cd app
                      - greet() { echo "hello $1"; }
                      - COUNT=1
                  pre_build:
                    commands:
                      - test "$(basename "$PWD")" = app
                      - COUNT=$((COUNT + 1))
                  build:
                    commands:
                      - mkdir -p "$CODEBUILD_SRC_DIR/out/deep"
                      - greet world > "$CODEBUILD_SRC_DIR/out/greeting.txt"
                      - echo "$FROM_SPEC $OVERRIDDEN $FROM_PROJECT $CODEBUILD_BUILD_ID" > "$CODEBUILD_SRC_DIR/out/deep/env.txt"
                  post_build:
                    commands:
                      - export RESULT="count=$COUNT succeeding=$CODEBUILD_BUILD_SUCCEEDING"
                artifacts:
                  base-directory: out
                  files: ['**/*']
                """;

        @Test
        void runsPhasesInOneShellWithCodeBuildsVariablesExportsAndArtifacts() throws IOException {
            Path artifacts = tmp.resolve("artifacts/dev/runtime/p1");
            BuildResult r = runner().run(request(SPEC, Map.of("FROM_PROJECT", "project", "OVERRIDDEN", "project"),
                    Map.of("OVERRIDDEN", "override"), Duration.ofMinutes(1), Optional.of(artifacts), Map.of()));
            assertThat(r.status()).as(Files.readString(r.logFile())).isEqualTo("SUCCEEDED");
            assertThat(r.phases()).extracting(BuildResult.PhaseResult::type).containsExactly("SUBMITTED", "QUEUED",
                    "PROVISIONING", "DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS",
                    "FINALIZING", "COMPLETED");
            assertThat(r.exportedVariables()).containsEntry("RESULT", "count=2 succeeding=1").containsEntry("NEVER_SET", "");
            assertThat(Files.readString(artifacts.resolve("greeting.txt"))).isEqualTo("hello world\n");
            assertThat(Files.readString(artifacts.resolve("deep/env.txt"))).isEqualTo("spec override project " + r.id() + "\n");
            assertThat(r.id()).startsWith("dayshift-script:");
            JsonNode build = r.toBuildJson();
            assertThat(build.at("/Logs/DeepLink").asText()).startsWith("file:/").endsWith("build.log");
            assertThat(build.at("/ExportedEnvironmentVariables/0/Name").asText()).isEqualTo("RESULT");
            assertThat(Files.readString(r.logFile())).contains("Running command cd app", "Phase complete: BUILD State: SUCCEEDED");
        }
    }

    @Nested
    class Failures {
        @Test
        void aFailedBuildPhaseStillRunsFinallyAndPostBuild() throws IOException {
            String spec = """
                    version: 0.2
                    env:
                      exported-variables: [SEEN]
                    phases:
                      build:
                        commands:
                          - echo one
                          - (exit 4)
                          - echo never > never.txt
                        finally:
                          - echo cleanup > cleanup.txt
                      post_build:
                        commands:
                          - export SEEN="post_build succeeding=$CODEBUILD_BUILD_SUCCEEDING"
                    """;
            BuildResult r = runner().run(request(spec, Map.of(), Map.of(), Duration.ofMinutes(1), Optional.empty(), Map.of()));
            assertThat(r.status()).isEqualTo("FAILED");
            assertThat(phase(r, "BUILD")).isEqualTo("FAILED");
            assertThat(r.phases()).filteredOn(p -> p.type().equals("BUILD")).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("Error while executing command: (exit 4). Reason: exit status 4"));
            assertThat(phase(r, "POST_BUILD")).isEqualTo("SUCCEEDED");
            assertThat(r.exportedVariables()).containsEntry("SEEN", "post_build succeeding=0");
            assertThat(r.workDirectory().resolve("src/cleanup.txt")).exists();
            assertThat(r.workDirectory().resolve("src/never.txt")).doesNotExist();
        }

        @Test
        void aFailedInstallSkipsEverythingElseWithItsExitStatus() throws IOException {
            String spec = """
                    version: 0.2
                    phases:
                      install:
                        commands:
                          - command -v no-such-tool-here >/dev/null || exit 3
                      build:
                        commands:
                          - touch built
                    artifacts:
                      files: ['**/*']
                    """;
            BuildResult r = runner().run(request(spec, Map.of(), Map.of(), Duration.ofMinutes(1),
                    Optional.of(tmp.resolve("artifacts")), Map.of()));
            assertThat(r.status()).isEqualTo("FAILED");
            assertThat(r.phases()).filteredOn(p -> p.type().equals("INSTALL")).singleElement()
                    .satisfies(p -> assertThat(p.message().orElseThrow()).endsWith("Reason: exit status 3"));
            assertThat(phase(r, "BUILD")).isEqualTo("(not run)");
            assertThat(phase(r, "UPLOAD_ARTIFACTS")).isEqualTo("(not run)");
            assertThat(tmp.resolve("artifacts")).doesNotExist();
        }

        @Test
        void onFailureContinueGoesOnButTheBuildFails() throws IOException {
            String spec = """
                    version: 0.2
                    phases:
                      pre_build:
                        on-failure: CONTINUE
                        commands:
                          - "false"
                      build:
                        commands:
                          - touch built
                    """;
            BuildResult r = runner().run(request(spec, Map.of(), Map.of(), Duration.ofMinutes(1), Optional.empty(), Map.of()));
            assertThat(phase(r, "PRE_BUILD")).isEqualTo("FAILED");
            assertThat(phase(r, "BUILD")).isEqualTo("SUCCEEDED");
            assertThat(r.status()).isEqualTo("FAILED");
        }

        @Test
        void aBuildPastItsTimeoutIsStoppedAndTimedOut() throws IOException {
            String spec = """
                    version: 0.2
                    phases:
                      build:
                        commands:
                          - sleep 30
                    """;
            BuildResult r = runner().run(request(spec, Map.of(), Map.of(), Duration.ofMillis(700), Optional.empty(), Map.of()));
            assertThat(r.status()).isEqualTo("TIMED_OUT");
            assertThat(phase(r, "BUILD")).isEqualTo("TIMED_OUT");
        }

        @Test
        void noMatchingArtifactsFailsTheUpload() throws IOException {
            String spec = """
                    version: 0.2
                    phases:
                      build:
                        commands: ["true"]
                    artifacts:
                      files: ['*.tfplan']
                    """;
            BuildResult r = runner().run(request(spec, Map.of(), Map.of(), Duration.ofMinutes(1),
                    Optional.of(tmp.resolve("a")), Map.of()));
            assertThat(phase(r, "UPLOAD_ARTIFACTS")).isEqualTo("FAILED");
            assertThat(r.status()).isEqualTo("FAILED");
        }
    }

    @Nested
    class Sources {
        @Test
        void secondarySourcesAreNamedByTheirIdentifier() throws IOException {
            Path plan = Files.createDirectories(tmp.resolve("plan"));
            Files.writeString(plan.resolve("plan.json"), "{}");
            String spec = """
                    version: 0.2
                    phases:
                      build:
                        commands:
                          - cp "$CODEBUILD_SRC_DIR_plan/plan.json" applied.json
                    """;
            BuildResult r = runner().run(request(spec, Map.of(), Map.of(), Duration.ofMinutes(1), Optional.empty(),
                    Map.of("plan", plan)));
            assertThat(r.status()).isEqualTo("SUCCEEDED");
            assertThat(r.workDirectory().resolve("src/applied.json")).hasContent("{}");
        }

        @Test
        void aBackgroundProcessOutlivesTheBuildWithoutHoldingItUp() throws IOException, InterruptedException {
            String spec = """
                    version: 0.2
                    phases:
                      build:
                        commands:
                          - nohup sleep 20 > /dev/null 2>&1 & echo $! > pid
                    """;
            BuildResult r = runner().run(request(spec, Map.of(), Map.of(), Duration.ofSeconds(10), Optional.empty(), Map.of()));
            assertThat(r.status()).isEqualTo("SUCCEEDED");
            long pid = Long.parseLong(Files.readString(r.workDirectory().resolve("src/pid")).strip());
            Optional<ProcessHandle> child = ProcessHandle.of(pid);
            assertThat(child).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
            child.ifPresent(ProcessHandle::destroy);
        }
    }

    @Nested
    class TheScriptBuildspec {
        @Test
        void plansToAnArtifactAndAppliesThatPlan() throws IOException {
            Path phaseDir = Files.createDirectories(tmp.resolve("repo/runtime"));
            Files.writeString(phaseDir.resolve("plan.sh"), """
                    echo '{"format_version":"1.2","resource_changes":[{"address":"x","mode":"managed","change":{"actions":["create"]}}]}' > "$1"
                    """);
            Files.writeString(phaseDir.resolve("apply.sh"), """
                    cp "$1" "$DAYSHIFT_STATE_DIR/applied.json"
                    """);
            Path state = tmp.resolve("state");
            Buildspec spec = Buildspec.parse(Definitions.buildspec("script"), "script.yml");
            Map<String, String> common = Map.of("DAYSHIFT_DIRECTORY", "runtime", "DAYSHIFT_ENVIRONMENT", "dev",
                    "DAYSHIFT_PHASE", "runtime", "DAYSHIFT_MODE", "deploy", "DAYSHIFT_STATE_DIR", state.toString());
            Path artifacts = tmp.resolve("artifacts/dev/runtime/p1");
            Map<String, String> plan = new java.util.HashMap<>(common);
            plan.put("DAYSHIFT_ACTION", "plan");
            BuildResult planned = runner().run(new BuildRequest("dayshift-script", spec, tmp.resolve("repo"), Map.of(), plan,
                    Duration.ofMinutes(1), Optional.of(artifacts), Map.of()));
            assertThat(planned.status()).as(Files.readString(planned.logFile())).isEqualTo("SUCCEEDED");
            assertThat(artifacts.resolve("plan.json")).exists();
            assertThat(planned.exportedVariables().get("DAYSHIFT_TOOL_VERSION")).startsWith("bash ");
            Map<String, String> apply = new java.util.HashMap<>(common);
            apply.put("DAYSHIFT_ACTION", "apply");
            BuildResult applied = runner().run(new BuildRequest("dayshift-script", spec, tmp.resolve("repo"), Map.of(), apply,
                    Duration.ofMinutes(1), Optional.empty(), Map.of("plan", artifacts)));
            assertThat(applied.status()).as(Files.readString(applied.logFile())).isEqualTo("SUCCEEDED");
            assertThat(state.resolve("applied.json")).hasSameTextualContentAs(artifacts.resolve("plan.json"));
        }

        /** A script phase whose plan and apply say which release they are, so a test sees which version ran. */
        Path releasePhase(String release) throws IOException {
            Path phaseDir = Files.createDirectories(tmp.resolve("repo/runtime"));
            Files.writeString(phaseDir.resolve("plan.sh"), """
                    echo '{"format_version":"1.2","resource_changes":[{"address":"x","mode":"managed","change":{"actions":["create"]}}]}' > "$1"
                    echo "planned %s $DAYSHIFT_SOURCE_VERSION" >> "$DAYSHIFT_STATE_DIR/runs.log"
                    """.formatted(release));
            Files.writeString(phaseDir.resolve("apply.sh"), """
                    echo "applied %s $DAYSHIFT_SOURCE_VERSION" >> "$DAYSHIFT_STATE_DIR/runs.log"
                    """.formatted(release));
            return phaseDir;
        }

        BuildResult job(String action, Optional<Path> artifacts, Map<String, Path> secondary, Map<String, String> extra)
                throws IOException {
            Map<String, String> vars = new java.util.HashMap<>(Map.of("DAYSHIFT_DIRECTORY", "runtime", "DAYSHIFT_ENVIRONMENT",
                    "dev", "DAYSHIFT_PHASE", "runtime", "DAYSHIFT_MODE", "deploy", "DAYSHIFT_ACTION", action,
                    "DAYSHIFT_STATE_DIR", tmp.resolve("state").toString()));
            vars.putAll(extra);
            return runner().run(new BuildRequest("dayshift-script", Buildspec.parse(Definitions.buildspec("script"), "script.yml"),
                    tmp.resolve("repo"), Map.of(), vars, Duration.ofMinutes(1), artifacts, secondary));
        }

        @Test
        void thePlanJobLeavesASnapshotWhoseVersionIsTheManifestHashAsDayshiftComputesIt() throws IOException {
            Path dir = releasePhase("1");
            Files.createDirectories(dir.resolve("modules/net"));
            Files.writeString(dir.resolve("modules/net/main.tf"), "# a module\n");
            Files.writeString(dir.resolve("modules/net/odd name\\with a backslash.tf"), "# sha256sum escapes this name\n");
            Path tool = Files.writeString(dir.resolve("tool.sh"), "echo hi\n");
            tool.toFile().setExecutable(true);
            Files.createSymbolicLink(dir.resolve("current"), Path.of("modules/net"));
            Files.createDirectories(dir.resolve(".terraform/providers"));
            Files.writeString(dir.resolve(".terraform/providers/cache.bin"), "not part of the version");
            Files.createDirectories(dir.resolve("node_modules/x"));
            Files.writeString(dir.resolve("node_modules/x/index.js"), "neither");
            Files.createDirectories(tmp.resolve("state"));
            Path artifacts = tmp.resolve("artifacts/dev/runtime/p1");

            BuildResult planned = job("plan", Optional.of(artifacts), Map.of(), Map.of());

            assertThat(planned.status()).as(Files.readString(planned.logFile())).isEqualTo("SUCCEEDED");
            String version = SourceVersion.of(dir);
            assertThat(Files.readString(artifacts.resolve("source.sha256")).strip()).isEqualTo(version);
            assertThat(Files.readString(artifacts.resolve("source.manifest"))).isEqualTo(SourceVersion.manifest(dir))
                    .contains("100755 ", " tool.sh\n", "120000 ", " current\n", " modules/net/main.tf\n",
                            " modules/net/odd name\\with a backslash.tf\n")
                    .doesNotContain(".terraform", "node_modules");
            assertThat(artifacts.resolve("source.tar.gz")).isNotEmptyFile();
            assertThat(planned.exportedVariables()).containsEntry("DAYSHIFT_SOURCE_VERSION", version);
            assertThat(Files.readString(tmp.resolve("state/runs.log"))).isEqualTo("planned 1 " + version + "\n");
        }

        @Test
        void theApplyJobRunsThePlansSnapshotEvenWhenTheDirectoryChangedSince() throws IOException {
            Path dir = releasePhase("1");
            String v1 = SourceVersion.of(dir);
            Files.createDirectories(tmp.resolve("state"));
            Path artifacts = tmp.resolve("artifacts/dev/runtime/p1");
            job("plan", Optional.of(artifacts), Map.of(), Map.of());
            releasePhase("2");

            BuildResult applied = job("apply", Optional.empty(), Map.of("plan", artifacts), Map.of());

            assertThat(applied.status()).as(Files.readString(applied.logFile())).isEqualTo("SUCCEEDED");
            assertThat(Files.readString(tmp.resolve("state/runs.log"))).endsWith("applied 1 " + v1 + "\n");
            assertThat(Files.readString(applied.logFile())).contains("running version " + v1 + " from its snapshot");
        }

        @Test
        void aPinnedPlanRunsThatVersionsSnapshotAndRefusesAMissingOrAlteredOne() throws IOException {
            releasePhase("1");
            String v1 = SourceVersion.of(tmp.resolve("repo/runtime"));
            Files.createDirectories(tmp.resolve("state"));
            Path first = tmp.resolve("artifacts/dev/runtime/p1");
            job("plan", Optional.of(first), Map.of(), Map.of());
            releasePhase("2");
            Path second = tmp.resolve("artifacts/dev/runtime/p2");

            BuildResult pinned = job("plan", Optional.of(second), Map.of("source", first), Map.of("DAYSHIFT_SOURCE_VERSION", v1));

            assertThat(pinned.status()).as(Files.readString(pinned.logFile())).isEqualTo("SUCCEEDED");
            assertThat(Files.readString(tmp.resolve("state/runs.log"))).endsWith("planned 1 " + v1 + "\n");
            assertThat(Files.readString(second.resolve("source.sha256")).strip()).isEqualTo(v1);

            BuildResult missing = job("plan", Optional.empty(), Map.of(), Map.of("DAYSHIFT_SOURCE_VERSION", v1));
            assertThat(phase(missing, "PRE_BUILD")).isEqualTo("FAILED");
            assertThat(Files.readString(missing.logFile())).contains("no snapshot of " + v1);

            String other = "sha256:" + "0".repeat(64);
            BuildResult altered = job("plan", Optional.empty(), Map.of("source", first), Map.of("DAYSHIFT_SOURCE_VERSION", other));
            assertThat(phase(altered, "PRE_BUILD")).isEqualTo("FAILED");
            assertThat(Files.readString(altered.logFile())).contains("is " + v1 + ", not " + other);
            assertThat(Files.readString(tmp.resolve("state/runs.log"))).endsWith("planned 1 " + v1 + "\n");
        }

        @Test
        void aMissingScriptIsAFailedPreBuildNamingIt() throws IOException {
            Files.createDirectories(tmp.resolve("repo/runtime"));
            BuildResult r = runner().run(new BuildRequest("dayshift-script", Buildspec.parse(Definitions.buildspec("script"), "s"),
                    tmp.resolve("repo"), Map.of(), Map.of("DAYSHIFT_DIRECTORY", "runtime", "DAYSHIFT_ACTION", "plan"),
                    Duration.ofMinutes(1), Optional.empty(), Map.of()));
            assertThat(phase(r, "PRE_BUILD")).isEqualTo("FAILED");
            assertThat(Files.readString(r.logFile())).contains("runtime/plan.sh is missing");
        }

        @Test
        void terraformMissingIsExitThreeInInstall() throws IOException {
            Files.createDirectories(tmp.resolve("repo/infra"));
            BuildResult r = new BuildspecRunner(tmp.resolve("builds"), Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString()))
                    .run(new BuildRequest("dayshift-terraform", Buildspec.parse(Definitions.buildspec("terraform"), "t"),
                            tmp.resolve("repo"), Map.of(), Map.of("DAYSHIFT_DIRECTORY", "infra", "DAYSHIFT_ACTION", "plan"),
                            Duration.ofMinutes(1), Optional.empty(), Map.of()));
            assertThat(r.phases()).filteredOn(p -> p.type().equals("INSTALL")).singleElement()
                    .satisfies(p -> assertThat(p.message().orElseThrow()).endsWith("exit status 3"));
            assertThat(Files.readString(r.logFile())).contains("terraform is not installed");
        }
    }

    @Test
    void badBuildspecsAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Buildspec.parse("version: 0.1\n", "x.yml"))
                .hasMessageContaining("x.yml: version must be 0.2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Buildspec.parse("version: 0.2\nphases:\n  build:\n    commands: ls\n", "x.yml"))
                .hasMessageContaining("phases.build.commands must be a list");
        assertThat(List.of()).isEmpty();
    }
}
