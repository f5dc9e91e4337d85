package dev.dayshift.asl;

import java.util.List;

/**
 * Thrown by {@link StateMachine#parse(String)} (and by the mock configuration reader) when a definition is not
 * valid; carries every problem found, each with its JSON pointer.
 */
public final class AslValidationException extends AslException {
    private static final long serialVersionUID = 1L;

    private final transient List<AslProblem> problems;

    public AslValidationException(String what, List<AslProblem> problems) {
        super(message(what, problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(String what, List<AslProblem> problems) {
        StringBuilder sb = new StringBuilder(what).append(" has ").append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        for (AslProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }

    /** Every problem found; never empty. */
    public List<AslProblem> problems() {
        return problems;
    }
}
