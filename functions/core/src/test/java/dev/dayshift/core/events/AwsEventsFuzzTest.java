package dev.dayshift.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.testutils.EventSamples;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any file content becomes events or rejections with reasons; nothing throws. */
class AwsEventsFuzzTest {

    static final String SNS_EVENT = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Type\":\"Notification\","
            + "\"MessageId\":\"m\",\"TopicArn\":\"t\",\"Subject\":\"s\",\"Timestamp\":\"2026-03-09T14:05:00.187Z\",\"Message\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(EventSamples.metricAlarm("dev-api-5xx", "ALARM", "OK",
                    "2026-03-09T14:05:00.123+0000")) + "}}]}";

    @Property(tries = 500)
    void everyFileGivesAtLeastOneEventOrRejectionAndNoneThrows(@ForAll("files") String text) {
        List<Parsed<AwsEvents.Event>> events = AwsEvents.read(text);
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            if (e instanceof Parsed.Rejected<AwsEvents.Event> r) {
                assertThat(r.reason()).isNotBlank();
            } else {
                AwsEvents.Event ev = ((Parsed.Ok<AwsEvents.Event>) e).value();
                assertThat(ev.time()).isNotNull();
                if (ev instanceof AwsEvents.Sns sns) {
                    assertThat(sns.source()).isNotBlank();
                }
            }
        });
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> truncated = Arbitraries.integers().between(0, SNS_EVENT.length()).map(i -> SNS_EVENT.substring(0, i));
        Arbitrary<String> mutated = Arbitraries.integers().between(0, SNS_EVENT.length() - 1)
                .flatMap(i -> Arbitraries.chars().map(c -> SNS_EVENT.substring(0, i) + c + SNS_EVENT.substring(i + 1)));
        Arbitrary<String> lines = Arbitraries.of(SNS_EVENT, "{\"environment\":\"dev\",\"desired\":\"up\"}", "{", "[]", "null",
                "{\"Records\":[]}", "{\"Records\":[{\"eventSource\":\"aws:s3\"}]}", "{\"detail-type\":\"Scheduled Event\"}",
                "{\"Type\":\"Notification\",\"Message\":7}", "\"x\"").list().ofMinSize(1).ofMaxSize(6)
                .map(l -> String.join("\n", l));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), truncated, mutated, lines,
                Arbitraries.of("", "\uFEFF", "\n\n", "AWS Budget Notification"));
    }
}
