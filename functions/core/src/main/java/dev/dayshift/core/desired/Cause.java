package dev.dayshift.core.desired;

import java.util.Locale;

/** What decided a desired state, from the strongest to the weakest. */
public enum Cause {
    /** A keep-up or keep-down override is active; it wins over everything else while it lasts. */
    OVERRIDE,
    /** The environment's TTL has passed: the runtime stays down from then on. */
    EXPIRED,
    /** The local day is a holiday: the runtime stays down for the whole day. */
    HOLIDAY,
    /** The last up or down fire time at or before the instant. */
    SCHEDULE,
    /** Nothing scheduled yet (no up expression, schedule paused, or no fire before the instant): down. */
    NO_SCHEDULE;

    /** Lower case with dashes, as in JSON: {@code override}, {@code no-schedule}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
