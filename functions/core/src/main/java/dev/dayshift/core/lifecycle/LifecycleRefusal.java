package dev.dayshift.core.lifecycle;

import dev.dayshift.core.DayshiftException;
import java.util.Objects;

/**
 * Thrown when a lifecycle request is refused before any job runs: malformed input, an unknown
 * environment, or a protection rule. Carries the Step Functions error name ({@link LifecycleErrors})
 * the execution fails with; the message is the cause.
 */
public final class LifecycleRefusal extends DayshiftException {

    private final String errorName;

    public LifecycleRefusal(String errorName, String message) {
        super(Kind.BAD_INPUT, message);
        this.errorName = Objects.requireNonNull(errorName, "errorName");
    }

    /** The execution's error name, e.g. {@code Dayshift.InvalidInput}; never null. */
    public String errorName() {
        return errorName;
    }
}
