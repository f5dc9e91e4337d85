package dev.dayshift.cli.budget;

import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.records.BudgetBlock;
import dev.dayshift.core.records.BudgetBlockRepository;
import dev.dayshift.local.LocalRuntime;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dayshift budget ...}: the budget guard's decisions (docs/runbooks/budget.md). */
@Command(name = "budget", description = "Work with the budget guard's blocks.", subcommands = BudgetCommand.Unblock.class,
        mixinStandardHelpOptions = true)
public final class BudgetCommand {

    /** {@code dayshift budget unblock --env NAME}: lift a budget block before its period ends. */
    @Command(name = "unblock", mixinStandardHelpOptions = true,
            description = {"Lifts the environment's budget block (local state in .dayshift/), so scheduled starts run again.",
                "The budget guard does not block again for the same budget period (each action once per period).",
                "On AWS, delete the item instead: see docs/runbooks/budget.md."})
    static final class Unblock implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--env", required = true, paramLabel = "NAME", description = "The environment.")
        String env;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DayshiftConfig cfg = config.load();
            cfg.requireEnvironment(env);
            BudgetBlockRepository blocks = new BudgetBlockRepository(LocalRuntime.stateStoreOf(cfg));
            Optional<BudgetBlock> block = blocks.current(env);
            if (block.isEmpty() || !blocks.lift(env)) {
                spec.commandLine().getOut().println(env + " has no budget block");
                return ExitCodes.OK;
            }
            BudgetBlock b = block.get();
            spec.commandLine().getOut().println("lifted the budget block of " + env + " (set " + b.since() + ", until "
                    + b.until() + "): " + b.reason());
            return ExitCodes.OK;
        }
    }
}
