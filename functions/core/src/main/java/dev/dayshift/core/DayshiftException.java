package dev.dayshift.core;

import java.util.Objects;

/**
 * Base of every exception Dayshift raises on purpose. It carries a {@link Kind} that says whose fault
 * it was, which the CLI turns into its documented exit code and the handlers into their responses.
 *
 * <p>Messages are written for the person who has to act on them: they name what was wrong and where.
 * Each module defines its own subclasses, with a sentence on when each is thrown.
 */
public class DayshiftException extends RuntimeException {

    /** Whose fault a failure is; the CLI's exit code follows from it. */
    public enum Kind {
        /** The work ran and failed (a job failed, an execution ended in error). Exit code 1. */
        FAILED(1),
        /** Bad usage or bad input: arguments, configuration, events, definitions. Exit code 2. */
        BAD_INPUT(2),
        /** Something the machine lacks: a JDK, terraform, node, a network port. Exit code 3. */
        MISSING_TOOL(3);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The CLI exit code documented in {@code dayshift --help} and docs/cli.md. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public DayshiftException(Kind kind, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public DayshiftException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Never null. */
    public Kind kind() {
        return kind;
    }
}
