package dev.dayshift.asl.internal;

import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.asl.HistoryEventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The children of one Parallel or Map state: launches Map iterations within MaxConcurrency, collects results in
 * order, counts failures against the tolerated thresholds, and cancels the rest when the state fails.
 */
final class Join {
    /** Iterations run at once when MaxConcurrency is 0 (AWS runs inline Map iterations about 40 at a time). */
    static final int UNBOUNDED_WINDOW = 40;

    private final Frame parent;
    private final int size;
    private final boolean isMap;
    private final List<Object> inputs;
    private final int maxConcurrency;
    private final int toleratedCount;
    private final double toleratedPercentage;
    private final boolean tolerant;
    private final boolean distributed;
    private final String name;
    private final Object[] results;
    private final Frame[] frames;
    private int finishedCount;
    private int next;
    private int running;
    private int failures;
    private boolean over;

    Join(Frame parent, int size, boolean isMap, List<Object> inputs, int maxConcurrency, int toleratedCount,
            double toleratedPercentage, Model.MapState map) {
        this.parent = parent;
        this.size = size;
        this.isMap = isMap;
        this.inputs = inputs;
        this.maxConcurrency = maxConcurrency;
        this.toleratedCount = toleratedCount;
        this.toleratedPercentage = toleratedPercentage;
        this.tolerant = map != null && (map.toleratedFailureCount != null || map.toleratedFailureCountPath != null
                || map.toleratedFailureCountExpr != null || map.toleratedFailurePercentage != null
                || map.toleratedFailurePercentagePath != null || map.toleratedFailurePercentageExpr != null);
        this.distributed = map != null && map.distributed;
        this.name = parent.state.name;
        this.results = new Object[size];
        this.frames = new Frame[size];
    }

    /** Adds a Parallel branch (already started by the caller). */
    void add(Frame child) {
        frames[next++] = child;
        running++;
    }

    /** Starts Map iterations until MaxConcurrency are running. */
    void launchMore() {
        int limit = maxConcurrency <= 0 ? UNBOUNDED_WINDOW : maxConcurrency;
        while (!over && running < limit && next < size) {
            int i = next++;
            if (!distributed) {
                parent.emitRaw(HistoryEventType.MapIterationStarted, name, HistoryEvent.NONE_VALUE,
                        HistoryEvent.NONE_VALUE, null, null, null, null, i, null, null);
            }
            Frame child = parent.newIteration(this, i, inputs.get(i));
            frames[i] = child;
            running++;
            parent.core.enqueue(child::run);
        }
    }

    void childSucceeded(Frame child, int slot, Object output) {
        if (over) {
            return;
        }
        results[slot] = output;
        frames[slot] = null;
        running--;
        finishedCount++;
        if (isMap && !distributed) {
            parent.emitRaw(HistoryEventType.MapIterationSucceeded, name, HistoryEvent.NONE_VALUE,
                    HistoryEvent.NONE_VALUE, null, null, null, null, slot, null, null);
        }
        afterChild();
    }

    void childFailed(Frame child, int slot, String error, String cause) {
        if (over) {
            return;
        }
        frames[slot] = null;
        running--;
        if (isMap && !distributed) {
            parent.emitRaw(HistoryEventType.MapIterationFailed, name, HistoryEvent.NONE_VALUE,
                    HistoryEvent.NONE_VALUE, error, cause, null, null, slot, null, null);
        }
        if (isMap && (tolerant || distributed)) {
            failures++;
            boolean exceeded = failures > toleratedCount
                    && (toleratedPercentage < 0 || failures * 100.0 / size > toleratedPercentage);
            if (toleratedPercentage >= 0 && failures * 100.0 / size <= toleratedPercentage) {
                exceeded = false;
            }
            if (!exceeded) {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("Error", error);
                err.put("Cause", cause);
                results[slot] = err;
                finishedCount++;
                afterChild();
                return;
            }
            fail(ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                    "The specified tolerated failure threshold was exceeded");
            return;
        }
        fail(error, cause);
    }

    private void afterChild() {
        if (finishedCount == size) {
            over = true;
            parent.core.enqueue(() -> parent.resume(() -> parent.joinSucceeded(this)));
        } else if (isMap) {
            launchMore();
        }
    }

    private void fail(String error, String cause) {
        cancelAll();
        parent.core.enqueue(() -> parent.resume(() -> parent.joinFailed(this, error, cause)));
    }

    /** Stops every running child. */
    void cancelAll() {
        over = true;
        for (int i = 0; i < frames.length; i++) {
            Frame f = frames[i];
            if (f != null) {
                f.cancelTree();
                frames[i] = null;
                if (isMap && !distributed && !parent.exec.ended) {
                    parent.emitRaw(HistoryEventType.MapIterationAborted, name, HistoryEvent.NONE_VALUE,
                            HistoryEvent.NONE_VALUE, null, null, null, null, i, null, null);
                }
            }
        }
    }

    List<Object> results() {
        return new ArrayList<>(Arrays.asList(results));
    }
}
