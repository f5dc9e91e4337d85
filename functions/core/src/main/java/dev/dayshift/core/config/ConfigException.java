package dev.dayshift.core.config;

import dev.dayshift.core.DayshiftException;
import java.util.List;

/**
 * Thrown when a configuration file cannot be read or is invalid, or when a command names an
 * environment it does not declare. Carries every problem found, each with its location.
 */
public final class ConfigException extends DayshiftException {

    private final List<ConfigProblem> problems;

    public ConfigException(String message, List<ConfigProblem> problems) {
        super(Kind.BAD_INPUT, message);
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order; may be empty when the message says it all. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
