package dev.dayshift.core.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SNS notification as a subscriber receives it, whichever way it came (a Lambda SNS event
 * record, an HTTP/SQS delivery envelope, a replayed file). Free of AWS types so the domain core can
 * read it.
 *
 * @param messageId SNS's message id; redeliveries of one publish carry the same id
 * @param topicArn the topic it was published to
 * @param subject the subject, if the publisher set one (CloudWatch and AWS Budgets do)
 * @param message the body: JSON for CloudWatch alarms, plain text for AWS Budgets
 * @param timestamp when SNS accepted the publish, if known
 * @param attributes string message attributes (may be empty)
 */
public record SnsMessage(
        String messageId,
        String topicArn,
        Optional<String> subject,
        String message,
        Optional<Instant> timestamp,
        Map<String, String> attributes) {

    public SnsMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(topicArn, "topicArn");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
        attributes = Map.copyOf(attributes);
    }
}
