package dev.dayshift.asl.internal;

/**
 * An error raised while a state runs, with the spec's error name and a cause. Used for control flow
 * inside the interpreter, so it carries no stack trace.
 */
public final class AslError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String errorCause;
    private final boolean inState;

    /** An error with a name and a cause as given (task failures, Fail states). */
    public AslError(String error, String cause) {
        this(error, cause, false);
    }

    /**
     * @param inState true when the cause describes a problem in the state's own processing, which AWS prefixes
     *     with "An error occurred while executing the state 'X' (entered at the event id #N)."
     */
    public AslError(String error, String cause, boolean inState) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
        this.inState = inState;
    }

    /** True when the runtime should prefix the cause with the state's name and entered event id. */
    public boolean inState() {
        return inState;
    }

    /** The error name, e.g. States.Runtime; may be null for a Fail state without Error. */
    public String error() {
        return error;
    }

    /** The cause text; may be null. */
    public String cause() {
        return errorCause;
    }

    public static AslError runtime(String cause) {
        return new AslError(ErrorNames.RUNTIME, cause, true);
    }

    public static AslError query(String cause) {
        return new AslError(ErrorNames.QUERY_EVALUATION_ERROR, cause, true);
    }
}
