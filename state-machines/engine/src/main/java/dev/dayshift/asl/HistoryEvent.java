package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;
import dev.dayshift.asl.internal.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of an execution's history, with AWS's type and fields. Values (input, output, parameters) are held
 * as parsed JSON and shared with the execution, never copied; {@link #toJson()} renders the event as AWS's
 * GetExecutionHistory does.
 */
public final class HistoryEvent {
    private final long id;
    private final long previousEventId;
    private final Instant timestamp;
    private final HistoryEventType type;
    private final String name;
    private final Object input;
    private final Object output;
    private final String error;
    private final String cause;
    private final String resourceType;
    private final String resource;
    private final int index;
    private final Long timeoutSeconds;
    private final Long heartbeatSeconds;
    private final Map<String, Object> assignedVariables;

    /** Built by the engine; callers read events, they do not make them. */
    public HistoryEvent(long id, long previousEventId, Instant timestamp, HistoryEventType type, String name,
            Object input, Object output, String error, String cause, String resourceType, String resource, int index,
            Long timeoutSeconds, Long heartbeatSeconds, Map<String, Object> assignedVariables) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.name = name;
        this.input = input;
        this.output = output;
        this.error = error;
        this.cause = cause;
        this.resourceType = resourceType;
        this.resource = resource;
        this.index = index;
        this.timeoutSeconds = timeoutSeconds;
        this.heartbeatSeconds = heartbeatSeconds;
        this.assignedVariables = assignedVariables;
    }

    public long id() {
        return id;
    }

    public long previousEventId() {
        return previousEventId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public HistoryEventType type() {
        return type;
    }

    /** The state's name for state events and map iterations; null otherwise. */
    public String stateName() {
        return name;
    }

    /** Input JSON (state entered, execution started, task scheduled parameters); null when the event has none. */
    public String input() {
        return input == NONE_VALUE ? null : Json.write(input);
    }

    /** Output JSON (state exited, task succeeded, execution succeeded); null when the event has none. */
    public String output() {
        return output == NONE_VALUE ? null : Json.write(output);
    }

    /** The error name of a failure event; may be null. */
    public String error() {
        return error;
    }

    /** The cause of a failure event; may be null. */
    public String cause() {
        return cause;
    }

    /** For task events: e.g. {@code lambda}. */
    public String resourceType() {
        return resourceType;
    }

    /** For task events: e.g. {@code invoke.waitForTaskToken}. */
    public String resource() {
        return resource;
    }

    /** For map iteration events, the item index; for MapStateStarted, the number of items; else -1. */
    public int index() {
        return index;
    }

    /** Variables assigned by a state (StateExited), name to value JSON; empty when none. */
    public Map<String, String> assignedVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        if (assignedVariables != null) {
            assignedVariables.forEach((k, v) -> out.put(k, Json.write(v)));
        }
        return out;
    }

    /** Marks "no value" for input and output (JSON null is a value). */
    public static final Object NONE_VALUE = new Object();

    /** The event as AWS's GetExecutionHistory renders it. */
    public String toJson() {
        return Json.write(toMap());
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", Timestamps.format(timestamp));
        m.put("type", type.name());
        m.put("id", id);
        m.put("previousEventId", previousEventId);
        Map<String, Object> d = new LinkedHashMap<>();
        String key;
        switch (type) {
            case ExecutionStarted -> {
                key = "executionStartedEventDetails";
                d.put("input", Json.write(input));
                d.put("inputDetails", Map.of("truncated", false));
                if (resource != null) {
                    d.put("roleArn", resource);
                }
            }
            case ExecutionSucceeded -> {
                key = "executionSucceededEventDetails";
                d.put("output", Json.write(output));
                d.put("outputDetails", Map.of("truncated", false));
            }
            case ExecutionFailed, ExecutionAborted, ExecutionTimedOut, TaskFailed, TaskTimedOut, TaskStartFailed,
                    TaskSubmitFailed, LambdaFunctionFailed, LambdaFunctionTimedOut, MapRunFailed, EvaluationFailed,
                    MapStateFailed, ParallelStateFailed, MapIterationFailed -> {
                key = detailsKey(type);
                if (type == HistoryEventType.EvaluationFailed && name != null) {
                    d.put("state", name);
                }
                if (type.name().startsWith("MapIteration") && name != null) {
                    d.put("name", name);
                    d.put("index", index);
                }
                if (resourceType != null) {
                    d.put("resourceType", resourceType);
                    d.put("resource", resource);
                }
                if (error != null) {
                    d.put("error", error);
                }
                if (cause != null) {
                    d.put("cause", cause);
                }
            }
            case TaskScheduled, LambdaFunctionScheduled -> {
                key = detailsKey(type);
                if (type == HistoryEventType.TaskScheduled) {
                    d.put("resourceType", resourceType);
                    d.put("resource", resource);
                    d.put("region", error == null ? "us-east-1" : error);
                    d.put("parameters", Json.write(input));
                } else {
                    d.put("resource", resource);
                    d.put("input", Json.write(input));
                    d.put("inputDetails", Map.of("truncated", false));
                }
                if (timeoutSeconds != null) {
                    d.put("timeoutInSeconds", timeoutSeconds);
                }
                if (heartbeatSeconds != null) {
                    d.put("heartbeatInSeconds", heartbeatSeconds);
                }
            }
            case TaskStarted, TaskSubmitted, TaskSucceeded, LambdaFunctionSucceeded -> {
                key = detailsKey(type);
                if (resourceType != null) {
                    d.put("resourceType", resourceType);
                    d.put("resource", resource);
                }
                if (output != NONE_VALUE && output != null || type == HistoryEventType.TaskSucceeded
                        || type == HistoryEventType.LambdaFunctionSucceeded) {
                    d.put("output", Json.write(output == NONE_VALUE ? null : output));
                    d.put("outputDetails", Map.of("truncated", false));
                }
            }
            case MapIterationStarted, MapIterationSucceeded, MapIterationAborted -> {
                key = detailsKey(type);
                d.put("name", name);
                d.put("index", index);
            }
            case MapStateStarted -> {
                key = "mapStateStartedEventDetails";
                d.put("length", index);
            }
            default -> {
                if (type.isStateEntered()) {
                    key = "stateEnteredEventDetails";
                    d.put("name", name);
                    d.put("input", Json.write(input));
                    d.put("inputDetails", Map.of("truncated", false));
                } else if (type.isStateExited()) {
                    key = "stateExitedEventDetails";
                    d.put("name", name);
                    d.put("output", Json.write(output));
                    d.put("outputDetails", Map.of("truncated", false));
                    if (assignedVariables != null && !assignedVariables.isEmpty()) {
                        d.put("assignedVariables", assignedVariables());
                        d.put("assignedVariablesDetails", Map.of("truncated", false));
                    }
                } else {
                    key = null;
                }
            }
        }
        if (key != null) {
            m.put(key, d);
        }
        return m;
    }

    private static String detailsKey(HistoryEventType t) {
        String n = t.name();
        return Character.toLowerCase(n.charAt(0)) + n.substring(1) + "EventDetails";
    }

    @Override
    public String toString() {
        return toJson();
    }
}
