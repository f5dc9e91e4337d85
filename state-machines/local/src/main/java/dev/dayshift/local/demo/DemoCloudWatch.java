package dev.dayshift.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.ports.AlarmStates;
import dev.dayshift.core.rollback.AlarmState;
import dev.dayshift.functions.lifecycle.HealthProbe;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * CloudWatch's part in the demo: metric alarms on the demo runtime's 5xx answers, evaluated from its
 * real HTTP responses, and the notifications CloudWatch publishes to the alarms topic, as SNS delivers
 * them to the rollback trigger (the documented alarm notification body inside an SNS Lambda event).
 *
 * <p>An evaluation GETs the watched URL {@value #DATAPOINTS} times (one "datapoint" each): every answer
 * a 5xx is ALARM, any other answer OK, no answer at all INSUFFICIENT_DATA (the runtime is down). The
 * rollback machine reads alarms through {@link #current}, as it calls DescribeAlarms on AWS; every
 * change of state is handed to the transition listener with its notification, as CloudWatch would send it.
 */
public final class DemoCloudWatch implements AlarmStates {

    /** GETs per evaluation. */
    public static final int DATAPOINTS = 3;
    /** The demo's account and region, as the notifications carry them. */
    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CHANGE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'+0000'").withZone(ZoneOffset.UTC);

    /**
     * A change of an alarm's state.
     *
     * @param notification the SNS Lambda event CloudWatch's notification arrives in (JSON text)
     */
    public record Transition(String alarm, AlarmState from, AlarmState to, Instant at, String reason, String notification) {
    }

    private final InstantSource clock;
    private final AlarmStates others;
    private final HealthProbe probe;
    private final Map<String, URI> watched = new ConcurrentHashMap<>();
    private final Map<String, AlarmState> states = new ConcurrentHashMap<>();
    private volatile Consumer<Transition> listener = t -> { };

    /**
     * @param others answers for alarms this one does not watch
     */
    public DemoCloudWatch(InstantSource clock, AlarmStates others, HealthProbe probe) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.others = Objects.requireNonNull(others, "others");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    /** Watches {@code url}'s 5xx answers with the alarm {@code alarm}, which starts in OK. */
    public void watch(String alarm, URI url) {
        watched.put(alarm, url);
        states.putIfAbsent(alarm, AlarmState.OK);
    }

    /** Who hears of each change of state (the demo delivers its notification to the rollback trigger). */
    public void onTransition(Consumer<Transition> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Optional<AlarmState> current(String alarm) {
        if (!watched.containsKey(alarm)) {
            return others.current(alarm);
        }
        evaluate(alarm);
        return Optional.of(states.get(alarm));
    }

    /** Evaluates the alarm now; a change of state goes to the listener and is returned. */
    public synchronized Optional<Transition> evaluate(String alarm) {
        URI url = Objects.requireNonNull(watched.get(alarm), () -> "alarm " + alarm + " is not watched");
        int errors = 0;
        int answered = 0;
        int lastStatus = 0;
        for (int i = 0; i < DATAPOINTS; i++) {
            HealthProbe.Answer a = probe.get(url, Duration.ofSeconds(2));
            if (a.error().isEmpty()) {
                answered++;
                lastStatus = a.status();
                if (a.status() >= 500) {
                    errors++;
                }
            }
        }
        AlarmState now = answered == 0 ? AlarmState.INSUFFICIENT_DATA
                : errors == DATAPOINTS ? AlarmState.ALARM : AlarmState.OK;
        AlarmState before = states.put(alarm, now);
        if (before == now) {
            return Optional.empty();
        }
        String reason = switch (now) {
            case ALARM -> "Threshold Crossed: " + errors + " out of the last " + DATAPOINTS + " datapoints [GET " + url.getPath()
                    + " answered " + lastStatus + "] were greater than or equal to the threshold (500)";
            case OK -> "Threshold Crossed: " + (DATAPOINTS - errors) + " out of the last " + DATAPOINTS
                    + " datapoints [GET " + url.getPath() + " answered " + lastStatus + "] were less than the threshold (500)";
            case INSUFFICIENT_DATA -> "Insufficient Data: " + url + " did not answer";
        };
        Transition t = new Transition(alarm, before, now, clock.instant(), reason,
                notification(alarm, before, now, clock.instant(), reason, url));
        listener.accept(t);
        return Optional.of(t);
    }

    /** CloudWatch's alarm notification body in an SNS Lambda event, as AWS documents them. */
    static String notification(String alarm, AlarmState from, AlarmState to, Instant at, String reason, URI url) {
        ObjectNode body = JSON.createObjectNode();
        body.put("AlarmName", alarm);
        body.put("AlarmDescription", "5xx answers of " + url + " (the demo runtime)");
        body.put("AWSAccountId", ACCOUNT);
        body.put("NewStateValue", to.name());
        body.put("NewStateReason", reason);
        body.put("StateChangeTime", CHANGE_TIME.format(at));
        body.put("Region", "US East (N. Virginia)");
        body.put("AlarmArn", "arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:" + alarm);
        body.put("OldStateValue", from.name());
        body.putArray("OKActions");
        body.putArray("AlarmActions").add(topic());
        body.putArray("InsufficientDataActions");
        ObjectNode trigger = body.putObject("Trigger");
        trigger.put("MetricName", "HTTPCode_Target_5XX_Count");
        trigger.put("Namespace", "Dayshift/Demo");
        trigger.put("StatisticType", "Statistic");
        trigger.put("Statistic", "MINIMUM");
        trigger.putNull("Unit");
        trigger.putArray("Dimensions").addObject().put("value", url.toString()).put("name", "Url");
        trigger.put("Period", 60);
        trigger.put("EvaluationPeriods", DATAPOINTS);
        trigger.put("DatapointsToAlarm", DATAPOINTS);
        trigger.put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        trigger.put("Threshold", 500.0);
        trigger.put("TreatMissingData", "missing");
        trigger.put("EvaluateLowSampleCountPercentile", "");
        return snsEvent(topic(), to.name() + ": \"" + alarm + "\" in US East (N. Virginia)", body.toString(), at);
    }

    /** An SNS Lambda event carrying one message, as Lambda receives it from a topic subscription. */
    static String snsEvent(String topicArn, String subject, String message, Instant at) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", topicArn + ":demo");
        ObjectNode sns = record.putObject("Sns");
        sns.put("Type", "Notification");
        sns.put("MessageId", UUID.nameUUIDFromBytes((topicArn + at + message).getBytes(StandardCharsets.UTF_8)).toString());
        sns.put("TopicArn", topicArn);
        sns.put("Subject", subject);
        sns.put("Message", message);
        sns.put("Timestamp", at.toString());
        sns.put("SignatureVersion", "1");
        sns.putObject("MessageAttributes");
        return root.toString();
    }

    private static String topic() {
        return "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":dayshift-alarms";
    }
}
