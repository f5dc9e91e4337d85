package dev.dayshift.core.rollback;

import java.util.Optional;

/** A CloudWatch alarm's state, as CloudWatch spells it. */
public enum AlarmState {
    OK,
    ALARM,
    INSUFFICIENT_DATA;

    /** The state CloudWatch writes as {@code text}, if it is one (exact, upper case). */
    public static Optional<AlarmState> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (AlarmState s : values()) {
            if (s.name().equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
