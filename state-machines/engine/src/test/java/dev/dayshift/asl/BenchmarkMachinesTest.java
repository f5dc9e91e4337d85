package dev.dayshift.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The machines scripts/bench/engine runs still run: the lifecycle definition evolves, and its mocked happy path
 * (scripts/bench/engine-peer/machines) must keep up, or the benchmark would measure a failure.
 */
class BenchmarkMachinesTest {
    private static Path repo() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("scripts/bench/engine-peer/machines"))) {
                return d;
            }
        }
        return null;
    }

    @Test
    void theLifecycleMachine_succeedsOnItsMockedHappyPath() throws IOException {
        Path repo = repo();
        assumeTrue(repo != null, "not inside the repository");
        Path machines = repo.resolve("scripts/bench/engine-peer/machines");
        StateMachine lifecycle = StateMachine.parse(
                Files.readString(repo.resolve("state-machines/definitions/asl/lifecycle.asl.json")));
        MockConfig mocks = MockConfig.parse(Files.readString(machines.resolve("lifecycle.mocks.json")));
        ExecutionResult r = AslEngine.builder().resolver(mocks.resolver()).build().run(lifecycle,
                Files.readString(machines.resolve("lifecycle.input.json")),
                StartOptions.builder().stateMachineName("lifecycle").testCase("HappyPath").build());
        assertThat(r.status()).as(r.error() + ": " + r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output()).isEqualTo("{\"environment\":\"dev\",\"state\":\"up\"}");
    }

    @Test
    void theMixedMachine_succeedsWithAThousandMapItems() throws IOException {
        Path repo = repo();
        assumeTrue(repo != null, "not inside the repository");
        Path machines = repo.resolve("scripts/bench/engine-peer/machines");
        ExecutionResult r = AslEngine.builder().build().run(
                StateMachine.parse(Files.readString(machines.resolve("mixed.asl.json"))),
                Files.readString(machines.resolve("mixed.input.json")));
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output()).contains("\"n\":1000", "\"step\":\"run-42:1000\"");
    }
}
