package dev.dayshift.cli.lifecycle;

import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.records.OverrideRepository;
import dev.dayshift.core.records.RuntimeOverride;
import dev.dayshift.local.LocalRuntime;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dayshift override keep-up|keep-down|clear --env NAME --until T --reason R}. */
@Command(name = "override", mixinStandardHelpOptions = true,
        description = {"Keeps an environment's runtime up or down until a time, whatever its schedule and holidays say",
            "(the newest override wins); 'clear' removes the ones set this way. The schedule gate honours them at",
            "each scheduled change; to change the runtime now, also run 'dayshift up' or 'dayshift down'."})
public final class OverrideCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODE", description = "keep-up, keep-down or clear")
    String mode;

    @Option(names = "--env", required = true, paramLabel = "NAME", description = "The environment.")
    String env;

    @Option(names = "--until", paramLabel = "T",
            description = "When it ends: an instant (2026-12-04T23:00:00Z), a local time in the environment's zone "
                    + "(2026-12-04T18:00), or a duration from now (8h, 3d).")
    String until;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required for keep-up and keep-down).")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "Who sets it (default: $USER).")
    String by;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DayshiftConfig cfg = config.load();
        Environment e = cfg.requireEnvironment(env);
        OverrideRepository overrides = new OverrideRepository(LocalRuntime.stateStoreOf(cfg));
        if (mode.equals("clear")) {
            int n = overrides.clear(e.name());
            out.println("cleared " + n + (n == 1 ? " override" : " overrides") + " of " + e.name());
            return ExitCodes.OK;
        }
        ScheduleOverride.Mode m = switch (mode) {
            case "keep-up" -> ScheduleOverride.Mode.KEEP_UP;
            case "keep-down" -> ScheduleOverride.Mode.KEEP_DOWN;
            default -> throw bad("MODE must be keep-up, keep-down or clear, was '" + mode + "'");
        };
        if (until == null) {
            throw bad("--until is required for " + mode);
        }
        if (reason == null || reason.isBlank()) {
            throw bad("--reason is required for " + mode + " (it is shown wherever the override decides)");
        }
        Instant now = Instant.now();
        Instant end = parseUntil(until, e, now);
        if (!end.isAfter(now)) {
            throw bad("--until " + until + " is not in the future");
        }
        String who = by != null ? by : System.getProperty("user.name", "unknown");
        RuntimeOverride o = new RuntimeOverride(e.name(), new ScheduleOverride(m, Optional.of(now), end, reason, who), now);
        overrides.set(o);
        out.println(e.name() + ": " + m.id() + " until " + end + " (" + reason + ", set by " + who + ")");
        return ExitCodes.OK;
    }

    static Instant parseUntil(String text, Environment e, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(text).atZone(e.zone()).toInstant();
        } catch (DateTimeParseException notLocal) {
            // try a duration
        }
        java.util.regex.Matcher d = java.util.regex.Pattern.compile("(\\d+)([mhd])").matcher(text);
        if (d.matches()) {
            long n = Long.parseLong(d.group(1));
            return now.plus(switch (d.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        throw bad("--until '" + text + "' is neither an instant (2026-12-04T23:00:00Z), a local time (2026-12-04T18:00) "
                + "nor a duration (8h, 3d)");
    }

    private static DayshiftException bad(String message) {
        return new DayshiftException(DayshiftException.Kind.BAD_INPUT, message);
    }
}
