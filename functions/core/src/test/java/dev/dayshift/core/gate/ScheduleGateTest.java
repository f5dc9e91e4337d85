package dev.dayshift.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.lifecycle.LifecycleAction;
import dev.dayshift.core.lifecycle.Trigger;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.records.BudgetBlock;
import dev.dayshift.core.records.BudgetBlockRepository;
import dev.dayshift.core.records.GateDecision;
import dev.dayshift.core.records.OverrideRepository;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.core.records.RuntimeOverride;
import dev.dayshift.core.state.InMemoryStateStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScheduleGateTest {

    static final DayshiftConfig CONFIG = ConfigLoader.parse("""
            version: 1
            defaults: {timezone: America/New_York}
            environments:
              dev:
                schedule: {up: "cron(0 8 ? * MON-FRI *)", down: "cron(0 19 ? * MON-FRI *)"}
                holidays: [{date: 2026-11-26, name: Thanksgiving}]
                phases:
                  runtime: {tool: terraform, directory: runtime}
              prod:
                protected: true
                schedule: {up: "cron(0 8 ? * MON-FRI *)"}
                phases:
                  runtime: {tool: terraform, directory: runtime}
            """, "dayshift.yaml", Path.of("dayshift.yaml"), Path.of("/tmp"));

    /** Monday 23 November 2026, 08:00 in New York. */
    static final Instant MONDAY_UP = Instant.parse("2026-11-23T13:00:00Z");
    static final Instant MONDAY_DOWN = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant THANKSGIVING_UP = Instant.parse("2026-11-26T13:00:00Z");

    final InMemoryStateStore store = new InMemoryStateStore(() -> MONDAY_UP);
    final RecordingStarter starter = new RecordingStarter();
    final ScheduleGate gate = new ScheduleGate(CONFIG, store, starter, () -> MONDAY_UP.plusSeconds(2));

    static final class RecordingStarter implements ExecutionStarter {
        final Set<String> executions = new LinkedHashSet<>();
        final List<String> inputs = new ArrayList<>();

        @Override
        public StartResult start(Machine machine, String name, String input) {
            inputs.add(input);
            return new StartResult(name, !executions.add(name));
        }
    }

    static ScheduleEvent event(String env, String desired, Instant at) {
        return new ScheduleEvent(env, GateDecision.Desired.valueOf(desired.toUpperCase()), Optional.of(at));
    }

    void recordRuntime(PhaseState.Status status) {
        new PhaseStateRepository(store).record(new PhaseState("dev", PhaseName.RUNTIME, status, LifecycleAction.UP,
                PhaseState.Outcome.SUCCEEDED, Trigger.SCHEDULE, MONDAY_UP.minusSeconds(3600), "e0", "schedule", "",
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Nested
    class Starting {
        @Test
        void aScheduledUpOnAWorkdayStartsTheLifecycleWithADeterministicName() throws Exception {
            GateDecision d = gate.handle(event("dev", "up", MONDAY_UP));
            assertThat(d.verdict()).isEqualTo(GateDecision.Verdict.STARTED);
            assertThat(d.executionName()).contains("sched-dev-up-20261123T1300Z");
            assertThat(starter.executions).containsExactly("sched-dev-up-20261123T1300Z");
            assertThat(new ObjectMapper().readTree(starter.inputs.get(0)).path("trigger").asText()).isEqualTo("schedule");
        }

        @Test
        void aRedeliveredEventNeverStartsASecondExecution() {
            gate.handle(event("dev", "up", MONDAY_UP));
            recordRuntime(PhaseState.Status.UP);
            GateDecision again = gate.handle(event("dev", "up", MONDAY_UP));
            assertThat(again.verdict()).as("the first decision stands").isEqualTo(GateDecision.Verdict.STARTED);
            assertThat(starter.executions).hasSize(1);
        }

        @Test
        void aScheduledDownStopsAnUpRuntime() {
            recordRuntime(PhaseState.Status.UP);
            assertThat(gate.handle(event("dev", "down", MONDAY_DOWN)).verdict()).isEqualTo(GateDecision.Verdict.STARTED);
            assertThat(starter.executions).containsExactly("sched-dev-down-20261124T0000Z");
        }

        @Test
        void aFailedRuntimeIsStartedAgain() {
            recordRuntime(PhaseState.Status.FAILED);
            assertThat(gate.handle(event("dev", "up", MONDAY_UP)).verdict()).isEqualTo(GateDecision.Verdict.STARTED);
        }
    }

    @Nested
    class Skipping {
        GateDecision skipped(ScheduleEvent e) {
            GateDecision d = gate.handle(e);
            assertThat(d.verdict()).isEqualTo(GateDecision.Verdict.SKIPPED);
            assertThat(starter.executions).isEmpty();
            return d;
        }

        @Test
        void onAHoliday() {
            assertThat(skipped(event("dev", "up", THANKSGIVING_UP)).reason()).contains("Thanksgiving");
        }

        @Test
        void whileAKeepDownOverrideSetAtRunTimeIsActive() {
            new OverrideRepository(store).set(new RuntimeOverride("dev", new ScheduleOverride(ScheduleOverride.Mode.KEEP_DOWN,
                    Optional.of(MONDAY_UP.minusSeconds(60)), MONDAY_UP.plusSeconds(86_400), "migration", "alice"),
                    MONDAY_UP.minusSeconds(60)));
            assertThat(skipped(event("dev", "up", MONDAY_UP)).reason()).contains("keep-down", "alice", "migration");
        }

        @Test
        void whileAKeepUpOverrideIsActiveAtTheDownTime() {
            recordRuntime(PhaseState.Status.UP);
            new OverrideRepository(store).set(new RuntimeOverride("dev", new ScheduleOverride(ScheduleOverride.Mode.KEEP_UP,
                    Optional.of(MONDAY_UP), MONDAY_DOWN.plusSeconds(7200), "demo for the customer", "bob"), MONDAY_UP));
            assertThat(skipped(event("dev", "down", MONDAY_DOWN)).reason()).contains("keep-up", "bob");
        }

        @Test
        void whileABudgetBlockIsInForce() {
            new BudgetBlockRepository(store).block(new BudgetBlock("dev", MONDAY_UP.minusSeconds(3600),
                    Instant.parse("2026-12-01T00:00:00Z"), "actual spend passed 100% of dayshift-dev",
                    new BudgetBlock.Figures("dayshift-dev", new BigDecimal("400"), Optional.of(new BigDecimal("401.20")), Optional.empty(), "USD")));
            assertThat(skipped(event("dev", "up", MONDAY_UP)).reason()).contains("budget block", "401.20 of 400 USD");
        }

        @Test
        void whenAlreadyInTheDesiredState() {
            recordRuntime(PhaseState.Status.UP);
            assertThat(skipped(event("dev", "up", MONDAY_UP)).reason()).startsWith("already up");
        }

        @Test
        void aProtectedEnvironmentIsNeverStoppedBySchedule() {
            assertThat(skipped(event("prod", "down", MONDAY_DOWN)).reason()).contains("protected");
        }
    }

    @Test
    void unknownEnvironmentsAndMalformedEventsAreBadInput() throws Exception {
        assertThatThrownBy(() -> gate.handle(event("qa", "up", MONDAY_UP))).hasMessageContaining("unknown environment 'qa'");
        assertThatThrownBy(() -> ScheduleEvent.parse(new ObjectMapper().readTree("{\"environment\":\"dev\",\"desired\":\"sideways\",\"scheduledAt\":\"monday\"}")))
                .hasMessageContaining("/desired: 'sideways' is not up or down").hasMessageContaining("/scheduledAt");
    }
}
