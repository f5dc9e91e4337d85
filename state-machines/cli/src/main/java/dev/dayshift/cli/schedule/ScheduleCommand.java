package dev.dayshift.cli.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.desired.Explanation;
import dev.dayshift.core.desired.RuntimeSchedule;
import dev.dayshift.core.desired.StateInterval;
import dev.dayshift.core.schedule.ScheduleExpression;
import dev.dayshift.core.schedule.TimeZones;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dayshift schedule ...}: evaluate schedule expressions and explain an environment's desired state. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Evaluate EventBridge Scheduler expressions and explain an environment's schedule.",
        subcommands = {ScheduleCommand.Next.class, ScheduleCommand.Explain.class})
public final class ScheduleCommand {

    /** The most fire times {@code next} prints, so a typo cannot print forever. */
    static final int MAX_COUNT = 100_000;
    /** The longest window {@code explain} covers: ten years. */
    static final int MAX_DAYS = 3_660;

    /** {@code dayshift schedule next EXPR --tz ZONE --from INSTANT [--count N]}. */
    @Command(name = "next", mixinStandardHelpOptions = true,
            description = {"Prints the next fire times of a schedule expression strictly after --from, one per line, as UTC"
                + " ISO-8601 instants (2026-03-09T12:00:00Z); fewer when the schedule ends (an at() in the past prints none).",
                "Daylight saving as in EventBridge Scheduler: a local time that does not exist is skipped; one that"
                + " happens twice fires once, at its first occurrence.",
                "Exit 2 with the reason for a bad expression, zone or instant."})
    static final class Next implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "EXPR", description = "cron(...), rate(...) or at(...), quoted.")
        String expression;

        @Option(names = "--tz", paramLabel = "ZONE", defaultValue = "UTC",
                description = "IANA time zone the expression is evaluated in (default: ${DEFAULT-VALUE}, as Scheduler).")
        String zone;

        @Option(names = "--from", paramLabel = "INSTANT",
                description = "Print fire times strictly after this instant, with Z or an offset (default: now).")
        String from;

        @Option(names = "--count", paramLabel = "N", defaultValue = "5", description = "How many (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--start", paramLabel = "INSTANT",
                description = "The schedule's StartDate: no fire time before it; rate() counts from it (default: --from).")
        String start;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (count < 0 || count > MAX_COUNT) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--count must be 0 to " + MAX_COUNT + ", was " + count);
            }
            ScheduleExpression e = ScheduleExpression.parse(expression);
            ZoneId z = TimeZones.parse(zone);
            Instant after = from == null ? Instant.now() : instant(spec, "--from", from);
            Instant startAt = start == null ? null : instant(spec, "--start", start);
            List<Instant> fires = e.nextN(after, z, count, startAt);
            PrintWriter out = spec.commandLine().getOut();
            for (Instant i : fires) {
                out.println(i);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code dayshift schedule explain --env NAME [--config FILE] --from DATE --days N [--json]}. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Prints an environment's desired runtime state as intervals (up/down, from, to, why), accounting"
                + " for its schedule, holidays, overrides and TTL, then the runtime hours against always-on (the saving).",
                "Exit 2 for a bad configuration, environment or date."})
    static final class Explain implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--env", paramLabel = "NAME", required = true, description = "The environment.")
        String env;

        @Option(names = "--from", paramLabel = "DATE",
                description = "First local day (yyyy-mm-dd) in the environment's zone (default: today there).")
        String from;

        @Option(names = "--days", paramLabel = "N", defaultValue = "7", description = "How many days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (days < 1 || days > MAX_DAYS) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--days must be 1 to " + MAX_DAYS + ", was " + days);
            }
            DayshiftConfig cfg = config.load();
            Environment environment = cfg.requireEnvironment(env);
            LocalDate first = from == null ? LocalDate.now(environment.zone()) : date(spec, from);
            Explanation e = RuntimeSchedule.of(environment).explain(first, days);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? json(environment, first, days, e) : table(environment, first, days, e));
            out.flush();
            return ExitCodes.OK;
        }
    }

    static String table(Environment env, LocalDate first, int days, Explanation e) {
        StringBuilder sb = new StringBuilder();
        sb.append(env.name()).append(" (").append(env.zone().getId()).append("): ").append(first).append(" to ")
                .append(first.plusDays(days)).append(", ").append(days).append(days == 1 ? " day" : " days").append('\n');
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {"STATE", "FROM", "TO", "HOURS", "WHY"});
        for (StateInterval i : e.intervals()) {
            rows.add(new String[] {i.state().id(), local(i.from(), e.zone()), local(i.to(), e.zone()),
                hours(i.duration().getSeconds() / 3600.0), i.why()});
        }
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int c = 0; c < 4; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            for (int c = 0; c < 4; c++) {
                sb.append(c == 3 ? pad(r[c], width[c], true) : pad(r[c], width[c], false)).append("  ");
            }
            sb.append(r[4]).append('\n');
        }
        sb.append("runtime ").append(hours(e.runtimeHours())).append(" h of ").append(hours(e.alwaysOnHours()))
                .append(" h always-on: saving ").append(hours(e.savingHours())).append(" h (")
                .append(String.format(Locale.ROOT, "%.1f", e.savingPercent())).append("%)\n");
        return sb.toString();
    }

    static String json(Environment env, LocalDate first, int days, Explanation e) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("environment", env.name());
        root.put("zone", env.zone().getId());
        root.put("fromDate", first.toString());
        root.put("days", days);
        root.put("from", local(e.from(), e.zone()));
        root.put("to", local(e.to(), e.zone()));
        ArrayNode intervals = root.putArray("intervals");
        for (StateInterval i : e.intervals()) {
            ObjectNode n = intervals.addObject();
            n.put("state", i.state().id());
            n.put("from", local(i.from(), e.zone()));
            n.put("to", local(i.to(), e.zone()));
            n.put("hours", round(i.duration().getSeconds() / 3600.0));
            n.put("cause", i.cause().id());
            n.put("why", i.why());
        }
        root.put("runtimeHours", round(e.runtimeHours()));
        root.put("alwaysOnHours", round(e.alwaysOnHours()));
        root.put("savingHours", round(e.savingHours()));
        root.put("savingPercent", round(e.savingPercent()));
        return mapper.writeValueAsString(root) + "\n";
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String hours(double h) {
        return String.format(Locale.ROOT, "%.1f", h);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String local(Instant i, ZoneId zone) {
        return ZonedDateTime.ofInstant(i, zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** An instant with Z or an offset, e.g. 2026-03-09T12:00:00Z or 2026-03-09T13:00+01:00. */
    static Instant instant(CommandSpec spec, String option, String text) {
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            String hint = text.matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+") ? " has no Z or offset" : " is not an instant";
            throw new CommandLine.ParameterException(spec.commandLine(), option + " '" + text + "'" + hint
                    + ": use e.g. 2026-03-09T12:00:00Z or 2026-03-09T13:00:00+01:00");
        }
    }

    static LocalDate date(CommandSpec spec, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from '" + text + "' is not a date: use yyyy-mm-dd, e.g. 2026-03-09");
        }
    }
}
