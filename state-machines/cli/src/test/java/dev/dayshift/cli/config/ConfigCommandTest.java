package dev.dayshift.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @Test
    void aValidFilePrintsOneLinePerEnvironmentAndExitsZero() {
        CliRun run = CliRun.of("config", "check", "--config", "../../docs/examples/dayshift.example.yaml");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(4);
        assertThat(run.out()).contains("dev: us-east-1, America/New_York, up cron(0 8 ? * MON-FRI *)")
                .contains("prod: us-east-1, America/New_York, protected")
                .contains("3 environments OK");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anInvalidFileListsEveryProblemAsFileLineColumnAndExitsTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                environments:
                  dev:
                    regoin: us-east-1
                    timezone: Nowhere/Land
                    phases:
                      base: {tool: cdk, directory: x}
                """);
        CliRun run = CliRun.of("config", "check", "--config", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(
                file + ":3:5: environments.dev.regoin: unknown field 'regoin'; did you mean 'region'?",
                file + ":4:15: environments.dev.timezone: unknown time zone 'Nowhere/Land': give an IANA name such as Europe/Berlin, America/New_York or UTC",
                file + ":5:5: environments.dev.phases: missing required field 'runtime' (every environment needs a runtime phase)",
                "3 problems in " + file);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingFileIsBadInputWithoutAStackTrace(@TempDir Path dir) {
        CliRun run = CliRun.of("config", "check", "--config", dir.resolve("none.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("configuration file not found").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anUnknownOptionIsBadUsage() {
        CliRun run = CliRun.of("config", "check", "--nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--nope'");
    }
}
