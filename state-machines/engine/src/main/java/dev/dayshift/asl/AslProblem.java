package dev.dayshift.asl;

import java.util.Objects;

/**
 * One problem found in a state machine definition.
 *
 * @param pointer where: a JSON pointer into the definition, e.g. {@code /States/Check/Choices/0/Next}; never
 *     null ({@code ""} is the whole definition)
 * @param message what is wrong, as a sentence; never null or blank
 */
public record AslProblem(String pointer, String message) {
    public AslProblem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
