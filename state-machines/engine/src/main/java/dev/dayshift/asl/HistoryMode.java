package dev.dayshift.asl;

/** Whether an execution keeps its history in memory (listeners see the events either way). */
public enum HistoryMode {
    /** Keep every event; {@link ExecutionResult#history()} returns them. */
    FULL,
    /** Keep none (a Map over a million items stays small); listeners still see each event. */
    NONE
}
