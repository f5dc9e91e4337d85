package dev.dayshift.core.lifecycle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a lifecycle execution is asked to do to one phase. {@code up} and {@code down} are the
 * runtime's apply and destroy; {@code plan} only plans.
 */
public enum LifecycleAction {
    /** Plan the phase and report the changes; nothing is applied. */
    PLAN,
    /** Plan, guard, (approve,) apply the plan. */
    APPLY,
    /** Plan a destroy, guard, (approve,) apply it. */
    DESTROY,
    /** The runtime's apply, as schedules and people say it. */
    UP,
    /** The runtime's destroy, as schedules and people say it. */
    DOWN;

    /** The lower-case spelling used in execution input, events and the CLI. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the plan is a destroy plan. */
    public boolean destroys() {
        return this == DESTROY || this == DOWN;
    }

    /** Whether a plan is followed by an apply job. */
    public boolean applies() {
        return this != PLAN;
    }

    /** The spelling, or empty when {@code text} is no action. */
    public static Optional<LifecycleAction> parse(String text) {
        return Arrays.stream(values()).filter(a -> a.id().equals(text)).findFirst();
    }

    /** "plan, apply, destroy, up, down": for messages. */
    public static String choices() {
        return Arrays.stream(values()).map(LifecycleAction::id).collect(Collectors.joining(", "));
    }
}
