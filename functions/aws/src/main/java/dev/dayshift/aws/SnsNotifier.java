package dev.dayshift.aws;

import dev.dayshift.core.ports.Notifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * {@link Notifier} on SNS Publish to one topic. Subjects are made acceptable to SNS (printable ASCII
 * on one line, at most 100 characters); every notification carries an {@code environment} message
 * attribute besides its own, for subscription filter policies. Delivery failures are logged, never
 * thrown: a notification must not fail the work it reports on.
 */
public final class SnsNotifier implements Notifier {

    private static final System.Logger LOG = System.getLogger(SnsNotifier.class.getName());

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public void publish(Notification n) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("environment", string(n.environment()));
        n.attributes().forEach((k, v) -> attributes.put(k, string(v)));
        try {
            sns.publish(b -> b.topicArn(topicArn).subject(subject(n.subject())).message(n.message())
                    .messageAttributes(attributes));
        } catch (SdkException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot publish notification '" + n.subject() + "' to " + topicArn + ": "
                    + e.getMessage());
        }
    }

    /** SNS subjects: ASCII, starting with a letter, number or punctuation, no line breaks, at most 100 characters. */
    static String subject(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : (Character.isWhitespace(c) ? ' ' : '?'));
        }
        String out = b.toString().strip();
        if (out.isEmpty()) {
            out = "Dayshift";
        }
        return out.length() > 100 ? out.substring(0, 97) + "..." : out;
    }

    private static MessageAttributeValue string(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v.isEmpty() ? "-" : v).build();
    }
}
