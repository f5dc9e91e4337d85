package dev.dayshift.core.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads CloudWatch alarm state changes in the three shapes AWS delivers them:
 * <ul>
 *   <li>the JSON body of an SNS notification (metric alarms carry {@code Trigger}, composite alarms
 *       {@code AlarmRule} and {@code TriggeringChildren});</li>
 *   <li>an EventBridge {@code CloudWatch Alarm State Change} event;</li>
 *   <li>the event a Lambda alarm action receives ({@code source: aws.cloudwatch}, {@code alarmData}).</li>
 * </ul>
 * Never throws for bad input: every problem becomes a {@link Parsed.Rejected} naming the field.
 */
public final class AlarmNotifications {

    /** The EventBridge detail-type of alarm state changes. */
    public static final String EVENTBRIDGE_DETAIL_TYPE = "CloudWatch Alarm State Change";

    private AlarmNotifications() {
    }

    /** Whether an SNS message body looks like a CloudWatch alarm notification (JSON with AlarmName). */
    public static boolean looksLikeSnsAlarm(String message) {
        return Json.tryParse(message).map(n -> n.isObject() && n.has("AlarmName")).orElse(false);
    }

    /** Parses the {@code Message} of an SNS notification that CloudWatch published. */
    public static Parsed<AlarmNotification> fromSnsMessage(String message) {
        Optional<JsonNode> parsed = Json.tryParse(message);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            return Parsed.rejected("the SNS Message is not a JSON object, so it is not a CloudWatch alarm notification");
        }
        try {
            return Parsed.ok(snsBody(parsed.get()));
        } catch (Bad e) {
            return Parsed.rejected(e.getMessage());
        }
    }

    private static AlarmNotification snsBody(JsonNode m) {
        String name = Json.text(m, "AlarmName").orElseThrow(() -> new Bad("CloudWatch alarm notification without an AlarmName"));
        String where = "alarm '" + Json.clip(name, 120) + "'";
        AlarmState newState = requiredState(m.get("NewStateValue"), "NewStateValue", where);
        Optional<AlarmState> oldState = optionalState(m.get("OldStateValue"), "OldStateValue", where);
        Instant at = time(m.get("StateChangeTime"), "StateChangeTime", where);
        Optional<String> arn = Json.text(m, "AlarmArn");
        boolean composite = m.has("AlarmRule") && !m.get("AlarmRule").isNull();
        List<String> children = new ArrayList<>();
        JsonNode tc = m.get("TriggeringChildren");
        if (tc != null && tc.isArray()) {
            for (JsonNode c : tc) {
                Json.text(c, "Arn").ifPresent(children::add);
            }
        }
        Optional<String> account = Json.text(m, "AWSAccountId").or(() -> arn.flatMap(a -> arnPart(a, 4)));
        return new AlarmNotification(name, arn, account.map(String::strip), arn.flatMap(a -> arnPart(a, 3)), newState,
                oldState, at, Json.text(m, "NewStateReason").orElse(""),
                composite || !children.isEmpty() ? AlarmNotification.Kind.COMPOSITE : AlarmNotification.Kind.METRIC,
                children);
    }

    /** Whether a JSON event is an EventBridge alarm state change. */
    public static boolean isEventBridgeAlarm(JsonNode event) {
        return event != null && event.isObject()
                && EVENTBRIDGE_DETAIL_TYPE.equals(Json.text(event, "detail-type").orElse(""));
    }

    /** Parses an EventBridge {@code CloudWatch Alarm State Change} event. */
    public static Parsed<AlarmNotification> fromEventBridge(JsonNode event) {
        Optional<JsonNode> detail = Json.object(event, "detail");
        if (detail.isEmpty()) {
            return Parsed.rejected("CloudWatch Alarm State Change event without a 'detail' object");
        }
        try {
            return Parsed.ok(fromAlarmData(detail.get(), firstResource(event), Json.text(event, "account"),
                    Json.text(event, "region"), "EventBridge alarm event"));
        } catch (Bad e) {
            return Parsed.rejected(e.getMessage());
        }
    }

    /** Whether a JSON event is what a Lambda alarm action receives. */
    public static boolean isLambdaAlarmAction(JsonNode event) {
        return event != null && event.isObject() && "aws.cloudwatch".equals(Json.text(event, "source").orElse(""))
                && event.has("alarmData");
    }

    /** Parses the event a CloudWatch alarm's Lambda action sends. */
    public static Parsed<AlarmNotification> fromLambdaAction(JsonNode event) {
        Optional<JsonNode> data = Json.object(event, "alarmData");
        if (data.isEmpty()) {
            return Parsed.rejected("CloudWatch alarm action event without an 'alarmData' object");
        }
        try {
            return Parsed.ok(fromAlarmData(data.get(), Json.text(event, "alarmArn").map(String::strip),
                    Json.text(event, "accountId"), Json.text(event, "region"), "CloudWatch alarm action event"));
        } catch (Bad e) {
            return Parsed.rejected(e.getMessage());
        }
    }

    private static AlarmNotification fromAlarmData(
            JsonNode d, Optional<String> arn, Optional<String> account, Optional<String> region, String what) {
        String name = Json.text(d, "alarmName").or(() -> arn.flatMap(a -> arnPart(a, 6)))
                .orElseThrow(() -> new Bad(what + " without an alarmName"));
        String where = "alarm '" + Json.clip(name, 120) + "'";
        JsonNode state = Json.object(d, "state").orElseThrow(() -> new Bad(where + ": " + what + " without a 'state' object"));
        AlarmState newState = requiredState(state.get("value"), "state.value", where);
        Optional<AlarmState> oldState = optionalState(
                Json.object(d, "previousState").map(p -> p.get("value")).orElse(null), "previousState.value", where);
        Instant at = time(state.get("timestamp"), "state.timestamp", where);
        boolean composite = Json.object(d, "configuration").map(c -> c.has("alarmRule")).orElse(false);
        List<String> children = new ArrayList<>();
        Json.text(state, "reasonData").flatMap(Json::tryParse).ifPresent(rd -> {
            JsonNode ta = rd.get("triggeringAlarms");
            if (ta != null && ta.isArray()) {
                for (JsonNode c : ta) {
                    Json.text(c, "arn").ifPresent(children::add);
                }
            }
        });
        Optional<String> acct = account.or(() -> arn.flatMap(a -> arnPart(a, 4)));
        Optional<String> reg = arn.flatMap(a -> arnPart(a, 3)).or(() -> region);
        return new AlarmNotification(name, arn, acct.map(String::strip), reg.map(String::strip), newState, oldState, at,
                Json.text(state, "reason").orElse(""),
                composite || !children.isEmpty() ? AlarmNotification.Kind.COMPOSITE : AlarmNotification.Kind.METRIC,
                children);
    }

    private static AlarmState requiredState(JsonNode v, String field, String where) {
        return optionalState(v, field, where).orElseThrow(() -> new Bad(
                where + ": " + field + " is missing (expected OK, ALARM or INSUFFICIENT_DATA)"));
    }

    private static Optional<AlarmState> optionalState(JsonNode v, String field, String where) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || AlarmState.of(v.asText()).isEmpty()) {
            throw new Bad(where + ": " + field + " " + describe(v) + " is not one of OK, ALARM, INSUFFICIENT_DATA");
        }
        return AlarmState.of(v.asText());
    }

    private static Instant time(JsonNode v, String field, String where) {
        if (v == null || v.isNull()) {
            throw new Bad(where + ": " + field + " is missing; it is what tells one alarm episode from another");
        }
        if (!v.isTextual()) {
            throw new Bad(where + ": " + field + " " + describe(v) + " is not a timestamp");
        }
        return Json.instant(v.asText()).orElseThrow(() -> new Bad(where + ": " + field + " " + describe(v)
                + " is not a timestamp (expected e.g. 2026-03-09T14:05:00.123+0000)"));
    }

    private static String describe(JsonNode v) {
        return v.isTextual() ? "'" + Json.clip(v.asText(), 60) + "'" : "(" + v.getNodeType().name().toLowerCase() + ")";
    }

    private static Optional<String> firstResource(JsonNode event) {
        JsonNode r = event.get("resources");
        if (r != null && r.isArray() && !r.isEmpty() && r.get(0).isTextual()) {
            return Optional.of(r.get(0).asText());
        }
        return Optional.empty();
    }

    /** Part {@code index} of {@code arn:partition:service:region:account:resource-type:name} (names may hold ':'). */
    static Optional<String> arnPart(String arn, int index) {
        String[] parts = arn.strip().split(":", 7);
        if (parts.length < 7 || !"arn".equals(parts[0]) || parts[index].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parts[index]);
    }

    /** A problem found while reading; caught at the public entry points and turned into a rejection. */
    private static final class Bad extends RuntimeException {
        Bad(String reason) {
            super(reason, null, false, false);
        }
    }
}
