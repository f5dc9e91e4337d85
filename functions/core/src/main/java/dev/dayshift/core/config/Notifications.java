package dev.dayshift.core.config;

import java.util.List;

/**
 * Where an environment's notifications go besides the notifications topic.
 *
 * @param emails e-mail addresses subscribed to the environment's notifications (may be empty)
 */
public record Notifications(List<String> emails) {
    public Notifications {
        emails = List.copyOf(emails);
    }

    /** No extra subscribers. */
    public static Notifications none() {
        return new Notifications(List.of());
    }
}
