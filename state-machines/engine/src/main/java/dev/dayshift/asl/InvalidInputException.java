package dev.dayshift.asl;

/** Thrown when an execution's input, or a task output sent back to the engine, is not valid JSON. */
public final class InvalidInputException extends AslException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
