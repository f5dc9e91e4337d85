package dev.dayshift.cdk;

import static dev.dayshift.cdk.testutils.Cfn.at;
import static dev.dayshift.cdk.testutils.Cfn.props;
import static dev.dayshift.cdk.testutils.Cfn.render;
import static dev.dayshift.cdk.testutils.Cfn.resources;
import static dev.dayshift.cdk.testutils.Cfn.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.cdk.DayshiftStacks.EnvironmentStacks;
import dev.dayshift.cdk.internal.LambdaModule;
import dev.dayshift.cdk.testutils.SynthesizedApp;
import dev.dayshift.core.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * Every deployed function against its handler's real source: the declared handler class, the
 * environment variables the handler requires (all set) and the ones the stacks set (all read), and
 * the state machines' task Lambdas behind the right handlers. The handler sources are read from the
 * repository, so a handler that starts requiring a new variable fails this test until the stacks
 * set it.
 */
class HandlerWiringTest {

    private static final SynthesizedApp APP = SynthesizedApp.get();
    private static final String FUNCTION = "AWS::Lambda::Function";
    /** How handlers say a variable is required: LambdaSettings.required, the handlers' require, a "not set" error. */
    private static final List<Pattern> REQUIRED = List.of(
            Pattern.compile("required\\(\"([A-Z][A-Z0-9_]+)\"\\)"),
            Pattern.compile("require\\(\\s*env\\s*,\\s*\"([A-Z][A-Z0-9_]+)\"\\)"),
            Pattern.compile("\"([A-Z][A-Z0-9_]+) is not set\""));
    /** Shared settings code the handlers read their variables through. */
    private static final Path LAMBDA_SETTINGS = SynthesizedApp.root()
            .resolve("functions/aws/src/main/java/dev/dayshift/aws/lambda/LambdaSettings.java");

    private record Deployed(String environment, Map<String, Object> template, String logicalId, LambdaModule module,
            Map<String, Object> properties) {

        @SuppressWarnings("unchecked")
        Map<String, Object> variables() {
            Object v = at(properties, "Environment", "Variables");
            return v == null ? Map.of() : (Map<String, Object>) v;
        }
    }

    private static List<Deployed> deployed() {
        List<Deployed> out = new java.util.ArrayList<>();
        for (EnvironmentStacks e : APP.environments()) {
            for (Stack s : List.of(e.state(), e.orchestrator(), e.images())) {
                Map<String, Object> t = APP.templates().get(s.getStackName());
                String prefix = "dayshift-" + e.environment().name() + "-";
                resources(t, FUNCTION).forEach((id, f) -> {
                    String suffix = String.valueOf(props(f).get("FunctionName")).substring(prefix.length());
                    LambdaModule module = Arrays.stream(LambdaModule.values()).filter(m -> m.function().equals(suffix))
                            .findFirst().orElseThrow(() -> new AssertionError("no LambdaModule for function " + suffix));
                    out.add(new Deployed(e.environment().name(), t, id, module, props(f)));
                });
            }
        }
        return out;
    }

    @Test
    void everyModuleIsDeployedInEveryEnvironmentThatNeedsIt() {
        Set<LambdaModule> modules = new LinkedHashSet<>();
        deployed().forEach(d -> modules.add(d.module()));
        assertThat(modules).containsExactlyInAnyOrder(LambdaModule.values());
    }

    @Test
    void everyFunctionRunsItsDeclaredHandlerClassWhoseSourceExists() {
        for (Deployed d : deployed()) {
            assertThat(d.properties().get("Handler")).as(d.logicalId()).isEqualTo(d.module().handler());
            assertThat(handlerSource(d.module())).as("source of %s", d.module().handlerClass()).isRegularFile();
        }
    }

    @Nested
    class EnvironmentVariables {
        @Test
        void everyVariableTheHandlerRequiresIsSet() {
            int checked = 0;
            for (Deployed d : deployed()) {
                Set<String> required = required(d.module());
                assertThat(d.variables()).as("variables of %s in %s", d.module().function(), d.environment())
                        .containsKeys(required.toArray(String[]::new));
                checked += required.size();
            }
            assertThat(checked).as("required variables found in the handlers' sources").isGreaterThan(20);
        }

        @Test
        void everyVariableTheStacksSetIsOneTheFunctionsCodeReads() {
            for (Deployed d : deployed()) {
                String code = moduleCode(d.module());
                for (String name : d.variables().keySet()) {
                    assertThat(code).as("%s sets %s, which no code of functions/%s reads", d.logicalId(), name,
                            d.module().module()).contains("\"" + name + "\"");
                }
            }
        }

        @Test
        void noFunctionIsPointedAtAnEmulator() {
            for (Deployed d : deployed()) {
                assertThat(d.variables()).doesNotContainKeys("AWS_ENDPOINT_URL", "DAYSHIFT_AWS_ENDPOINT");
            }
        }

        @Test
        void theImageProcessorGetsTheImagesSectionItsLoaderReadsBackTheSame() {
            for (Deployed d : deployed()) {
                if (d.module() == LambdaModule.IMAGE_PROCESSOR) {
                    assertThat(ConfigLoader.parseImages(String.valueOf(d.variables().get("DAYSHIFT_IMAGES_CONFIG")), "env"))
                            .isEqualTo(ConfigLoader.loadImages(SynthesizedApp.fixture().resolve("dayshift.yaml")));
                    assertThat(d.variables().get("MAX_RECEIVE_COUNT")).isEqualTo(String.valueOf(ImagePipelineStack.MAX_RECEIVES));
                    String bucket = target(d.variables().get("VARIANTS_BUCKET"));
                    assertThat(render(props(resources(d.template(), "AWS::S3::Bucket").get(bucket)).get("BucketName")))
                            .startsWith("dayshift-" + d.environment() + "-variants-");
                    String dlq = target(d.variables().get("DEAD_LETTER_QUEUE_URL"));
                    assertThat(props(resources(d.template(), "AWS::SQS::Queue").get(dlq)).get("QueueName"))
                            .isEqualTo("dayshift-" + d.environment() + "-image-events-dlq");
                }
            }
        }
    }

    @Test
    void theMachinesTaskLambdasRunTheTaskHandlers() {
        Map<String, LambdaModule> bySubstitution = new LinkedHashMap<>();
        bySubstitution.put("LifecycleTasksFunctionArn", LambdaModule.LIFECYCLE_TASKS);
        bySubstitution.put("RollbackTasksFunctionArn", LambdaModule.ROLLBACK_TASKS);
        int checked = 0;
        for (EnvironmentStacks e : APP.environments()) {
            Map<String, Object> t = APP.templates().get(e.orchestrator().getStackName());
            for (Map<String, Object> machine : resources(t, "AWS::StepFunctions::StateMachine").values()) {
                Map<?, ?> subs = (Map<?, ?>) props(machine).getOrDefault("DefinitionSubstitutions", Map.of());
                for (var s : bySubstitution.entrySet()) {
                    if (subs.containsKey(s.getKey())) {
                        String alias = target(subs.get(s.getKey()));
                        String function = target(props(resources(t, "AWS::Lambda::Alias").get(alias)).get("FunctionName"));
                        assertThat(props(resources(t, FUNCTION).get(function)).get("Handler")).as(s.getKey())
                                .isEqualTo(s.getValue().handler());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(2 * APP.environments().size());
    }

    // ---- the handlers' sources ----------------------------------------------------------------

    private static Path mainSources(LambdaModule m) {
        return SynthesizedApp.root().resolve("functions").resolve(m.module()).resolve("src/main/java");
    }

    private static Path handlerSource(LambdaModule m) {
        return mainSources(m).resolve(m.handlerClass().replace('.', '/') + ".java");
    }

    /** The sources of the module's main classes, by simple class name. */
    private static Map<String, String> moduleSources(LambdaModule m) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(mainSources(m))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> out.put(
                    f.getFileName().toString().replace(".java", ""), read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** All code that may read a variable for this module: its sources and the shared LambdaSettings. */
    private static String moduleCode(LambdaModule m) {
        return String.join("\n", moduleSources(m).values()) + "\n" + read(LAMBDA_SETTINGS);
    }

    /**
     * The variables the handler requires: found in its own source and in the module's classes it
     * refers to, transitively (the budget check builds the guard's collaborators, the image
     * processor reads ProcessorSettings through its runtime).
     */
    private static Set<String> required(LambdaModule m) {
        Map<String, String> sources = moduleSources(m);
        String start = m.handlerClass().substring(m.handlerClass().lastIndexOf('.') + 1);
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        Set<String> out = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            String text = sources.get(name);
            for (Pattern p : REQUIRED) {
                Matcher matcher = p.matcher(text);
                while (matcher.find()) {
                    out.add(matcher.group(1));
                }
            }
            sources.keySet().stream().filter(other -> !seen.contains(other))
                    .filter(other -> Pattern.compile("\\b" + other + "\\b").matcher(text).find()).forEach(todo::push);
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
