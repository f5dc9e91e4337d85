package dev.dayshift.core.ports;

import java.util.Map;
import java.util.Objects;

/**
 * Publishes notifications for people: lifecycle results, rollbacks, budget decisions, approvals.
 * On AWS, SNS Publish to the notifications topic; locally, a log and the terminal.
 */
public interface Notifier {

    /** Publishes one notification. Implementations never throw for a delivery problem they can log. */
    void publish(Notification notification);

    /**
     * A notification.
     *
     * @param environment the environment it is about
     * @param subject one line, at most 100 characters (SNS's limit for e-mail subjects)
     * @param message the body: what happened, what state things were left in, where to look
     * @param attributes message attributes for filtering (e.g. {@code event=rollback-started})
     */
    record Notification(String environment, String subject, String message, Map<String, String> attributes) {
        public Notification {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(message, "message");
            attributes = Map.copyOf(attributes);
            if (subject.length() > 100) {
                subject = subject.substring(0, 99) + "…";
            }
        }
    }
}
