package dev.dayshift.local.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A simulated stretch of time: steps at virtual instants, run in time order (ties in the order they
 * were added). The week demo builds one ({@link WeekDemo#scenario}); anyone can add steps to it, such
 * as an alarm that triggers a rollback or a budget notification, before it runs.
 */
public final class Scenario {

    /** What a step does; it reports what happened through the context's timeline. */
    @FunctionalInterface
    public interface Action {
        void run(DemoContext context) throws Exception;
    }

    /**
     * One timed event.
     *
     * @param at when, on the virtual clock
     * @param environment which environment it concerns (for the timeline and report)
     * @param actor who or what acts ("EventBridge Scheduler", "alice", "CloudWatch alarm")
     * @param description what they do, in a few words
     * @param action the work
     */
    public record Step(Instant at, String environment, String actor, String description, Action action) {
        public Step {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(action, "action");
        }
    }

    private final Instant start;
    private final Instant end;
    private final List<Step> steps = new ArrayList<>();

    /** A scenario over {@code [start, end)}. */
    public Scenario(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a scenario must end after it starts");
        }
        this.start = start;
        this.end = end;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    /** Adds a step; it must fall within the scenario. */
    public Scenario add(Instant at, String environment, String actor, String description, Action action) {
        if (at.isBefore(start) || !at.isBefore(end)) {
            throw new IllegalArgumentException("step '" + description + "' at " + at + " is outside the scenario [" + start
                    + ", " + end + ")");
        }
        steps.add(new Step(at, environment, actor, description, action));
        return this;
    }

    /** The steps in the order they run. */
    public List<Step> steps() {
        List<Step> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparing(Step::at)); // stable: ties keep insertion order
        return sorted;
    }
}
