package dev.dayshift.core.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.testutils.EventSamples;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmNotificationsTest {

    static AlarmNotification ok(Parsed<AlarmNotification> p) {
        assertThat(p).isInstanceOf(Parsed.Ok.class);
        return ((Parsed.Ok<AlarmNotification>) p).value();
    }

    static String rejected(Parsed<AlarmNotification> p) {
        assertThat(p).isInstanceOf(Parsed.Rejected.class);
        return ((Parsed.Rejected<AlarmNotification>) p).reason();
    }

    @Nested
    class SnsMessagesAsCloudWatchSendsThem {

        @Test
        void aMetricAlarmGoingToAlarmIsReadWithItsEpisodeTime() {
            AlarmNotification n = ok(AlarmNotifications.fromSnsMessage(
                    EventSamples.metricAlarm("dev-api-5xx", "ALARM", "OK", "2026-03-09T14:05:00.123+0000")));
            assertThat(n.alarmName()).isEqualTo("dev-api-5xx");
            assertThat(n.newState()).isEqualTo(AlarmState.ALARM);
            assertThat(n.oldState()).contains(AlarmState.OK);
            assertThat(n.stateChangeTime()).isEqualTo(Instant.parse("2026-03-09T14:05:00.123Z"));
            assertThat(n.kind()).isEqualTo(AlarmNotification.Kind.METRIC);
            assertThat(n.region()).contains("us-east-1");
            assertThat(n.accountId()).contains("111111111111");
            assertThat(n.entersAlarm()).isTrue();
            assertThat(n.reason()).startsWith("Threshold Crossed");
        }

        @Test
        void aCompositeAlarmIsReadWithItsTriggeringChildren() {
            AlarmNotification n = ok(AlarmNotifications.fromSnsMessage(
                    EventSamples.compositeAlarm("prod-composite-health", "ALARM", "OK", "2026-03-09T14:05:00.000+0000")));
            assertThat(n.kind()).isEqualTo(AlarmNotification.Kind.COMPOSITE);
            assertThat(n.triggeringChildren())
                    .containsExactly("arn:aws:cloudwatch:us-east-1:333333333333:alarm:prod-api-5xx");
        }

        @Test
        void theAwsLambdaGoSampleWithPlaceholderRegionAndArnParses() {
            // The shape of aws-lambda-go's events/testdata/cloudwatch-alarm-sns-payload-single-metric.json.
            String body = """
                    {"AlarmName": "EXAMPLE","AlarmDescription": "EXAMPLE","AWSAccountId": "123456789012",
                     "NewStateValue": "ALARM","NewStateReason": "Threshold Crossed: 1 out of the last 1 datapoints",
                     "StateChangeTime": "2015-06-03T17:43:27.123+0000","Region": "EXAMPLE",
                     "AlarmArn": "arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE","OldStateValue": "INSUFFICIENT_DATA",
                     "Trigger": {"MetricName": "NetworkOut","Namespace": "AWS/EC2","Statistic": "AVERAGE","Unit": "Bytes",
                     "Dimensions": [{"value": "TestInstance","name": "InstanceId"}],"Period": 60,"EvaluationPeriods": 1,
                     "ComparisonOperator": "GreaterThanThreshold","Threshold": 0.0}}""";
            AlarmNotification n = ok(AlarmNotifications.fromSnsMessage(body));
            assertThat(n.oldState()).contains(AlarmState.INSUFFICIENT_DATA);
            assertThat(n.accountId()).contains("123456789012");
            assertThat(n.stateChangeTime()).isEqualTo(Instant.parse("2015-06-03T17:43:27.123Z"));
        }

        @Test
        void anOldNotificationWithANullDescriptionAndNoArnParses() {
            String body = """
                    {"AlarmName":"alarm-test","AlarmDescription":null,"AWSAccountId":"663000815183","NewStateValue":"OK",
                     "OldStateValue":"INSUFFICIENT_DATA","NewStateReason":"Threshold Crossed","StateChangeTime":"2012-03-23T00:01:43.726+0000",
                     "Region":"US - N. Virginia","Trigger":{"MetricName":"ApproximateNumberOfMessagesVisible","Namespace":"AWS/SQS",
                     "Statistic":"AVERAGE","Unit":null,"Dimensions":[{"name":"QueueName","value":"fault-handling-test"}],"Period":60,
                     "EvaluationPeriods":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":2.0}}""";
            AlarmNotification n = ok(AlarmNotifications.fromSnsMessage(body));
            assertThat(n.newState()).isEqualTo(AlarmState.OK);
            assertThat(n.alarmArn()).isEmpty();
            assertThat(n.region()).isEmpty();
        }

        @Test
        void anAlarmToAlarmChangeIsNotATransitionIntoAlarm() {
            AlarmNotification n = ok(AlarmNotifications.fromSnsMessage(
                    EventSamples.metricAlarm("a", "ALARM", "ALARM", "2026-03-09T14:05:00.000+0000")));
            assertThat(n.entersAlarm()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "2026-03-09T14:05:00.123+0000 | 2026-03-09T14:05:00.123Z",
            "2026-03-09T14:05:00Z         | 2026-03-09T14:05:00Z",
            "2026-03-09T15:05:00.5+01:00  | 2026-03-09T14:05:00.500Z",
            "2026-03-09T14:05:00.123+00   | 2026-03-09T14:05:00.123Z",
        })
        void everyTimestampFormAwsWritesIsRead(String written, String instant) {
            AlarmNotification n = ok(AlarmNotifications.fromSnsMessage(EventSamples.metricAlarm("a", "OK", "ALARM", written)));
            assertThat(n.stateChangeTime()).isEqualTo(Instant.parse(instant));
        }
    }

    @Nested
    class OtherShapesOfTheSameChange {

        @Test
        void anEventBridgeAlarmStateChangeIsRead() {
            JsonNode e = Json.tryParse("""
                    {"version":"0","id":"c4c1c1c9-6542-e61b-6ef0-8c4d36933a92","detail-type":"CloudWatch Alarm State Change",
                     "source":"aws.cloudwatch","account":"123456789012","time":"2019-10-02T17:04:40Z","region":"us-east-1",
                     "resources":["arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh"],
                     "detail":{"alarmName":"ServerCpuTooHigh","configuration":{"description":"Goes into alarm when server CPU utilization is too high!",
                     "metrics":[]},"previousState":{"reason":"Threshold Crossed","timestamp":"2019-10-02T17:04:40.985+0000","value":"OK"},
                     "state":{"reason":"Threshold Crossed: 1 out of the last 1 datapoints [0.0666851903306472 (01/10/19 13:46:00)] was greater than the threshold (0.0)",
                     "timestamp":"2019-10-02T17:04:40.989+0000","value":"ALARM"}}}""").orElseThrow();
            assertThat(AlarmNotifications.isEventBridgeAlarm(e)).isTrue();
            AlarmNotification n = ok(AlarmNotifications.fromEventBridge(e));
            assertThat(n.alarmName()).isEqualTo("ServerCpuTooHigh");
            assertThat(n.oldState()).contains(AlarmState.OK);
            assertThat(n.stateChangeTime()).isEqualTo(Instant.parse("2019-10-02T17:04:40.989Z"));
            assertThat(n.kind()).isEqualTo(AlarmNotification.Kind.METRIC);
        }

        @Test
        void aCompositeAlarmsLambdaActionEventIsRead() {
            JsonNode e = Json.tryParse("""
                    {"source":"aws.cloudwatch","alarmArn":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:SuppressionDemo.Main",
                     "accountId":"111122223333","time":"2023-08-04T12:56:46.138+0000","region":"us-east-1",
                     "alarmData":{"alarmName":"CompositeDemo.Main","state":{"value":"ALARM",
                     "reason":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild transitioned to ALARM",
                     "reasonData":"{\\"triggeringAlarms\\":[{\\"arn\\":\\"arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild\\",\\"state\\":{\\"value\\":\\"ALARM\\",\\"timestamp\\":\\"2023-08-04T12:54:46.138+0000\\"}}]}",
                     "timestamp":"2023-08-04T12:56:46.138+0000"},
                     "previousState":{"value":"ALARM","timestamp":"2023-08-04T12:54:46.138+0000","actionsSuppressedBy":"WaitPeriod"},
                     "configuration":{"alarmRule":"ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild)",
                     "actionsSuppressor":"CompositeDemo.ActionsSuppressor"}}}""").orElseThrow();
            assertThat(AlarmNotifications.isLambdaAlarmAction(e)).isTrue();
            AlarmNotification n = ok(AlarmNotifications.fromLambdaAction(e));
            assertThat(n.kind()).isEqualTo(AlarmNotification.Kind.COMPOSITE);
            assertThat(n.entersAlarm()).isFalse();
            assertThat(n.triggeringChildren()).hasSize(1);
            assertThat(n.accountId()).contains("111122223333");
        }
    }

    @Nested
    class BadNotificationsAreRejectedWithAReason {

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', value = {
            "not json at all | not a JSON object",
            "[1,2,3] | not a JSON object",
            "{} | without an AlarmName",
            "{\"AlarmName\":\"\"} | without an AlarmName",
            "{\"AlarmName\":42} | without an AlarmName",
            "{\"AlarmName\":\"a\",\"StateChangeTime\":\"2026-03-09T14:05:00Z\"} | NewStateValue is missing",
            "{\"AlarmName\":\"a\",\"NewStateValue\":\"alarm\",\"StateChangeTime\":\"2026-03-09T14:05:00Z\"} | NewStateValue 'alarm' is not one of",
            "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\",\"OldStateValue\":\"BROKEN\",\"StateChangeTime\":\"2026-03-09T14:05:00Z\"} | OldStateValue 'BROKEN'",
            "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\"} | StateChangeTime is missing",
            "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\",\"StateChangeTime\":\"yesterday\"} | StateChangeTime 'yesterday' is not a timestamp",
            "{\"AlarmName\":\"a\",\"NewStateValue\":\"ALARM\",\"StateChangeTime\":12345} | StateChangeTime (number) is not a timestamp",
        })
        void eachProblemIsNamed(String body, String expected) {
            assertThat(rejected(AlarmNotifications.fromSnsMessage(body))).contains(expected);
        }

        @Test
        void anEventBridgeEventWithoutDetailIsRejected() {
            JsonNode e = Json.tryParse("{\"detail-type\":\"CloudWatch Alarm State Change\"}").orElseThrow();
            assertThat(rejected(AlarmNotifications.fromEventBridge(e))).contains("'detail'");
        }
    }

    @Test
    void arnPartsAreReadEvenWhenTheNameHoldsColons() {
        assertThat(AlarmNotifications.arnPart("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a:b:c", 6)).contains("a:b:c");
        assertThat(AlarmNotifications.arnPart("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x", 3)).contains("eu-west-1");
        assertThat(AlarmNotifications.arnPart("not-an-arn", 3)).isEmpty();
    }
}
