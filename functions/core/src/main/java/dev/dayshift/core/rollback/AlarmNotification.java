package dev.dayshift.core.rollback;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CloudWatch alarm's state change, from a metric or a composite alarm, as read from an SNS
 * notification (or the EventBridge / Lambda-action forms of the same change).
 *
 * @param alarmName the alarm's name; never blank
 * @param alarmArn the alarm's ARN, when the notification carries it
 * @param accountId the AWS account, when known
 * @param region the region code ({@code us-east-1}), from the ARN or the event, when known
 * @param newState the state the alarm went to
 * @param oldState the state it left, when known
 * @param stateChangeTime when CloudWatch changed the state; identical in every redelivery of one change
 * @param reason CloudWatch's reason text (may be empty)
 * @param kind metric or composite
 * @param triggeringChildren for composite alarms, the ARNs of the children that caused the change
 */
public record AlarmNotification(
        String alarmName,
        Optional<String> alarmArn,
        Optional<String> accountId,
        Optional<String> region,
        AlarmState newState,
        Optional<AlarmState> oldState,
        Instant stateChangeTime,
        String reason,
        Kind kind,
        List<String> triggeringChildren) {

    /** Which kind of alarm sent it. */
    public enum Kind { METRIC, COMPOSITE }

    public AlarmNotification {
        if (alarmName == null || alarmName.isBlank()) {
            throw new IllegalArgumentException("alarmName must not be blank");
        }
        Objects.requireNonNull(alarmArn, "alarmArn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(newState, "newState");
        Objects.requireNonNull(oldState, "oldState");
        Objects.requireNonNull(stateChangeTime, "stateChangeTime");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
        triggeringChildren = List.copyOf(triggeringChildren);
    }

    /** Whether this is a transition into ALARM from another state (or from an unknown one). */
    public boolean entersAlarm() {
        return newState == AlarmState.ALARM && oldState.map(s -> s != AlarmState.ALARM).orElse(true);
    }
}
