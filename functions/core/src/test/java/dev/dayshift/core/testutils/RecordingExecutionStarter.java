package dev.dayshift.core.testutils;

import dev.dayshift.core.ports.ExecutionStarter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ExecutionStarter} in memory that behaves like Step Functions on names: the first start of
 * a (machine, name) creates the execution, every later one reports {@code alreadyExisted}. Records
 * every call. Thread-safe.
 */
public final class RecordingExecutionStarter implements ExecutionStarter {

    /** One call to {@link #start}. */
    public record Call(Machine machine, String name, String input, boolean alreadyExisted) {
    }

    private final Map<String, String> executions = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private volatile RuntimeException failure;

    @Override
    public StartResult start(Machine machine, String executionName, String inputJson) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        String key = machine + "/" + executionName;
        boolean existed = executions.putIfAbsent(key, inputJson) != null;
        synchronized (calls) {
            calls.add(new Call(machine, executionName, inputJson, existed));
        }
        return new StartResult("local:" + key, existed);
    }

    /** Makes every following start throw {@code e} (null to stop). */
    public void failWith(RuntimeException e) {
        this.failure = e;
    }

    /** Every call, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls that created an execution. */
    public List<Call> started() {
        return calls().stream().filter(c -> !c.alreadyExisted()).toList();
    }

    /** Every execution created, as machine/name to input. */
    public Map<String, String> executions() {
        return Map.copyOf(executions);
    }
}
