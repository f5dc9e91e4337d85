package dev.dayshift.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class DefinitionsTest {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.getParent().getParent();
    static final List<String> MACHINES = Definitions.MACHINES;
    static final List<String> TOOLS = Definitions.BUILDSPECS;

    @Nested
    class AslFiles {
        @Test
        void everyAslFileInTheDirectoryIsListed() throws IOException {
            try (Stream<Path> files = Files.list(MODULE.resolve("asl"))) {
                assertThat(files.map(p -> p.getFileName().toString().replace(".asl.json", "")).sorted())
                        .containsExactlyElementsOf(MACHINES.stream().sorted().toList());
            }
        }

        @ParameterizedTest(name = "{0} passes asl-validator")
        @FieldSource("dev.dayshift.definitions.DefinitionsTest#MACHINES")
        void passesAslValidator(String machine) throws Exception {
            Path validator = ROOT.resolve("scripts/node/node_modules/.bin/asl-validator");
            Assumptions.assumeTrue(Files.isExecutable(validator),
                    "asl-validator is not installed (scripts/test installs it with npm into scripts/node); skipped");
            Path file = MODULE.resolve("asl/" + machine + ".asl.json");
            Process p = new ProcessBuilder(validator.toString(), "--json-path", file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("is valid");
        }

        @ParameterizedTest(name = "{0}: every placeholder is documented")
        @FieldSource("dev.dayshift.definitions.DefinitionsTest#MACHINES")
        void everyPlaceholderIsDocumentedInTheReadme(String machine) throws IOException {
            String readme = Files.readString(MODULE.resolve("README.md"));
            assertThat(Definitions.placeholders(Definitions.asl(machine)))
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(readme).contains("`${" + name + "}`"));
        }

        @Test
        void theClasspathCopyIsTheFileItself() throws IOException {
            assertThat(Definitions.asl("lifecycle")).isEqualTo(Files.readString(MODULE.resolve("asl/lifecycle.asl.json")));
        }
    }

    @Nested
    class Substitution {
        @Test
        void replacesEveryPlaceholder() throws IOException {
            Map<String, String> values = Map.of("LifecycleTasksFunctionArn", "arn:aws:lambda:local:0:function:f",
                    "JobProjectPrefix", "dayshift", "NotificationTopicArn", "arn:aws:sns:local:0:t");
            JsonNode def = new ObjectMapper().readTree(Definitions.substitute(Definitions.asl("lifecycle"), values));
            assertThat(def.toString()).doesNotContain("${");
            assertThat(def.at("/States/Notify/Parameters/TopicArn").asText()).isEqualTo("arn:aws:sns:local:0:t");
        }

        @Test
        void aMissingValueIsNamed() {
            assertThatThrownBy(() -> Definitions.substitute("{\"a\":\"${One}\",\"b\":\"${Two}\"}", Map.of("One", "1")))
                    .hasMessageContaining("Two").hasMessageNotContaining("One,");
        }
    }

    @Nested
    class Buildspecs {
        @ParameterizedTest(name = "{0}.yml is a buildspec 0.2 with the phases Dayshift relies on")
        @FieldSource("dev.dayshift.definitions.DefinitionsTest#TOOLS")
        void isABuildspec(String tool) throws IOException {
            JsonNode spec = new YAMLMapper().readTree(Definitions.buildspec(tool));
            assertThat(spec.path("version").asText()).isEqualTo("0.2");
            assertThat(spec.at("/env/shell").asText()).isEqualTo("bash");
            assertThat(spec.at("/phases/install/commands").isArray()).isTrue();
            assertThat(spec.at("/phases/build/commands").isArray()).isTrue();
            assertThat(spec.at("/artifacts/base-directory").asText()).isEqualTo(".dayshift-out");
            assertThat(spec.at("/env/exported-variables").isArray()).isTrue();
            spec.path("phases").forEach(phase -> phase.path("commands").forEach(c -> assertThat(c.isTextual())
                    .as("every command is a string (a plain scalar with ': ' would parse as a mapping): %s", c).isTrue()));
        }

        @Test
        void everyBuildspecKeepsRuntimeVersionsWithTheSameBlockRightAfterEnteringThePhaseDirectory() throws IOException {
            List<String> blocks = new java.util.ArrayList<>();
            for (String tool : TOOLS) {
                JsonNode pre = new YAMLMapper().readTree(Definitions.buildspec(tool)).at("/phases/pre_build/commands");
                int cd = -1;
                for (int i = 0; i < pre.size(); i++) {
                    if (pre.get(i).asText().equals("cd \"$CODEBUILD_SRC_DIR/$DAYSHIFT_DIRECTORY\"")) {
                        cd = i;
                    }
                }
                assertThat(cd).as(tool + ".yml enters the phase directory in pre_build").isNotNegative();
                String block = pre.get(cd + 1).asText();
                assertThat(block).as(tool + ".yml").startsWith("# dayshift:source-version");
                blocks.add(block);
                assertThat(new YAMLMapper().readTree(Definitions.buildspec(tool)).at("/env/exported-variables").toString())
                        .contains("DAYSHIFT_SOURCE_VERSION");
            }
            assertThat(blocks).as("one block, copied into each buildspec unchanged").allMatch(b -> b.equals(blocks.get(0)));
        }
    }
}
