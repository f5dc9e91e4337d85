package dev.dayshift.core.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.testutils.EventSamples;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Fuzzed alarm notifications: no input makes a parser throw, and every rejection says why. */
class AlarmNotificationsFuzzTest {


    @Property(tries = 400)
    void noStringMakesTheParserThrowAndEveryRejectionHasAReason(@ForAll("messages") String message) {
        Parsed<AlarmNotification> p = AlarmNotifications.fromSnsMessage(message);
        if (p instanceof Parsed.Rejected<AlarmNotification> r) {
            assertThat(r.reason()).isNotBlank();
        }
    }

    @Property(tries = 400)
    void aRealNotificationWithOneFieldBrokenParsesOrIsRejectedNeverThrows(
            @ForAll("fieldNames") String field, @ForAll("junkValues") String junkJson) {
        ObjectNode body = (ObjectNode) Json.tryParse(
                EventSamples.compositeAlarm("x", "ALARM", "OK", "2026-03-09T14:05:00.000+0000")).orElseThrow();
        body.set(field, Json.tryParse(junkJson).orElseThrow());
        Parsed<AlarmNotification> p = AlarmNotifications.fromSnsMessage(Json.write(body));
        if (p instanceof Parsed.Rejected<AlarmNotification> r) {
            assertThat(r.reason()).isNotBlank();
        } else {
            AlarmNotification n = ((Parsed.Ok<AlarmNotification>) p).value();
            assertThat(n.alarmName()).isNotBlank();
        }
        JsonNode asEvent = Json.tryParse("{\"source\":\"aws.cloudwatch\",\"alarmData\":" + junkJson + "}").orElseThrow();
        assertThat(AlarmNotifications.fromLambdaAction(asEvent)).isNotNull();
        JsonNode asBridge = Json.tryParse("{\"detail-type\":\"CloudWatch Alarm State Change\",\"detail\":" + junkJson
                + ",\"resources\":" + junkJson + "}").orElseThrow();
        assertThat(AlarmNotifications.fromEventBridge(asBridge)).isNotNull();
    }

    @Provide
    Arbitrary<String> messages() {
        String real = EventSamples.metricAlarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:05:00.123+0000");
        Arbitrary<String> truncated = Arbitraries.integers().between(0, real.length()).map(i -> real.substring(0, i));
        Arbitrary<String> mutated = Arbitraries.integers().between(0, real.length() - 1)
                .flatMap(i -> Arbitraries.chars().map(c -> real.substring(0, i) + c + real.substring(i + 1)));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), truncated, mutated,
                Arbitraries.of("", " ", "null", "{}", "[]", "\"ALARM\"", "{\"AlarmName\":{}}", "1e999999"));
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return Arbitraries.of("AlarmName", "NewStateValue", "OldStateValue", "StateChangeTime", "AlarmArn",
                "AWSAccountId", "AlarmRule", "TriggeringChildren", "NewStateReason", "state", "timestamp");
    }

    @Provide
    Arbitrary<String> junkValues() {
        return Arbitraries.of("null", "0", "-1", "1.5e308", "true", "\"\"", "\" \"", "\"ALARM\"", "\"OK\"",
                "\"arn:aws:cloudwatch\"", "\"arn:aws:cloudwatch:::::\"", "[]", "[null]", "[{\"Arn\":7}]", "{}",
                "{\"value\":\"ALARM\"}", "{\"state\":{\"value\":\"ALARM\",\"timestamp\":\"2026-01-01T00:00:00Z\"}}",
                "\"2026-13-45T99:99:99+0000\"", "\"\\u0000\"", "{\"alarmName\":\"x\",\"state\":[]}");
    }
}
