package dev.dayshift.cli.config;

import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.BudgetPolicy;
import dev.dayshift.core.config.ConfigException;
import dev.dayshift.core.config.ConfigProblem;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dayshift config ...}: work with the configuration file. */
@Command(name = "config", description = "Check the configuration file.", subcommands = ConfigCommand.Check.class,
        mixinStandardHelpOptions = true)
public final class ConfigCommand {

    /** {@code dayshift config check}: validate and summarise. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validates the configuration file.",
                "Prints one line per environment (exit 0), or every problem as FILE:LINE:COLUMN: message (exit 2)."})
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            DayshiftConfig cfg;
            try {
                cfg = config.load();
            } catch (ConfigException e) {
                if (e.problems().isEmpty()) {
                    err.println("dayshift: " + e.getMessage());
                } else {
                    for (ConfigProblem p : e.problems()) {
                        err.println(p);
                    }
                    err.println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                            + " in " + config.file());
                }
                return ExitCodes.BAD_INPUT;
            }
            for (Environment env : cfg.environments().values()) {
                out.println(summary(env));
            }
            out.println(cfg.environments().size() + (cfg.environments().size() == 1 ? " environment" : " environments")
                    + " OK in " + config.file());
            return ExitCodes.OK;
        }
    }

    /** One line: what a reader needs to recognise the environment. */
    static String summary(Environment env) {
        List<String> parts = new ArrayList<>();
        parts.add(env.region());
        parts.add(env.zone().getId());
        if (env.isProtected()) {
            parts.add("protected");
        }
        if (!env.schedule().enabled()) {
            parts.add("schedule paused");
        }
        env.schedule().up().ifPresent(u -> parts.add("up " + u));
        env.schedule().down().ifPresent(d -> parts.add("down " + d));
        if (env.schedule().up().isEmpty() && env.schedule().down().isEmpty()) {
            parts.add("no schedule");
        }
        parts.add("runtime " + env.runtime().tool().id());
        env.base().ifPresent(b -> parts.add("base " + b.tool().id()));
        if (!env.holidays().isEmpty()) {
            parts.add(env.holidays().size() + (env.holidays().size() == 1 ? " holiday rule" : " holiday rules"));
        }
        if (!env.overrides().isEmpty()) {
            parts.add(env.overrides().size() + (env.overrides().size() == 1 ? " override" : " overrides"));
        }
        env.budget().ifPresent(b -> parts.add("budget " + b.limit().toPlainString() + " " + b.unit() + "/"
                + period(b.period())));
        int targets = env.rollback().targets().size();
        if (targets > 0) {
            parts.add(targets + (targets == 1 ? " rollback target" : " rollback targets"));
        }
        return env.name() + ": " + String.join(", ", parts);
    }

    private static String period(BudgetPolicy.Period p) {
        return switch (p) {
            case DAILY -> "day";
            case MONTHLY -> "month";
            case QUARTERLY -> "quarter";
            case ANNUALLY -> "year";
        };
    }
}
