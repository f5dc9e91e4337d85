package dev.dayshift.aws;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.AlarmStates;
import dev.dayshift.core.rollback.AlarmState;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;

/** {@link AlarmStates} on CloudWatch DescribeAlarms, for metric and composite alarms alike. */
public final class CloudWatchAlarmStates implements AlarmStates {

    private final CloudWatchClient cloudWatch;

    public CloudWatchAlarmStates(CloudWatchClient cloudWatch) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    @Override
    public Optional<AlarmState> current(String alarmName) {
        DescribeAlarmsResponse r;
        try {
            r = cloudWatch.describeAlarms(b -> b.alarmNames(alarmName).alarmTypes(AlarmType.METRIC_ALARM,
                    AlarmType.COMPOSITE_ALARM));
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot read alarm " + alarmName + " from CloudWatch: "
                    + e.getMessage(), e);
        }
        return Stream.concat(r.metricAlarms().stream().map(a -> a.stateValueAsString()),
                        r.compositeAlarms().stream().map(a -> a.stateValueAsString()))
                .map(AlarmState::of)
                .flatMap(Optional::stream)
                .findFirst();
    }
}
