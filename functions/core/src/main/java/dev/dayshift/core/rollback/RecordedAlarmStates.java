package dev.dayshift.core.rollback;

import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.ports.AlarmStates;
import dev.dayshift.core.rollback.internal.RollbackRecords;
import dev.dayshift.core.state.StateStore;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AlarmStates} without CloudWatch: an alarm's state is the newest one the rollback trigger has
 * recorded from its notifications. The local runtime uses it, so that delivering an alarm's OK
 * notification (a replay, the demo) is what clears it for the rollback machine.
 */
public final class RecordedAlarmStates implements AlarmStates {

    private final DayshiftConfig config;
    private final RollbackRecords records;

    public RecordedAlarmStates(DayshiftConfig config, StateStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.records = new RollbackRecords(Objects.requireNonNull(store, "store"));
    }

    @Override
    public Optional<AlarmState> current(String alarmName) {
        return config.rollbackTargetForAlarm(alarmName)
                .flatMap(b -> records.alarmState(b.environment().name(), alarmName))
                .map(RollbackRecords.AlarmStateRecord::state);
    }
}
