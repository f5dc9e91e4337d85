package dev.dayshift.cli.lifecycle;

import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.local.LocalRuntime;
import dev.dayshift.local.demo.DemoReport;
import dev.dayshift.local.demo.Scenario;
import dev.dayshift.local.demo.Timeline;
import dev.dayshift.local.demo.WeekDemo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dayshift demo}: the bundled environments through a simulated week (scripts/demo runs it). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the configuration's environments through a simulated week on a virtual clock, with the",
            "jobs really running on this host; prints the timeline and writes an HTML report.",
            "Exit 1 when a step failed unexpectedly."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--week", paramLabel = "MONDAY", description = "The Monday the week starts (default: ${DEFAULT-VALUE}).",
            defaultValue = "2026-11-23")
    LocalDate week;

    @Option(names = "--report", paramLabel = "FILE", description = "Where to write the HTML report (default: .dayshift/demo/report.html).")
    Path report;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        DayshiftConfig cfg = config.load();
        Path home = LocalRuntime.homeOf(cfg).resolve("demo");
        Scenario scenario = WeekDemo.scenario(cfg, week);
        out.println("dayshift demo: " + cfg.environments().keySet() + " through the week of " + week + " ("
                + scenario.steps().size() + " steps; jobs run on this host, state in " + home + ")");
        out.flush();
        WeekDemo.Result r = WeekDemo.run(cfg, scenario, home.resolve("run"), e -> {
            out.println(DemoReport.line(e, WeekDemo.zone(cfg)));
            out.flush();
        });
        Path file = report != null ? report : home.resolve("report.html");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, DemoReport.html(r));
        out.println();
        out.print(DemoReport.summary(r));
        out.printf("report: %s%nwall time: %.1f s%n", file, r.wallSeconds());
        boolean failed = r.timeline().stream().anyMatch(e -> e.result() == Timeline.Result.FAILED
                && e.detail().startsWith("the step failed"));
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
