package dev.dayshift.asl;

/**
 * Sees each history event as it happens, on the engine's thread: keep it quick, and do not block on the
 * engine from it (sending a task token back from here is fine).
 */
@FunctionalInterface
public interface HistoryListener {
    void onEvent(Execution execution, HistoryEvent event);
}
