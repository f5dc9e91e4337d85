package dev.dayshift.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the executions recorded on AWS (shared/conformance/asl/cases.jsonl, beside the repository, or
 * $DAYSHIFT_CONFORMANCE_CASES) and holds the engine to at least 97% of them.
 */
class ConformanceTest {
    private static final double TARGET = 97.0;

    static Path casesFile() {
        String env = System.getenv("DAYSHIFT_CONFORMANCE_CASES");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        // The cases live in shared/ beside the repository (<repo>/../shared/conformance/asl); look upwards from
        // the module's directory so a clone or a worktree anywhere finds them.
        Path rel = Path.of("shared", "conformance", "asl", "cases.jsonl");
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(rel))) {
                return d.resolve(rel);
            }
        }
        return dir.getParent().getParent().resolveSibling("shared").resolve(rel.subpath(1, rel.getNameCount()));
    }

    @Test
    void recordedAwsExecutions_passAtLeast97Percent() {
        Path cases = casesFile();
        assumeTrue(Files.isRegularFile(cases), "Conformance cases not found at " + cases
                + " (set DAYSHIFT_CONFORMANCE_CASES to run this check)");
        Conformance.Report report = Conformance.run(cases, null);
        String failures = report.cases().stream().filter(c -> !c.passed())
                .map(c -> c.id() + ": " + c.reason()).collect(Collectors.joining("\n"));
        assertThat(report.cases()).isNotEmpty();
        assertThat(report.rate()).as("pass rate; failures:\n" + failures).isGreaterThanOrEqualTo(TARGET);
    }
}
