package dev.dayshift.functions.images.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the S3 event notification that S3 puts in an SQS message body
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */
public final class S3Notification {

    /** One object-created record. Keys are URL-decoded (S3 encodes them, spaces as '+'). */
    public record ObjectCreated(String bucket, String key, long size, String eTag, String versionId) {
    }

    /** What a message body holds. */
    public sealed interface Body permits Records, TestEvent, NotAnS3Event {
    }

    /** Object-created records (others, such as removals, are dropped and counted). */
    public record Records(List<ObjectCreated> created, int ignored) implements Body {
    }

    /** The {@code s3:TestEvent} S3 sends when notifications are configured. */
    public record TestEvent() implements Body {
    }

    /** Anything else, with what was wrong. */
    public record NotAnS3Event(String problem) implements Body {
    }

    private S3Notification() {
    }

    public static Body parse(ObjectMapper json, String body) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return new NotAnS3Event("the message body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return new NotAnS3Event("the message body is not a JSON object");
        }
        if ("s3:TestEvent".equals(root.path("Event").asText(null))) {
            return new TestEvent();
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            return new NotAnS3Event("the message body has no 'Records' array (is it an S3 event notification?)");
        }
        List<ObjectCreated> created = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            String name = r.path("eventName").asText("");
            if (!"aws:s3".equals(r.path("eventSource").asText("")) || !name.startsWith("ObjectCreated:")) {
                ignored++;
                continue;
            }
            JsonNode s3 = r.path("s3");
            Optional<String> bucket = text(s3.path("bucket").path("name"));
            Optional<String> key = text(s3.path("object").path("key"));
            if (bucket.isEmpty() || key.isEmpty()) {
                return new NotAnS3Event("Records[" + i + "] has no s3.bucket.name or s3.object.key");
            }
            created.add(new ObjectCreated(bucket.get(), URLDecoder.decode(key.get(), StandardCharsets.UTF_8),
                    s3.path("object").path("size").asLong(-1),
                    text(s3.path("object").path("eTag")).orElse(null),
                    text(s3.path("object").path("versionId")).orElse(null)));
        }
        return new Records(created, ignored);
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }
}
