package dev.dayshift.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.rollback.RuntimeVersions;
import dev.dayshift.core.state.FileStateStore;
import dev.dayshift.core.state.StateStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled demo environment (demo/ at the repository root) through the whole simulated week: one
 * run that the tests read, and a second one that must come out the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WeekDemoTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    Path tmp;
    DayshiftConfig config;
    String release;
    WeekDemo.Result r;

    @BeforeAll
    void runTheWeek(@TempDir Path dir) throws IOException {
        tmp = dir;
        Assumptions.assumeTrue(onPath("python3"), "python3 is not installed: the demo's runtime service needs it");
        config = project();
        release = Files.readString(tmp.resolve("demo/runtime/release.json"));
        r = run(config);
    }

    DayshiftConfig project() throws IOException {
        copy(ROOT.resolve("demo"), tmp.resolve("demo"));
        String yaml = Files.readString(ROOT.resolve("dayshift.yaml"))
                .replace("18461", Integer.toString(freePort())).replace("18462", Integer.toString(freePort()));
        Files.writeString(tmp.resolve("dayshift.yaml"), yaml);
        return ConfigLoader.load(tmp.resolve("dayshift.yaml"));
    }

    WeekDemo.Result run(DayshiftConfig config) throws IOException {
        return WeekDemo.run(config, WeekDemo.scenario(config, WeekDemo.DEFAULT_WEEK), tmp.resolve(".dayshift/demo/run"), e -> { });
    }

    static List<Timeline.Entry> of(List<Timeline.Entry> t, String actor, Timeline.Result result) {
        return t.stream().filter(e -> e.actor().equals(actor) && e.result() == result).toList();
    }

    @Test
    void theWeekRunsEveryKindOfEventAndTheReportAddsUp() throws IOException {
        List<Timeline.Entry> t = r.timeline();

        assertThat(t).noneMatch(e -> e.detail().startsWith("the step failed"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.SKIPPED && e.detail().contains("Thanksgiving"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.SKIPPED && e.detail().contains("override keep-up"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.SKIPPED && e.detail().contains("override keep-down"));
        assertThat(t).anyMatch(e -> e.detail().contains("retried 1 time"));
        assertThat(t).anyMatch(e -> e.result() == Timeline.Result.FAILED && e.detail().startsWith("Dayshift.ApprovalRejected"));
        assertThat(t).anyMatch(e -> e.detail().startsWith("approved by dana"));
        assertThat(t).anyMatch(e -> e.what().contains("--phase base") && e.detail().contains("demo base apply done"));
        // demo: up Mon 08-19, Tue 08-22 (Friday's start is refused: the budget); demo-prod: Mon 07:00 to Fri 21:00
        assertThat(r.upHours("demo")).as("waits and retries take virtual seconds").isCloseTo(25.0, within(0.1));
        assertThat(r.upHours("demo-prod")).isCloseTo(110.0, within(0.1));
        assertThat(r.totalHours()).isEqualTo(168.0);
        String html = DemoReport.html(r);
        assertThat(html).contains("<h2>demo</h2>", "143.0 h (85%)", "Thanksgiving", "class=\"h up\"", "Alarms and budgets");
        assertThat(Files.readString(tmp.resolve("demo/runtime/release.json"))).as("the checkout is untouched").isEqualTo(release);
    }

    @Test
    void aBrokenReleaseIsRolledBackOnceAfterItsAlarmAndABudgetAlarmBlocksTheNextStart() throws IOException {
        List<Timeline.Entry> t = r.timeline();

        assertThat(t).filteredOn(e -> e.what().contains("(release 2)") && e.result() == Timeline.Result.DONE).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("demo runtime apply done", "1 to replace"));
        List<Timeline.Entry> cloudWatch = t.stream().filter(e -> e.actor().equals(DemoContext.CLOUDWATCH)).toList();
        assertThat(cloudWatch).extracting(Timeline.Entry::detail).satisfiesExactly(
                d -> assertThat(d).startsWith("alarm demo-home-5xx OK -> ALARM").contains("answered 500"),
                d -> assertThat(d).startsWith("notification to the rollback trigger: start-rollback"),
                d -> assertThat(d).isEqualTo("2 more deliveries of the same notification, at the same time: 2 ignored as duplicates"),
                d -> assertThat(d).startsWith("alarm demo-home-5xx ALARM -> OK"),
                d -> assertThat(d).startsWith("notification to the rollback trigger: ignored"),
                d -> assertThat(d).startsWith("rolled back target 'runtime': version sha256:")
                        .contains("re-applied through the lifecycle (replacing sha256:", "alarm demo-home-5xx OK"));
        StateStore store = new FileStateStore(tmp.resolve(".dayshift/demo/run/state"));
        List<RuntimeVersions.Version> versions = new RuntimeVersions(store).newestFirst("demo");
        assertThat(versions).extracting(v -> v.trigger().orElse("?")).containsExactly("rollback", "manual", "schedule", "schedule");
        assertThat(versions.get(0).sourceVersion()).as("the rollback re-applied Monday's version")
                .isEqualTo(versions.get(3).sourceVersion()).isNotEqualTo(versions.get(1).sourceVersion());
        assertThat(store.query("env#demo", "rollback#episode#")).as("one rollback").hasSize(1);

        assertThat(of(t, DemoContext.BUDGETS, Timeline.Result.DONE)).singleElement().satisfies(e -> assertThat(e.detail())
                .startsWith("budget guard: block-starts").contains("$52.40 of $50.00", "blocked until 2026-12-01T00:00:00Z"));
        assertThat(t).filteredOn(e -> e.at().equals(java.time.Instant.parse("2026-11-27T13:00:00Z")) && e.environment().equals("demo"))
                .singleElement().satisfies(e -> {
                    assertThat(e.result()).isEqualTo(Timeline.Result.SKIPPED);
                    assertThat(e.detail()).startsWith("budget block until 2026-12-01T00:00:00Z");
                });
        assertThat(Files.readString(tmp.resolve(".dayshift/demo/run/notifications.jsonl")))
                .contains("budget-block-starts", "rollback-succeeded");
        assertThat(DemoReport.summary(r)).contains("CloudWatch: rolled back target 'runtime'", "AWS Budgets: budget guard: block-starts",
                "Fri 08:00 EventBridge Scheduler: budget block until");
    }

    @Test
    @Order(Integer.MAX_VALUE) // it runs the week again over the first run's state: the other tests read that first
    void theWeekComesOutTheSameEachTime() throws IOException {
        List<String> first = outline(r);
        List<String> second = outline(run(config));
        assertThat(second).isEqualTo(first);
    }

    /** The timeline without wall-clock seconds and the random part of manual execution names. */
    static List<String> outline(WeekDemo.Result r) {
        return r.timeline().stream().map(e -> e.at() + " " + e.environment() + " " + e.actor() + " " + e.what() + " " + e.result()
                + " " + e.detail().replaceAll("manual-[a-z0-9-]+-\\d{8}T\\d{6}-[0-9a-f]{4}", "manual-*")).toList();
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
