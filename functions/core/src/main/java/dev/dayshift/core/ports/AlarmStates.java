package dev.dayshift.core.ports;

import dev.dayshift.core.rollback.AlarmState;
import java.util.Optional;

/** Reads an alarm's current state (on AWS, CloudWatch DescribeAlarms for metric and composite alarms). */
public interface AlarmStates {

    /**
     * The alarm's state now.
     *
     * @return empty if no alarm has that name; throws a DayshiftException when CloudWatch cannot be read
     */
    Optional<AlarmState> current(String alarmName);
}
