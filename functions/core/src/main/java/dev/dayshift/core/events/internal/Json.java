package dev.dayshift.core.events.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * JSON helpers for the event parsers and the records of the rollback and budget packages. Not part
 * of the public API.
 */
public final class Json {

    /** One mapper for the event code; thread-safe once configured. Events are small: nesting is capped. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200).maxStringLength(5_000_000).maxNumberLength(100).build());
    }

    /** CloudWatch writes {@code 2021-11-10T02:45:55.640+0000}: an offset without a colon. */
    private static final DateTimeFormatter CLOUDWATCH = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    private Json() {
    }

    /** Parses JSON text; empty when it is not JSON. */
    public static Optional<JsonNode> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return Optional.ofNullable(node).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A non-blank string field, or empty (absent, null, not a string, or blank). */
    public static Optional<String> text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    /** The object field, or empty if absent or not an object. */
    public static Optional<JsonNode> object(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode v = node.get(field);
        return v != null && v.isObject() ? Optional.of(v) : Optional.empty();
    }

    /**
     * An instant in any of the forms AWS writes: ISO-8601 with {@code Z}, with {@code +00:00}, or
     * CloudWatch's {@code +0000}; empty when it is none of them.
     */
    public static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException ignored) {
            // try the offset forms next
        }
        try {
            return Optional.of(OffsetDateTime.parse(t, CLOUDWATCH).toInstant());
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Compact JSON text of a node. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Parses JSON this code wrote itself (stored records); a failure means the store was tampered with. */
    public static JsonNode readStored(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new dev.dayshift.core.DayshiftException(dev.dayshift.core.DayshiftException.Kind.FAILED,
                    "stored " + what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Shortens text for a reason line: at most {@code max} characters, with an ellipsis. */
    public static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
