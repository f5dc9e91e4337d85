package dev.dayshift.core.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.dayshift.core.budget.BudgetNotifications;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.rollback.AlarmNotifications;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads recorded AWS events as files hold them, and tells their kinds apart, for
 * {@code dayshift events replay}. A file may hold one JSON event, several JSON documents one after the
 * other (JSON lines), or the plain text of an AWS Budgets notification. Recognised:
 * <ul>
 *   <li>SNS as Lambda receives it ({@code {"Records":[{"EventSource":"aws:sns","Sns":{...}}]}}, one event
 *       per record) and as SNS posts it to HTTP or SQS subscribers ({@code {"Type":"Notification",...}});</li>
 *   <li>CloudWatch alarm state changes from EventBridge and Lambda alarm actions, and a bare alarm
 *       notification body ({@code {"AlarmName":...}});</li>
 *   <li>EventBridge Scheduler's input to the schedule gate ({@code {"environment","desired","scheduledAt"}});</li>
 *   <li>S3 event notifications and SQS events as Lambda receives them.</li>
 * </ul>
 * Never throws for bad input: each unreadable event becomes a {@link Parsed.Rejected} with the reason.
 */
public final class AwsEvents {

    private AwsEvents() {
    }

    /** A recognised event. */
    public sealed interface Event {
        /** When it happened, as the event says (SNS timestamp, alarm change, fire time, ...). */
        Optional<Instant> time();
    }

    /** An SNS notification; its message decides whether it is an alarm or a budget notification. */
    public record Sns(SnsMessage message) implements Event {
        public Sns {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Optional<Instant> time() {
            return message.timestamp();
        }

        /** {@link EventOutcome#CLOUDWATCH}, {@link EventOutcome#BUDGETS}, or {@code aws.sns} when neither. */
        public String source() {
            if (AlarmNotifications.looksLikeSnsAlarm(message.message())) {
                return EventOutcome.CLOUDWATCH;
            }
            if (BudgetNotifications.looksLikeBudget(message.subject(), message.message())) {
                return EventOutcome.BUDGETS;
            }
            return "aws.sns";
        }
    }

    /** A CloudWatch alarm state change from EventBridge or a Lambda alarm action. */
    public record AlarmChange(JsonNode event) implements Event {
        @Override
        public Optional<Instant> time() {
            return Json.text(event, "time").flatMap(Json::instant)
                    .or(() -> Json.text(event.path("detail").path("state"), "timestamp").flatMap(Json::instant));
        }
    }

    /** EventBridge Scheduler's input to the schedule gate. */
    public record Schedule(JsonNode event) implements Event {
        @Override
        public Optional<Instant> time() {
            return Json.text(event, "scheduledAt").flatMap(Json::instant);
        }
    }

    /** An S3 event notification (object created, ...). */
    public record S3(JsonNode event) implements Event {
        @Override
        public Optional<Instant> time() {
            return Json.text(event.path("Records").path(0), "eventTime").flatMap(Json::instant);
        }
    }

    /** An SQS event as Lambda receives it (for Dayshift: S3 notifications in the bodies). */
    public record Sqs(JsonNode event) implements Event {
        @Override
        public Optional<Instant> time() {
            JsonNode sent = event.path("Records").path(0).path("attributes").path("SentTimestamp");
            try {
                return sent.isMissingNode() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(sent.asText())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * The events in a file's text, in order.
     *
     * @return never empty: an empty or unreadable file gives one rejection
     */
    public static List<Parsed<Event>> read(String text) {
        String t = text == null ? "" : text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (t.isBlank()) {
            return List.of(Parsed.rejected("the file is empty"));
        }
        List<JsonNode> docs = new ArrayList<>();
        Optional<String> error = sequence(t, docs);
        if (error.isEmpty() && !docs.isEmpty()) {
            List<Parsed<Event>> out = new ArrayList<>();
            docs.forEach(d -> out.addAll(classify(d)));
            return out;
        }
        List<String> all = t.lines().toList();
        List<Integer> nonBlank = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).isBlank()) {
                nonBlank.add(i);
            }
        }
        String firstLine = nonBlank.isEmpty() ? "" : all.get(nonBlank.get(0)).strip();
        boolean jsonLines = nonBlank.size() > 1 && (Json.tryParse(firstLine).map(JsonNode::isObject).orElse(false)
                || firstLine.startsWith("{") && firstLine.endsWith("}"));
        if (jsonLines) {
            List<Parsed<Event>> out = new ArrayList<>();
            for (int i : nonBlank) {
                Optional<JsonNode> n = Json.tryParse(all.get(i));
                if (n.isPresent()) {
                    out.addAll(classify(n.get()));
                } else {
                    out.add(Parsed.rejected("line " + (i + 1) + " is not JSON"));
                }
            }
            return out;
        }
        if (BudgetNotifications.looksLikeBudget(Optional.empty(), t)) {
            return List.of(Parsed.ok(new Sns(new SnsMessage("", "", Optional.empty(), t, Optional.empty(), Map.of()))));
        }
        return List.of(Parsed.rejected("not JSON (" + error.orElse("no JSON value") + ") and not an AWS Budgets notification"));
    }

    /** The events one JSON document holds (an SNS Lambda event holds one per record). */
    public static List<Parsed<Event>> classify(JsonNode n) {
        if (n == null || !n.isObject()) {
            return List.of(Parsed.rejected("an event is a JSON object, this is " + kind(n)));
        }
        if (n.has("Records")) {
            return records(n);
        }
        if ("Notification".equals(Json.text(n, "Type").orElse("")) && n.has("Message")) {
            return List.of(sns(n, "Message", "MessageId", "TopicArn", "Subject", "Timestamp", "MessageAttributes"));
        }
        if (AlarmNotifications.isEventBridgeAlarm(n) || AlarmNotifications.isLambdaAlarmAction(n)) {
            return List.of(Parsed.ok(new AlarmChange(n)));
        }
        if (n.has("detail-type")) {
            String dt = Json.text(n, "detail-type").orElse("?");
            return List.of(Parsed.rejected("EventBridge event '" + Json.clip(dt, 80) + "' is not one Dayshift handles"
                    + ("Scheduled Event".equals(dt) ? " (an EventBridge rule's schedule names no environment; Dayshift's"
                    + " EventBridge Scheduler schedules send {environment, desired, scheduledAt})" : "")));
        }
        if (n.has("desired") || (n.has("environment") && n.size() <= 4 && !n.has("AlarmName"))) {
            return List.of(Parsed.ok(new Schedule(n)));
        }
        if (n.has("AlarmName")) {
            String body = Json.write(n);
            Optional<Instant> at = Json.text(n, "StateChangeTime").flatMap(Json::instant);
            return List.of(Parsed.ok(new Sns(new SnsMessage("", "", Optional.empty(), body, at, Map.of()))));
        }
        return List.of(Parsed.rejected("not an event Dayshift knows: expected an SNS notification (Lambda event or"
                + " HTTP envelope), a CloudWatch alarm state change, an EventBridge Scheduler event {environment, desired},"
                + " or an S3 or SQS event; found fields " + fields(n)));
    }

    private static List<Parsed<Event>> records(JsonNode n) {
        JsonNode records = n.get("Records");
        if (!records.isArray() || records.isEmpty()) {
            return List.of(Parsed.rejected("'Records' is " + (records.isArray() ? "an empty list" : kind(records))
                    + ", so there is no event in it"));
        }
        String first = source(records.get(0));
        for (JsonNode r : records) {
            if (!source(r).equals(first)) {
                return List.of(Parsed.rejected("'Records' mixes event sources (" + first + ", " + source(r) + ")"));
            }
        }
        return switch (first) {
            case "aws:sns" -> {
                List<Parsed<Event>> out = new ArrayList<>();
                for (JsonNode r : records) {
                    JsonNode s = r.get("Sns");
                    out.add(s == null || !s.isObject() ? Parsed.rejected("SNS record without an 'Sns' object")
                            : sns(s, "Message", "MessageId", "TopicArn", "Subject", "Timestamp", "MessageAttributes"));
                }
                yield out;
            }
            case "aws:s3" -> List.of(Parsed.ok(new S3(n)));
            case "aws:sqs" -> List.of(Parsed.ok(new Sqs(n)));
            default -> List.of(Parsed.rejected("'Records' of event source '" + Json.clip(first, 60)
                    + "' are not events Dayshift handles (aws:sns, aws:s3, aws:sqs)"));
        };
    }

    private static String source(JsonNode record) {
        return Json.text(record, "EventSource").or(() -> Json.text(record, "eventSource")).orElse("(none)");
    }

    private static Parsed<Event> sns(JsonNode s, String message, String id, String topic, String subject, String ts,
            String attributes) {
        JsonNode m = s.get(message);
        if (m == null || !m.isTextual()) {
            return Parsed.rejected("SNS notification whose 'Message' is " + kind(m) + ", not text");
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        JsonNode a = s.get(attributes);
        if (a != null && a.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue().get("Value");
                if (v != null && v.isTextual()) {
                    attrs.put(e.getKey(), v.asText());
                }
            }
        }
        return Parsed.ok(new Sns(new SnsMessage(Json.text(s, id).orElse(""), Json.text(s, topic).orElse(""),
                Json.text(s, subject), m.asText(), Json.text(s, ts).flatMap(Json::instant), attrs)));
    }

    private static Optional<String> sequence(String text, List<JsonNode> out) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text);
             MappingIterator<JsonNode> it = Json.MAPPER.readValues(p, JsonNode.class)) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException | RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static String kind(JsonNode n) {
        return n == null || n.isNull() ? "missing" : n.isArray() ? "a list" : n.isTextual() ? "a string"
                : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean" : "an object";
    }

    private static String fields(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(f -> names.add(Json.clip(f, 40)));
        return names.isEmpty() ? "(none)" : String.join(", ", names.subList(0, Math.min(8, names.size())))
                + (names.size() > 8 ? ", ..." : "");
    }
}
