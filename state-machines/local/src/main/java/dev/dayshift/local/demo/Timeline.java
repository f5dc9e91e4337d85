package dev.dayshift.local.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** What happened during a scenario, in order: one entry per step outcome. */
public final class Timeline {

    /** How a step ended. */
    public enum Result { DONE, SKIPPED, FAILED, NOTE }

    /**
     * One line of the timeline.
     *
     * @param at virtual time of the step
     * @param environment the environment
     * @param actor who acted
     * @param what what was asked
     * @param result how it ended
     * @param detail why, or what it changed
     * @param seconds how long it took on the wall clock (jobs really run)
     */
    public record Entry(Instant at, String environment, String actor, String what, Result result, String detail, double seconds) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Consumer<Entry> sink;

    public Timeline(Consumer<Entry> sink) {
        this.sink = sink;
    }

    public synchronized void add(Entry e) {
        entries.add(e);
        sink.accept(e);
    }

    public synchronized List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }
}
