package dev.dayshift.core.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Who or what started a lifecycle execution; protection rules depend on it. */
public enum Trigger {
    /** A person: the CLI or a StartExecution by hand. */
    MANUAL,
    /** The schedule gate, from an EventBridge Scheduler event. */
    SCHEDULE,
    /** The budget guard enforcing a budget policy. */
    BUDGET,
    /** The rollback machine. */
    ROLLBACK;

    /** The lower-case spelling used in execution input. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this is an automatic trigger, which may never stop a protected environment or touch a base. */
    public boolean automatic() {
        return this == SCHEDULE || this == BUDGET;
    }

    /** The spelling, or empty. */
    public static Optional<Trigger> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.id().equals(text)).findFirst();
    }

    /** "manual, schedule, budget, rollback". */
    public static String choices() {
        return Arrays.stream(values()).map(Trigger::id).collect(Collectors.joining(", "));
    }
}
