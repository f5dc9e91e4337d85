package dev.dayshift.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.dayshift.core.events.SnsMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the SNS event Lambda delivers into the core's {@link SnsMessage}s. */
public final class SnsRecords {

    private SnsRecords() {
    }

    /** One message per record; a record without an {@code Sns} part becomes an empty message the parsers reject. */
    public static List<SnsMessage> messages(SNSEvent event) {
        List<SnsMessage> out = new ArrayList<>();
        if (event == null || event.getRecords() == null) {
            return out;
        }
        for (SNSEvent.SNSRecord r : event.getRecords()) {
            SNSEvent.SNS sns = r == null ? null : r.getSNS();
            if (sns == null) {
                out.add(new SnsMessage("", "", Optional.empty(), "", Optional.empty(), Map.of()));
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            if (sns.getMessageAttributes() != null) {
                sns.getMessageAttributes().forEach((k, v) -> {
                    if (k != null && v != null && v.getValue() != null) {
                        attributes.put(k, v.getValue());
                    }
                });
            }
            Optional<Instant> at = Optional.ofNullable(sns.getTimestamp()).map(t -> Instant.ofEpochMilli(t.getMillis()));
            out.add(new SnsMessage(nz(sns.getMessageId()), nz(sns.getTopicArn()), Optional.ofNullable(sns.getSubject()),
                    nz(sns.getMessage()), at, attributes));
        }
        return out;
    }

    /**
     * The SNS event Lambda would deliver for {@code messages} (one record each): what SnapStart priming
     * hands the SNS-subscribed handlers.
     */
    public static SNSEvent event(List<SnsMessage> messages) {
        List<SNSEvent.SNSRecord> records = new ArrayList<>();
        for (SnsMessage m : messages) {
            SNSEvent.SNS sns = new SNSEvent.SNS()
                    .withType("Notification")
                    .withMessageId(m.messageId())
                    .withTopicArn(m.topicArn())
                    .withSubject(m.subject().orElse(null))
                    .withMessage(m.message())
                    .withSignatureVersion("1")
                    .withMessageAttributes(new LinkedHashMap<>());
            m.timestamp().ifPresent(t -> sns.setTimestamp(new org.joda.time.DateTime(t.toEpochMilli(),
                    org.joda.time.DateTimeZone.UTC)));
            records.add(new SNSEvent.SNSRecord().withEventSource("aws:sns").withEventVersion("1.0")
                    .withEventSubscriptionArn(m.topicArn() + ":priming").withSns(sns));
        }
        return new SNSEvent().withRecords(records);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
