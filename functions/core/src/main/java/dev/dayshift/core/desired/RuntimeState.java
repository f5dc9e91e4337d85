package dev.dayshift.core.desired;

import java.util.Locale;

/** Whether an environment's runtime phase should be deployed. */
public enum RuntimeState {
    UP,
    DOWN;

    /** Lower case, as printed and in JSON: {@code up}, {@code down}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
