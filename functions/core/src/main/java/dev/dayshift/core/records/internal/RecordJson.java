package dev.dayshift.core.records.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.DayshiftException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** JSON reading and writing for the records. Internal: not for use outside dev.dayshift.core.records. */
public final class RecordJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a record", e);
        }
    }

    /** Parses a stored document; a damaged one is a clear failure naming the item. */
    public static JsonNode read(String json, String what) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new DayshiftException(DayshiftException.Kind.FAILED, "stored " + what + " is not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "stored " + what + " is damaged: " + e.getOriginalMessage());
        }
    }

    public static String text(JsonNode n, String field, String what) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "stored " + what + " has no '" + field + "'");
        }
        return v.asText();
    }

    public static Optional<String> optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    public static Instant instant(JsonNode n, String field, String what) {
        String t = text(n, field, what);
        try {
            return Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "stored " + what + " has a bad '" + field + "': " + t);
        }
    }

    public static Optional<Instant> optInstant(JsonNode n, String field) {
        return optText(n, field).map(Instant::parse);
    }

    public static Optional<BigDecimal> optDecimal(JsonNode n, String field) {
        return optText(n, field).map(BigDecimal::new);
    }

    public static void putOpt(ObjectNode n, String field, Optional<?> value) {
        value.ifPresent(v -> n.put(field, v.toString()));
    }
}
