package dev.dayshift.cli;

import dev.dayshift.core.DayshiftException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dayshift} command. Subcommands live in their own classes and are listed here once.
 * Errors a user can cause never print a stack trace; set {@code DAYSHIFT_DEBUG=1} to see one for
 * anything else.
 */
@Command(
        name = "dayshift",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs AWS environments only when they are needed: schedules, lifecycle, rollbacks, budgets.",
        subcommands = {
            CommandLine.HelpCommand.class,
            dev.dayshift.cli.config.ConfigCommand.class,
            dev.dayshift.cli.schedule.ScheduleCommand.class,
            dev.dayshift.cli.asl.AslCommand.class,
            dev.dayshift.cli.image.ImageCommand.class,
            dev.dayshift.cli.events.EventsCommand.class,
            dev.dayshift.cli.budget.BudgetCommand.class,
            dev.dayshift.cli.lifecycle.UpCommand.class,
            dev.dayshift.cli.lifecycle.DownCommand.class,
            dev.dayshift.cli.lifecycle.PlanCommand.class,
            dev.dayshift.cli.lifecycle.ApplyCommand.class,
            dev.dayshift.cli.lifecycle.DestroyCommand.class,
            dev.dayshift.cli.lifecycle.StatusCommand.class,
            dev.dayshift.cli.lifecycle.OverrideCommand.class,
            dev.dayshift.cli.lifecycle.ApproveCommand.class,
            dev.dayshift.cli.lifecycle.RejectCommand.class,
            dev.dayshift.cli.lifecycle.UnlockCommand.class,
            dev.dayshift.cli.lifecycle.DemoCommand.class,
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok",
            "  1  the work ran and failed (a job, an execution, a check of the work)",
            "  2  bad usage or bad input (arguments, configuration, expressions, events, definitions)",
            "  3  something this machine lacks (a tool such as terraform or node, a JDK, a port)",
            "",
            "Documentation: docs/cli.md"
        })
public final class Dayshift implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command; see 'dayshift --help'.");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code, without exiting; tests call this. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = newCommandLine(out, err);
        return cli.execute(args);
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Dayshift());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // "@FILE" is Dayshift's own notation for "read this value from a file" (asl run --input @in.json):
        // picocli must not expand it as an argument file.
        cli.setExpandAtFiles(false);
        cli.setParameterExceptionHandler(Dayshift::onBadUsage);
        cli.setExecutionExceptionHandler(Dayshift::onFailure);
        return cli;
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("dayshift: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.BAD_INPUT;
    }

    private static int onFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (e instanceof DayshiftException de) {
            err.println("dayshift: " + de.getMessage());
            debugTrace(e, err);
            return de.kind().exitCode();
        }
        if (e instanceof CommandLine.ParameterException pe) {
            return onBadUsage(pe, new String[0]);
        }
        err.println("dayshift: internal error: " + e + " (set DAYSHIFT_DEBUG=1 for the stack trace)");
        debugTrace(e, err);
        return ExitCodes.FAILED;
    }

    private static void debugTrace(Exception e, PrintWriter err) {
        if (System.getenv("DAYSHIFT_DEBUG") != null) {
            e.printStackTrace(err);
        }
    }
}
