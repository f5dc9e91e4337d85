package dev.dayshift.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled demo environment (demo/ at the repository root) through the whole simulated week. */
class WeekDemoTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    @TempDir
    Path tmp;

    @Test
    void theWeekRunsEveryKindOfEventAndTheReportAddsUp() throws IOException {
        Assumptions.assumeTrue(onPath("python3"), "python3 is not installed: the demo's runtime service needs it");
        copy(ROOT.resolve("demo"), tmp.resolve("demo"));
        String yaml = Files.readString(ROOT.resolve("dayshift.yaml"))
                .replace("18461", Integer.toString(freePort())).replace("18462", Integer.toString(freePort()));
        Files.writeString(tmp.resolve("dayshift.yaml"), yaml);
        DayshiftConfig config = ConfigLoader.load(tmp.resolve("dayshift.yaml"));

        Scenario scenario = WeekDemo.scenario(config, WeekDemo.DEFAULT_WEEK);
        WeekDemo.Result r = WeekDemo.run(config, scenario, tmp.resolve(".dayshift/demo/run"), e -> { });
        List<Timeline.Entry> t = r.timeline();

        assertThat(t).noneMatch(e -> e.detail().startsWith("the step failed"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.SKIPPED && e.detail().contains("Thanksgiving"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.SKIPPED && e.detail().contains("override keep-up"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.SKIPPED && e.detail().contains("override keep-down"));
        assertThat(t).anyMatch(e -> e.detail().contains("retried 1 time"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.FAILED && e.detail().startsWith("Dayshift.ApprovalRejected"));
        assertThat(t).anyMatch(e -> e.detail().startsWith("approved by dana"));
        assertThat(t).anyMatch(e -> e.what().contains("--phase base") && e.detail().contains("demo base apply done"));
        // demo: up Mon 08-19, Tue 08-22, Fri 08-19 = 11 + 14 + 11 hours; demo-prod: Mon 07:00 to Fri 21:00
        assertThat(r.upHours("demo")).as("waits and retries take virtual seconds").isCloseTo(36.0, within(0.1));
        assertThat(r.upHours("demo-prod")).isCloseTo(110.0, within(0.1));
        assertThat(r.totalHours()).isEqualTo(168.0);
        String html = DemoReport.html(r);
        assertThat(html).contains("<h2>demo</h2>", "132.0 h (79%)", "Thanksgiving", "class=\"h up\"");
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
