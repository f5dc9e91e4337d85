package dev.dayshift.cdk;

import static dev.dayshift.cdk.testutils.Cfn.props;
import static dev.dayshift.cdk.testutils.Cfn.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dayshift.cdk.testutils.SynthesizedApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The synthesized templates held to the tools AWS users hold them to: cfn-lint (zero errors) and,
 * for every state machine inside them, asl-validator after the definition substitutions.
 */
class ValidatorsTest {

    @Test
    void cfnLintFindsNoErrorInAnyTemplate() throws Exception {
        assumeTrue(onPath("cfn-lint"), "cfn-lint is not installed on this machine");
        SynthesizedApp app = SynthesizedApp.get();
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "parseable"));
        try (Stream<Path> files = Files.list(app.outdir())) {
            files.filter(f -> f.toString().endsWith(".template.json")).map(Path::toString).sorted().forEach(command::add);
        }
        assertThat(command).hasSizeGreaterThan(3 + 8);
        Result r = run(command, app.outdir());
        // Exit codes are a bit mask: 2 = errors, 4 = warnings, 8 = informational.
        assertThat(r.exit() & 2).as("cfn-lint errors:\n" + r.output()).isZero();
        assertThat(r.output().lines().filter(l -> l.contains(":E"))).as("error lines").isEmpty();
    }

    @Test
    void everyStateMachineDefinitionPassesAslValidatorAfterSubstitution() throws Exception {
        Path validator = SynthesizedApp.root().resolve("scripts/node/node_modules/.bin/asl-validator");
        assumeTrue(Files.isExecutable(validator), "asl-validator is not installed (scripts/lib/node.sh installs it)");
        SynthesizedApp app = SynthesizedApp.get();
        List<String> command = new ArrayList<>(List.of(validator.toString()));
        Path dir = Files.createTempDirectory("dayshift-asl");
        for (Map<String, Object> template : app.templates().values()) {
            for (var e : resources(template, "AWS::StepFunctions::StateMachine").entrySet()) {
                String definition = String.valueOf(props(e.getValue()).get("DefinitionString"));
                Map<?, ?> subs = (Map<?, ?>) props(e.getValue()).getOrDefault("DefinitionSubstitutions", Map.of());
                for (var s : subs.entrySet()) {
                    definition = definition.replace("${" + s.getKey() + "}", sample(String.valueOf(s.getKey()), s.getValue()));
                }
                assertThat(definition).doesNotContainPattern("\\$\\{[A-Za-z]");
                Path file = dir.resolve(e.getKey() + ".json");
                Files.writeString(file, definition);
                command.addAll(List.of("--json-path", file.toString()));
            }
        }
        // One node start for all of them; asl-validator names each file it finds invalid.
        assertThat(command).as("definitions in the templates").hasSizeGreaterThan(1);
        Result r = run(command, dir);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().lines().filter(l -> l.contains("is valid"))).hasSize((command.size() - 1) / 2);
    }

    /** A value of the right shape for a substitution whose value is a CloudFormation token. */
    static String sample(String name, Object value) {
        if (value instanceof String s) {
            return s;
        }
        String region = "us-east-1";
        String account = "123456789012";
        if (name.endsWith("FunctionArn")) {
            return "arn:aws:lambda:" + region + ":" + account + ":function:dayshift-test-fn:live";
        }
        if (name.endsWith("TopicArn")) {
            return "arn:aws:sns:" + region + ":" + account + ":dayshift-test-topic";
        }
        if (name.endsWith("StateMachineArn")) {
            return "arn:aws:states:" + region + ":" + account + ":stateMachine:dayshift-test-machine";
        }
        if (name.endsWith("Arn")) {
            return "arn:aws:dynamodb:" + region + ":" + account + ":table/dayshift-test";
        }
        return "dayshift-test-" + name.toLowerCase();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
