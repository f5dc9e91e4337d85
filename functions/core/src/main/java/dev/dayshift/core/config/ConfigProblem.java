package dev.dayshift.core.config;

import java.util.Objects;

/**
 * One problem found in a configuration file, with where it is.
 *
 * @param file the file as the user named it
 * @param line 1-based line, 0 when the problem is about the whole file
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong, naming the field
 */
public record ConfigProblem(String file, int line, int column, String message) {
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE:COLUMN: message}, the format of {@code dayshift config check}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
