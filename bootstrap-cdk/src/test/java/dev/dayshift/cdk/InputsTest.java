package dev.dayshift.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dayshift.cdk.internal.AslDefinition;
import dev.dayshift.cdk.internal.ConfigLayer;
import dev.dayshift.cdk.internal.Integrations;
import dev.dayshift.cdk.internal.LambdaArtifacts;
import dev.dayshift.cdk.internal.LambdaModule;
import dev.dayshift.cdk.testutils.SynthesizedApp;
import dev.dayshift.core.DayshiftException.Kind;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;

/** Bad input to the app fails with a message that names what and where, before anything is synthesized. */
class InputsTest {

    @TempDir
    Path dir;

    private static final String MACHINE = """
            {"StartAt": "Run", "States": {
              "Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Arguments": {"FunctionName": "${TasksArn}"}, "Next": "Tell"},
              "Tell": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                       "Arguments": {"TopicArn": "${TopicArn}", "Message": "done"}, "End": true}}}
            """;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static Integrations.Scope scope(Map<String, String> subs) {
        return new Integrations.Scope(subs, List.of("arn:fn-alias"), List.of(), List.of("arn:topic"), Map.of(),
                "arn:executions", List.of(), List.of(), List.of(), "arn:aws:%s:us-east-1:123456789012:");
    }

    @Nested
    class Definitions {
        @Test
        void placeholdersAreFoundAndOnlyTheUsedOnesAreSubstituted() throws Exception {
            AslDefinition d = AslDefinition.load(write("m.asl.json", MACHINE));
            assertThat(d.placeholders()).containsExactlyInAnyOrder("TasksArn", "TopicArn");
            assertThat(d.substitutions(Map.of("TasksArn", "a", "TopicArn", "b", "Unused", "c")))
                    .containsOnlyKeys("TasksArn", "TopicArn");
        }

        @Test
        void aPlaceholderTheAppDoesNotProvideIsNamed() throws Exception {
            AslDefinition d = AslDefinition.load(write("m.asl.json", MACHINE));
            assertThatThrownBy(() -> d.substitutions(Map.of("TasksArn", "a")))
                    .isInstanceOf(CdkException.class).hasMessageContaining("${TopicArn}").hasMessageContaining("m.asl.json");
        }

        @Test
        void invalidJsonIsReportedWithItsLine() throws Exception {
            Path f = write("bad.asl.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {\n}}}");
            assertThatThrownBy(() -> AslDefinition.load(f)).isInstanceOf(CdkException.class)
                    .hasMessageContaining("bad.asl.json").hasMessageContaining("line 4");
        }

        @Test
        void aMissingFileIsNamed() {
            assertThatThrownBy(() -> AslDefinition.load(dir.resolve("none.asl.json")))
                    .isInstanceOf(CdkException.class).hasMessageContaining("none.asl.json");
        }
    }

    @Nested
    class Grants {
        @Test
        void aTaskIsAllowedExactlyTheResourceItsPlaceholderNames() throws Exception {
            AslDefinition d = AslDefinition.load(write("m.asl.json", MACHINE));
            var statements = Integrations.statementsFor(d, scope(Map.of("TasksArn", "arn:tasks:live", "TopicArn", "arn:t")));
            assertThat(statements).extracting(s -> s.toStatementJson().toString())
                    .anySatisfy(s -> assertThat(s).contains("lambda:InvokeFunction").contains("arn:tasks:live"))
                    .anySatisfy(s -> assertThat(s).contains("sns:Publish").contains("arn:t"))
                    .allSatisfy(s -> assertThat(s).doesNotContain("\"*\""));
        }

        @Test
        void anIntegrationNobodyReviewedFailsTheSynth() throws Exception {
            AslDefinition d = AslDefinition.load(write("m.asl.json", """
                    {"StartAt": "X", "States": {"X": {"Type": "Task",
                      "Resource": "arn:aws:states:::aws-sdk:iam:createUser", "End": true}}}"""));
            assertThatThrownBy(() -> Integrations.statementsFor(d, scope(Map.of())))
                    .isInstanceOf(CdkException.class).hasMessageContaining("aws-sdk:iam:createUser")
                    .hasMessageContaining("$.States.X");
        }
    }

    @Nested
    class LambdaJars {
        private Path jar(LambdaArtifacts artifacts, LambdaModule m, String classifier, String... entries) throws Exception {
            Path target = dir.resolve("functions").resolve(m.module()).resolve("target");
            Files.createDirectories(target);
            Path jar = target.resolve(m.artifactId() + "-" + artifacts.version() + classifier + ".jar");
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
                for (String e : entries) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(e));
                    zip.closeEntry();
                }
            }
            return jar;
        }

        private static String classFile(String className) {
            return className.replace('.', '/') + ".class";
        }

        private static final String CORE = "dev/dayshift/core/DayshiftException.class";
        private static final String LAMBDA = "com/amazonaws/services/lambda/runtime/Context.class";

        @Test
        void theDeployableJarWithItsHandlerAndLibrariesIsChosen() throws Exception {
            LambdaArtifacts artifacts = new LambdaArtifacts(dir);
            jar(artifacts, LambdaModule.ROLLBACK_TASKS, "", classFile(LambdaModule.ROLLBACK_TASKS.handlerClass()));
            Path shaded = jar(artifacts, LambdaModule.ROLLBACK_TASKS, "-lambda",
                    classFile(LambdaModule.ROLLBACK_TASKS.handlerClass()), CORE, LAMBDA);
            assertThat(artifacts.jar(LambdaModule.ROLLBACK_TASKS)).isEqualTo(shaded);
        }

        @Test
        void aFunctionsOwnJarIsPreferredToItsModulesShared() throws Exception {
            LambdaArtifacts artifacts = new LambdaArtifacts(dir);
            jar(artifacts, LambdaModule.ROLLBACK_TRIGGER, "-lambda", classFile(LambdaModule.ROLLBACK_TRIGGER.handlerClass()),
                    CORE, LAMBDA);
            Path own = jar(artifacts, LambdaModule.ROLLBACK_TRIGGER, "-lambda-rollback-trigger",
                    classFile(LambdaModule.ROLLBACK_TRIGGER.handlerClass()), CORE, LAMBDA);
            assertThat(artifacts.jar(LambdaModule.ROLLBACK_TRIGGER)).isEqualTo(own);
        }

        @Test
        void aMissingLibvipsLayerIsAMissingToolNamingWhereItShouldBe() {
            LambdaArtifacts artifacts = new LambdaArtifacts(dir);
            assertThatThrownBy(() -> artifacts.libvipsLayer("x86_64")).isInstanceOf(CdkException.class)
                    .hasMessageContaining("libvips-layer-x86_64").hasMessageContaining("npm")
                    .extracting(e -> ((CdkException) e).kind()).isEqualTo(Kind.MISSING_TOOL);
        }

        @Test
        void aJarWithoutTheDeclaredHandlerClassFailsTheSynthNamingJarAndClass() throws Exception {
            LambdaArtifacts artifacts = new LambdaArtifacts(dir);
            Path shaded = jar(artifacts, LambdaModule.BUDGET_CHECK, "-lambda",
                    classFile(LambdaModule.BUDGET_GUARD.handlerClass()), CORE, LAMBDA);
            assertThatThrownBy(() -> artifacts.jar(LambdaModule.BUDGET_CHECK)).isInstanceOf(CdkException.class)
                    .hasMessageContaining(LambdaModule.BUDGET_CHECK.handlerClass()).hasMessageContaining(shaded.toString())
                    .extracting(e -> ((CdkException) e).kind()).isEqualTo(Kind.FAILED);
        }

        @Test
        void aJarWithoutItsLibrariesIsNotDeployable() throws Exception {
            LambdaArtifacts artifacts = new LambdaArtifacts(dir);
            Path thin = jar(artifacts, LambdaModule.SCHEDULE_GATE, "-lambda", classFile(LambdaModule.SCHEDULE_GATE.handlerClass()));
            assertThatThrownBy(() -> artifacts.jar(LambdaModule.SCHEDULE_GATE)).isInstanceOf(CdkException.class)
                    .hasMessageContaining(thin.toString()).hasMessageContaining("not a deployable Lambda jar");
        }

        @Test
        void onlyThePlainJarIsReportedAsMissingTheDeployableOne() throws Exception {
            LambdaArtifacts artifacts = new LambdaArtifacts(dir);
            jar(artifacts, LambdaModule.BUDGET_GUARD, "", classFile(LambdaModule.BUDGET_GUARD.handlerClass()));
            assertThatThrownBy(() -> artifacts.jar(LambdaModule.BUDGET_GUARD)).isInstanceOf(CdkException.class)
                    .hasMessageContaining("-lambda.jar").hasMessageContaining("Only the plain jar")
                    .hasMessageContaining(LambdaArtifacts.BUILD_COMMAND)
                    .extracting(e -> ((CdkException) e).kind()).isEqualTo(Kind.MISSING_TOOL);
        }
    }

    @Nested
    class PhaseSourceDirectories {
        private Environment load(Path config) {
            return ConfigLoader.load(config).environments().get("dev");
        }

        @Test
        void theDirectoryIsStagedAtItsPathRelativeToTheConfigurationWithoutCaches() throws Exception {
            Files.createDirectories(dir.resolve("infra/runtime/.terraform/providers"));
            Files.writeString(dir.resolve("infra/runtime/main.tf"), "# main");
            Files.writeString(dir.resolve("infra/runtime/.terraform/providers/big"), "cache");
            Path config = write("dayshift.yaml", "version: 1\nenvironments:\n  dev:\n    phases:\n"
                    + "      runtime: {tool: terraform, directory: infra/runtime}\n");
            Environment env = load(config);
            Path root = dev.dayshift.cdk.internal.PhaseSources.stage(env, env.runtime(), config).orElseThrow();
            assertThat(root.resolve("infra/runtime/main.tf")).hasContent("# main");
            assertThat(root.resolve("infra/runtime/.terraform")).doesNotExist();
        }

        @Test
        void aDirectoryOutsideTheConfigurationsDirectoryIsRefusedWithBothPaths() throws Exception {
            Files.createDirectories(dir.resolve("infra/runtime"));
            Files.createDirectories(dir.resolve("config"));
            Path config = write("config/dayshift.yaml", "version: 1\nenvironments:\n  dev:\n    phases:\n"
                    + "      runtime: {tool: terraform, directory: ../infra/runtime}\n");
            Environment env = load(config);
            assertThatThrownBy(() -> dev.dayshift.cdk.internal.PhaseSources.stage(env, env.runtime(), config))
                    .isInstanceOf(CdkException.class).hasMessageContaining("'dev' runtime phase directory")
                    .hasMessageContaining(dir.resolve("infra/runtime").toString())
                    .extracting(e -> ((CdkException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        }

        @Test
        void aMissingDirectoryGivesNoSource() throws Exception {
            Path config = write("dayshift.yaml", "version: 1\nenvironments:\n  dev:\n    phases:\n"
                    + "      runtime: {tool: terraform, directory: nowhere}\n");
            Environment env = load(config);
            assertThat(dev.dayshift.cdk.internal.PhaseSources.stage(env, env.runtime(), config)).isEmpty();
        }
    }

    @Nested
    class ConfigurationLayer {
        @Test
        void holdsOnlyItsEnvironmentAndLoadsToTheSameOne() {
            Path file = SynthesizedApp.fixture().resolve("dayshift.yaml");
            DayshiftConfig config = ConfigLoader.load(file);
            for (Environment env : config.environments().values()) {
                String text = ConfigLayer.forEnvironment(file, env);
                DayshiftConfig cut = ConfigLoader.parse(text, "layer", file, file.getParent());
                assertThat(cut.environments()).containsOnlyKeys(env.name());
                assertThat(cut.environments().get(env.name())).isEqualTo(env);
                assertThat(cut.images()).isEqualTo(config.images());
            }
        }

        @Test
        void anEnvironmentWithAScriptPhaseIsRefusedNamingItAndThePhase() throws Exception {
            Files.createDirectories(dir.resolve("demo/runtime"));
            Path config = write("dayshift.yaml", """
                    version: 1
                    environments:
                      demo:
                        phases:
                          runtime: {tool: script, directory: demo/runtime}
                    """);
            AppSettings s = new AppSettings(SynthesizedApp.root(), config, java.util.Set.of(), false);
            assertThatThrownBy(() -> DayshiftStacks.addTo(new App(), s)).isInstanceOf(CdkException.class)
                    .hasMessageContaining("'demo'").hasMessageContaining("runtime phase with the script tool")
                    .extracting(e -> ((CdkException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        }
    }

    @Nested
    class Settings {
        @Test
        void aMissingConfigurationFileIsNamed() {
            assertThatThrownBy(() -> AppSettings.from(Map.<String, Object>of(AppSettings.CONFIG, "nope.yaml",
                    AppSettings.ROOT, SynthesizedApp.root().toString())::get, Map.of(), dir))
                    .isInstanceOf(CdkException.class).hasMessageContaining("nope.yaml")
                    .extracting(e -> ((CdkException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        }

        @Test
        void theEnvironmentVariableWinsOverContext() throws Exception {
            Path config = write("other.yaml", "x");
            AppSettings s = AppSettings.from(Map.<String, Object>of(AppSettings.CONFIG, "nope.yaml",
                    AppSettings.ROOT, SynthesizedApp.root().toString())::get, Map.of("DAYSHIFT_CONFIG", config.toString()), dir);
            assertThat(s.configFile()).isEqualTo(config);
        }

        @Test
        void aLockTableSettingThatIsNotABooleanIsRefused() {
            assertThatThrownBy(() -> AppSettings.from(Map.<String, Object>of(AppSettings.LOCK_TABLE, "maybe",
                    AppSettings.CONFIG, SynthesizedApp.fixture().resolve("dayshift.yaml").toString(),
                    AppSettings.ROOT, SynthesizedApp.root().toString())::get, Map.of(), dir))
                    .isInstanceOf(CdkException.class).hasMessageContaining("maybe");
        }

        @Test
        void anEnvironmentTheConfigurationDoesNotDeclareIsRefusedWithTheDeclaredOnes() {
            AppSettings s = new AppSettings(SynthesizedApp.root(), SynthesizedApp.fixture().resolve("dayshift.yaml"),
                    java.util.Set.of("delta"), false);
            assertThatThrownBy(() -> DayshiftStacks.addTo(new App(), s)).isInstanceOf(CdkException.class)
                    .hasMessageContaining("delta").hasMessageContaining("alpha, beta-eu, gamma");
        }

        @Test
        void aMissingLambdaJarNamesItsPathAndTheBuildCommand() {
            LambdaArtifacts artifacts = new LambdaArtifacts(dir);
            assertThatThrownBy(() -> artifacts.jar(LambdaModule.SCHEDULE_GATE)).isInstanceOf(CdkException.class)
                    .hasMessageContaining("functions/schedule-gate/target/dayshift-schedule-gate-")
                    .hasMessageContaining(LambdaArtifacts.BUILD_COMMAND);
        }
    }
}
