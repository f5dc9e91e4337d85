package dev.dayshift.cli;

/** The exit codes of the {@code dayshift} command, as documented in {@code --help} and docs/cli.md. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The work ran and failed: a job, an execution, a check that found problems in the work itself. */
    public static final int FAILED = 1;
    /** Bad usage or bad input: unknown option, invalid configuration, expression, event or definition. */
    public static final int BAD_INPUT = 2;
    /** Something this machine lacks: a tool (terraform, cdk, node), a JDK, a free port. */
    public static final int MISSING_TOOL = 3;

    private ExitCodes() {
    }
}
