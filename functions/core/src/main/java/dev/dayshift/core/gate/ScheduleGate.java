package dev.dayshift.core.gate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.desired.Cause;
import dev.dayshift.core.desired.DesiredState;
import dev.dayshift.core.desired.RuntimeSchedule;
import dev.dayshift.core.desired.RuntimeState;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.records.BudgetBlock;
import dev.dayshift.core.records.BudgetBlockRepository;
import dev.dayshift.core.records.DecisionRepository;
import dev.dayshift.core.records.GateDecision;
import dev.dayshift.core.records.OverrideRepository;
import dev.dayshift.core.records.PhaseState;
import dev.dayshift.core.records.PhaseStateRepository;
import dev.dayshift.core.records.RuntimeOverride;
import dev.dayshift.core.state.StateStore;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedule gate: turns a schedule event into a lifecycle execution, or records why not. In order:
 *
 * <ol>
 *   <li>up: the desired state at the fire time (overrides from the file and set at run time, the TTL,
 *       holidays, the schedule itself: {@link RuntimeSchedule}) must be up; no budget block may be in
 *       force; the runtime must not already be recorded up;</li>
 *   <li>down: the environment must not be protected; no keep-up override may be active; the runtime
 *       must not already be recorded down.</li>
 * </ol>
 *
 * It never starts two executions for one event: the decision is a conditional write keyed by the fire
 * time, and the execution's name is derived from it ({@code sched-<env>-<up|down>-<yyyyMMddTHHmmZ>}),
 * so a redelivered event, or a retry after a failed start, names the same execution.
 */
public final class ScheduleGate {

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final DayshiftConfig config;
    private final ExecutionStarter starter;
    private final InstantSource clock;
    private final DecisionRepository decisions;
    private final OverrideRepository overrides;
    private final BudgetBlockRepository blocks;
    private final PhaseStateRepository states;

    public ScheduleGate(DayshiftConfig config, StateStore store, ExecutionStarter starter, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.decisions = new DecisionRepository(store);
        this.overrides = new OverrideRepository(store);
        this.blocks = new BudgetBlockRepository(store);
        this.states = new PhaseStateRepository(store);
    }

    /**
     * Handles one event: decides, records the decision (first one wins), starts the lifecycle machine
     * when the decision says so.
     *
     * @return the decision that stands for this event
     * @throws ScheduleEvent.InvalidEventException (bad input) for an unknown environment
     */
    public GateDecision handle(ScheduleEvent event) {
        Environment env = config.environment(event.environment()).orElseThrow(() -> new ScheduleEvent.InvalidEventException(
                "schedule event for unknown environment '" + event.environment() + "' (declared: "
                        + String.join(", ", config.environments().keySet()) + ")"));
        Instant now = clock.instant();
        Instant scheduledAt = event.scheduledAt().orElse(now.truncatedTo(ChronoUnit.MINUTES));
        GateDecision decision = decide(env, event.desired(), scheduledAt, now);
        Optional<GateDecision> earlier = decisions.recordFirst(decision);
        GateDecision standing = earlier.orElse(decision);
        if (standing.verdict() == GateDecision.Verdict.STARTED) {
            // Also on a redelivery: the name is the same, so at most one execution ever exists.
            starter.start(ExecutionStarter.Machine.LIFECYCLE, standing.executionName().orElseThrow(),
                    input(env, standing).toString());
        }
        return standing;
    }

    /** The decision for an event, without recording or starting anything. */
    public GateDecision decide(Environment env, GateDecision.Desired desired, Instant scheduledAt, Instant now) {
        List<ScheduleOverride> runtime = overrides.all(env.name()).stream().map(RuntimeOverride::override).toList();
        DesiredState wanted = RuntimeSchedule.of(env).withOverrides(runtime).stateAt(scheduledAt);
        Optional<PhaseState> recorded = states.current(env.name(), PhaseName.RUNTIME);
        PhaseState.Status status = recorded.map(PhaseState::status).orElse(PhaseState.Status.UNKNOWN);
        if (desired == GateDecision.Desired.UP) {
            if (wanted.state() == RuntimeState.DOWN) {
                return skip(env, desired, scheduledAt, now, wanted.why());
            }
            Optional<BudgetBlock> block = blocks.activeAt(env.name(), scheduledAt);
            if (block.isPresent()) {
                BudgetBlock b = block.get();
                String figures = b.figures().actual().map(a -> a.toPlainString() + " of ")
                        .or(() -> b.figures().forecast().map(f -> "forecast " + f.toPlainString() + " of "))
                        .orElse("limit ") + b.figures().limit().toPlainString() + " " + b.figures().unit();
                return skip(env, desired, scheduledAt, now, "budget block until " + b.until() + ": " + b.reason()
                        + " (" + figures + ")");
            }
            if (status == PhaseState.Status.UP) {
                return skip(env, desired, scheduledAt, now, "already up (recorded " + recorded.get().at() + ")");
            }
            return start(env, desired, scheduledAt, now, wanted.why());
        }
        if (env.isProtected()) {
            return skip(env, desired, scheduledAt, now, "protected: a schedule never stops " + env.name());
        }
        if (wanted.state() == RuntimeState.UP && wanted.cause() == Cause.OVERRIDE) {
            return skip(env, desired, scheduledAt, now, wanted.why());
        }
        if (status == PhaseState.Status.DOWN) {
            return skip(env, desired, scheduledAt, now, "already down (recorded " + recorded.get().at() + ")");
        }
        return start(env, desired, scheduledAt, now, wanted.state() == RuntimeState.DOWN ? wanted.why()
                : "scheduled down at " + scheduledAt);
    }

    /** The deterministic execution name of a scheduled start or stop. */
    public static String executionName(String environment, GateDecision.Desired desired, Instant scheduledAt) {
        return "sched-" + environment + "-" + desired.id() + "-" + NAME_TIME.format(scheduledAt);
    }

    private static GateDecision skip(Environment env, GateDecision.Desired d, Instant at, Instant now, String why) {
        return new GateDecision(env.name(), d, at, now, GateDecision.Verdict.SKIPPED, why, Optional.empty());
    }

    private static GateDecision start(Environment env, GateDecision.Desired d, Instant at, Instant now, String why) {
        return new GateDecision(env.name(), d, at, now, GateDecision.Verdict.STARTED, why,
                Optional.of(executionName(env.name(), d, at)));
    }

    private static ObjectNode input(Environment env, GateDecision d) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("environment", env.name());
        n.put("phase", "runtime");
        n.put("action", d.desired().id());
        n.put("trigger", "schedule");
        n.put("requestedBy", "schedule");
        n.put("reason", d.reason());
        return n;
    }

}
