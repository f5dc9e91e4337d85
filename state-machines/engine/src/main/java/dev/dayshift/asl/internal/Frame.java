package dev.dayshift.asl.internal;

import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.asl.HistoryEventType;
import dev.dayshift.asl.internal.Model.Catcher;
import dev.dayshift.asl.internal.Model.ChoiceRule;
import dev.dayshift.asl.internal.Model.ChoiceState;
import dev.dayshift.asl.internal.Model.FailState;
import dev.dayshift.asl.internal.Model.Lang;
import dev.dayshift.asl.internal.Model.MapState;
import dev.dayshift.asl.internal.Model.ParallelState;
import dev.dayshift.asl.internal.Model.PassState;
import dev.dayshift.asl.internal.Model.Retrier;
import dev.dayshift.asl.internal.Model.Scope;
import dev.dayshift.asl.internal.Model.StateNode;
import dev.dayshift.asl.internal.Model.SucceedState;
import dev.dayshift.asl.internal.Model.TaskState;
import dev.dayshift.asl.internal.Model.WaitState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A thread of control: the execution itself, one Parallel branch or one Map iteration. It runs states one after
 * the other until one has to wait (a Wait, a task call, a Parallel/Map's children, a Retry backoff), then
 * resumes from the engine's queue.
 */
final class Frame implements EvalScope {
    final Exec exec;
    final EngineCore core;
    private final Scope scope;
    private final Vars vars;
    private final Join join;
    private final int slot;
    /** Distributed Map children run as child executions: their events are not in this history. */
    private final boolean silent;

    StateNode state;
    private Object input;
    /** Size of {@code input} in JSON bytes, or -1 when not yet known (for the payload limit). */
    private long inputSize = -1;
    private long enteredId;
    private long prevId;
    private Instant enteredTime;
    private String enteredTimeText;
    private int retryCount;
    private int[] attempts;
    private Object cachedContext;
    String taskToken;
    private boolean hasItem;
    private long itemIndex;
    private Object itemValue;
    private Object stateResult = Path.MISSING;
    private Object errorOutput = Path.MISSING;
    private Map<String, Object> statesVar;
    boolean cancelled;
    private EngineCore.Timer timer;
    TaskCall call;
    private Join childJoin;

    Frame(Exec exec, Frame parent, Scope scope, Vars vars, Join join, int slot, boolean silent, long prevId) {
        this.exec = exec;
        this.core = exec.core;
        this.scope = scope;
        this.vars = vars;
        this.join = join;
        this.slot = slot;
        this.silent = silent;
        this.prevId = prevId;
    }

    void startAt(String name, Object in) {
        this.state = scope.state(name);
        this.input = in;
        this.inputSize = -1;
    }

    // ------------------------------------------------------------------------------------------------
    // EvalScope

    @Override
    public Object context() {
        Object c = cachedContext;
        if (c == null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Execution", exec.ctxExecution);
            m.put("StateMachine", exec.ctxStateMachine);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("Name", state.name);
            if (enteredTimeText == null) {
                enteredTimeText = Timestamps.format(enteredTime);
            }
            s.put("EnteredTime", enteredTimeText);
            if (state.hasRetryCount()) {
                s.put("RetryCount", (long) retryCount);
            }
            m.put("State", s);
            if (taskToken != null) {
                m.put("Task", Map.of("Token", taskToken));
            }
            if (hasItem) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("Index", itemIndex);
                item.put("Value", itemValue);
                m.put("Map", Map.of("Item", item));
            }
            cachedContext = c = m;
        }
        return c;
    }

    /**
     * The context object as it is now, built only if asked for: a resolver may ask later, from another thread,
     * after this frame has moved on.
     */
    java.util.function.Supplier<Object> contextSnapshot() {
        Object built = cachedContext;
        if (built != null) {
            return () -> built;
        }
        String name = state.name;
        Instant entered = enteredTime;
        boolean withRetry = state.hasRetryCount();
        int retries = retryCount;
        String token = taskToken;
        return () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Execution", exec.ctxExecution);
            m.put("StateMachine", exec.ctxStateMachine);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("Name", name);
            s.put("EnteredTime", Timestamps.format(entered));
            if (withRetry) {
                s.put("RetryCount", (long) retries);
            }
            m.put("State", s);
            if (token != null) {
                m.put("Task", Map.of("Token", token));
            }
            return m;
        };
    }

    /** Reads simple {@code $$} paths straight from the execution, without building the context object. */
    @Override
    public Object find(Path path, Object in) {
        if (path.root() != Path.Root.CONTEXT) {
            return EvalScope.super.find(path, in);
        }
        Object[] steps = path.steps();
        if (steps == null || steps.length == 0 || !(steps[0] instanceof String first)) {
            return path.find(context());
        }
        Object v;
        int from = 1;
        switch (first) {
            case "Execution" -> v = exec.ctxExecution;
            case "StateMachine" -> v = exec.ctxStateMachine;
            case "State" -> {
                if (steps.length == 2 && steps[1] instanceof String f) {
                    switch (f) {
                        case "Name":
                            return state.name;
                        case "EnteredTime":
                            if (enteredTimeText == null) {
                                enteredTimeText = Timestamps.format(enteredTime);
                            }
                            return enteredTimeText;
                        default:
                            break;
                    }
                }
                return path.find(context());
            }
            default -> {
                return path.find(context());
            }
        }
        for (int i = from; i < steps.length; i++) {
            if (!(steps[i] instanceof String key) || !(v instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return path.find(context());
            }
            v = m.get(key);
        }
        return v;
    }

    @Override
    public Object variable(String name) {
        return vars.get(name);
    }

    @Override
    public long nowMillis() {
        return core.now().toEpochMilli();
    }

    @Override
    public RandomGenerator random() {
        return core.random;
    }

    @Override
    public Map<String, Object> states() {
        Map<String, Object> s = statesVar;
        if (s == null) {
            s = new HashMap<>();
            s.put("input", input);
            s.put("context", context());
            if (stateResult != Path.MISSING) {
                s.put("result", stateResult);
            }
            if (errorOutput != Path.MISSING) {
                s.put("errorOutput", errorOutput);
            }
            statesVar = s;
        }
        return s;
    }

    @Override
    public Iterable<Map.Entry<String, Object>> variables() {
        return vars.visible();
    }

    private void invalidate() {
        cachedContext = null;
        statesVar = null;
    }

    // ------------------------------------------------------------------------------------------------
    // Events

    private long emit(HistoryEventType type, Object in, Object out, String err, String cause, Map<String, Object> assigned) {
        if (silent) {
            return 0;
        }
        long id = exec.emit(type, prevId, state == null ? null : state.name, in, out, err, cause, null, null, -1, null,
                null, assigned);
        prevId = id;
        return id;
    }

    long emitRaw(HistoryEventType type, String name, Object in, Object out, String err, String cause,
            String resourceType, String resource, int index, Long timeout, Long heartbeat) {
        if (silent) {
            return 0;
        }
        long id = exec.emit(type, prevId, name, in, out, err, cause, resourceType, resource, index, timeout, heartbeat,
                null);
        prevId = id;
        return id;
    }

    // ------------------------------------------------------------------------------------------------
    // Running

    /** Runs states until one waits or the frame ends. */
    void run() {
        while (!cancelled && !exec.ended) {
            boolean more;
            try {
                enter();
                more = execute();
            } catch (AslError e) {
                more = handleError(e);
            } catch (RuntimeException e) {
                more = handleError(new AslError(ErrorNames.RUNTIME, "Internal engine error in state '" + state.name
                        + "': " + e));
            }
            if (!more) {
                return;
            }
        }
    }

    /** Continues after an asynchronous step finished: {@code step} returns whether to keep running states. */
    void resume(java.util.function.BooleanSupplier step) {
        if (cancelled || exec.ended) {
            return;
        }
        boolean more;
        try {
            more = step.getAsBoolean();
        } catch (AslError e) {
            more = handleError(e);
        } catch (RuntimeException e) {
            more = handleError(new AslError(ErrorNames.RUNTIME, "Internal engine error in state '" + state.name + "': "
                    + e));
        }
        if (more) {
            run();
        }
    }

    private void enter() {
        enteredTime = core.now();
        enteredTimeText = null;
        retryCount = 0;
        attempts = null;
        taskToken = null;
        stateResult = Path.MISSING;
        errorOutput = Path.MISSING;
        invalidate();
        enteredId = emit(state.enteredEvent, input, HistoryEvent.NONE_VALUE, null, null, null);
    }

    private boolean execute() {
        StateNode st = state;
        if (st instanceof PassState p) {
            return pass(p);
        } else if (st instanceof TaskState t) {
            return task(t);
        } else if (st instanceof ChoiceState c) {
            return choice(c);
        } else if (st instanceof WaitState w) {
            return waitState(w);
        } else if (st instanceof SucceedState) {
            return succeed();
        } else if (st instanceof FailState f) {
            return failState(f);
        } else if (st instanceof ParallelState p) {
            return parallel(p);
        } else {
            return map((MapState) st);
        }
    }

    /** Leaves the current state with {@code output} and moves to {@code next} (or ends the frame). */
    private boolean exit(Object output, String next, Map<String, Object> assigned) {
        return exit(output, next, assigned, Path.MISSING);
    }

    /**
     * Leaves the state. {@code added} is what the state added to its input (its result, for a bound on the
     * output's size without walking all of it), or {@link Path#MISSING} when the output must be measured whole.
     */
    private boolean exit(Object output, String next, Map<String, Object> assigned, Object added) {
        long limit = core.payloadLimit;
        long outSize = -1;
        if (limit > 0) {
            long bound;
            if (output == input) {
                bound = knownInputSize();
            } else if (added != Path.MISSING) {
                bound = knownInputSize() + Json.size(added, limit) + 16;
            } else {
                bound = Json.size(output, limit);
                outSize = bound;
            }
            if (bound > limit) {
                outSize = outSize >= 0 ? outSize : Json.size(output, limit);
                if (outSize > limit) {
                    throw new AslError(ErrorNames.DATA_LIMIT_EXCEEDED, "The state/task '" + state.name
                            + "' returned a result with a size exceeding the maximum number of bytes service limit.");
                }
            }
            if (outSize < 0) {
                outSize = bound;
            }
        }
        emit(state.exitedEvent, HistoryEvent.NONE_VALUE, output, null, null, assigned);
        if (next == null) {
            frameSucceeded(output);
            return false;
        }
        StateNode n = scope.state(next);
        state = n;
        input = output;
        inputSize = outSize;
        return true;
    }

    private long knownInputSize() {
        if (inputSize < 0) {
            inputSize = Json.size(input, core.payloadLimit);
        }
        return inputSize;
    }

    private void frameSucceeded(Object output) {
        if (join == null) {
            exec.succeed(output);
        } else {
            join.childSucceeded(this, slot, output);
        }
    }

    private void frameFailed(String error, String cause) {
        if (join == null) {
            exec.fail(error, cause);
        } else {
            join.childFailed(this, slot, error, cause);
        }
    }

    /** Cancels this frame and everything it started (children, task calls, timers). */
    void cancelTree() {
        cancelled = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (call != null) {
            call.close();
            call = null;
        }
        if (childJoin != null) {
            childJoin.cancelAll();
            childJoin = null;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Input and output processing

    private Object effectiveInput(StateNode st) {
        if (st.lang == Lang.JSONATA) {
            return input;
        }
        if (st.inputPathNull) {
            return new LinkedHashMap<String, Object>();
        }
        if (st.inputPath == null || st.inputPath.isRootOnly()) {
            return input;
        }
        Object v = find(st.inputPath, input);
        if (v == Path.MISSING) {
            Object root = rootOf(st.inputPath, input);
            throw AslError.runtime("Invalid path '" + st.inputPath.text() + "' : "
                    + st.inputPath.notFoundMessage(root == Path.MISSING ? null : root));
        }
        return v;
    }

    private Object applyResultPath(StateNode st, Object rawInput, Object result, Path resultPath, boolean resultPathNull) {
        if (resultPathNull) {
            return rawInput;
        }
        if (resultPath == null || resultPath.isRootOnly()) {
            return result;
        }
        try {
            return resultPath.assign(rawInput, result);
        } catch (Path.PathMatchFailureException e) {
            throw new AslError(ErrorNames.RESULT_PATH_MATCH_FAILURE, "An error occurred while executing the state '"
                    + st.name + "' (entered at the event id #" + enteredId + "). Unable to apply ResultPath '"
                    + resultPath.text() + "' to input " + Json.write(rawInput));
        }
    }

    private Object applyOutputPath(StateNode st, Object out) {
        if (st.outputPathNull) {
            return new LinkedHashMap<String, Object>();
        }
        if (st.outputPath == null || st.outputPath.isRootOnly()) {
            return out;
        }
        Object v = find(st.outputPath, out);
        if (v == Path.MISSING) {
            Object root = rootOf(st.outputPath, out);
            throw AslError.runtime("Invalid path '" + st.outputPath.text() + "' : "
                    + st.outputPath.notFoundMessage(root == Path.MISSING ? null : root));
        }
        return v;
    }

    /** Evaluates Assign; returns the assigned values (not yet stored), or null. */
    private Map<String, Object> evalAssign(Template assign, Object dollar) {
        if (assign == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) assign.eval(dollar, this);
        return values;
    }

    private void store(Map<String, Object> assigned) {
        if (assigned != null && !assigned.isEmpty()) {
            vars.putAll(assigned);
        }
    }

    /** The end of a state's processing: Assign and Output (JSONata) or Assign, ResultPath, OutputPath (JSONPath). */
    private boolean finish(StateNode st, Object result, Template assignT, Template outputT, String next) {
        if (st.lang == Lang.JSONATA) {
            stateResult = result;
            invalidate();
            Map<String, Object> assigned = evalAssign(assignT, input);
            Object out = outputT != null ? outputT.eval(input, this) : result;
            store(assigned);
            return exit(out, next, assigned);
        }
        Map<String, Object> assigned = evalAssign(assignT, result);
        Object out = applyResultPath(st, input, result, st.resultPath, st.resultPathNull);
        out = applyOutputPath(st, out);
        store(assigned);
        return exit(out, next, assigned, st.resultPathNull ? null : result);
    }

    // ------------------------------------------------------------------------------------------------
    // States

    private boolean pass(PassState p) {
        if (p.lang == Lang.JSONATA) {
            Object result = p.result != null ? p.result.eval(input, this) : input;
            Map<String, Object> assigned = evalAssign(p.assign, input);
            Object out = p.output != null ? p.output.eval(input, this) : result;
            store(assigned);
            return exit(out, p.end ? null : p.next, assigned);
        }
        Object eff = effectiveInput(p);
        Object result;
        if (p.result != null) {
            result = p.result.eval(eff, this);
        } else if (p.parameters != null) {
            result = p.parameters.eval(eff, this);
        } else {
            result = eff;
        }
        return finish(p, result, p.assign, null, p.end ? null : p.next);
    }

    private boolean succeed() {
        StateNode s = state;
        if (s.lang == Lang.JSONATA) {
            Object out = s.output != null ? s.output.eval(input, this) : input;
            return exit(out, null, null);
        }
        Object out = applyOutputPath(s, effectiveInput(s));
        return exit(out, null, null, null);
    }

    private boolean failState(FailState f) {
        String error = f.error;
        String cause = f.cause;
        if (f.lang == Lang.JSONATA) {
            if (f.errorExpr != null) {
                error = stringResult(f.errorExpr.eval(input, this), "Error");
            }
            if (f.causeExpr != null) {
                cause = stringResult(f.causeExpr.eval(input, this), "Cause");
            }
        } else {
            if (f.errorPath != null) {
                error = stringAt(f.errorPath, "ErrorPath");
            } else if (f.errorPathCall != null) {
                error = stringValue(((Map<?, ?>) f.errorPathCall.eval(input, this)).get("v"), "ErrorPath");
            }
            if (f.causePath != null) {
                cause = stringAt(f.causePath, "CausePath");
            } else if (f.causePathCall != null) {
                cause = stringValue(((Map<?, ?>) f.causePathCall.eval(input, this)).get("v"), "CausePath");
            }
        }
        frameFailed(error, cause);
        return false;
    }

    private String stringAt(Path p, String field) {
        Object v = find(p, input);
        if (v == Path.MISSING) {
            throw AslError.runtime("The JSONPath '" + p.text() + "' specified for the field '" + field
                    + "' could not be found in the input '" + Json.write(input) + "'");
        }
        return stringValue(v, field);
    }

    private static String stringValue(Object v, String field) {
        if (v instanceof String s) {
            return s;
        }
        return Json.write(v);
    }

    private static String stringResult(Object v, String field) {
        if (v instanceof String s) {
            return s;
        }
        return Json.write(v);
    }

    // --- Choice

    private boolean choice(ChoiceState c) {
        Object eff = effectiveInput(c);
        for (ChoiceRule r : c.choices) {
            if (c.lang == Lang.JSONATA ? condition(r) : matches(r, eff)) {
                return choiceExit(c, eff, r.assign, r.output != null ? r.output : c.output, r.next);
            }
        }
        if (c.defaultNext != null) {
            return choiceExit(c, eff, c.assign, c.output, c.defaultNext);
        }
        throw new AslError(ErrorNames.NO_CHOICE_MATCHED, "An error occurred while executing the state '" + c.name
                + "' (entered at the event id #" + enteredId + "). No Matches!");
    }

    private boolean choiceExit(ChoiceState c, Object eff, Template assign, Template output, String next) {
        if (c.lang == Lang.JSONATA) {
            Map<String, Object> assigned = evalAssign(assign, input);
            Object out = output != null ? output.eval(input, this) : input;
            store(assigned);
            return exit(out, next, assigned);
        }
        Map<String, Object> assigned = evalAssign(assign, eff);
        Object out = applyOutputPath(c, eff);
        store(assigned);
        return exit(out, next, assigned, null);
    }

    private boolean condition(ChoiceRule r) {
        Object v = r.condition.eval(input, this);
        if (v instanceof Boolean b) {
            return b;
        }
        String text = r.condition instanceof Template.JsonataTemplate jt ? jt.expr().text() : String.valueOf(v);
        throw AslError.query("The JSONata expression '" + text + "' specified for the field 'Condition' returned an"
                + " unexpected result type. Expected 'boolean', but was '" + Json.typeName(v) + "' for value: "
                + Json.write(v));
    }

    private boolean matches(ChoiceRule r, Object in) {
        switch (r.kind) {
            case AND:
                for (ChoiceRule c : r.children) {
                    if (!matches(c, in)) {
                        return false;
                    }
                }
                return true;
            case OR:
                for (ChoiceRule c : r.children) {
                    if (matches(c, in)) {
                        return true;
                    }
                }
                return false;
            case NOT:
                return !matches(r.children.get(0), in);
            case CONDITION:
                return condition(r);
            default:
                return compare(r, in);
        }
    }

    private boolean compare(ChoiceRule r, Object in) {
        Object v = find(r.variable, in);
        String op = r.operator;
        if (op.equals("IsPresent")) {
            return (v != Path.MISSING) == (Boolean) r.value;
        }
        if (v == Path.MISSING) {
            throw AslError.runtime("Invalid path '" + r.variable.text() + "': The choice state's condition path"
                    + " references an invalid value.");
        }
        Object expected = r.value;
        if (r.valuePath != null) {
            expected = find(r.valuePath, in);
            if (expected == Path.MISSING) {
                throw AslError.runtime("Invalid path '" + r.valuePath.text() + "': The choice state's condition path"
                        + " references an invalid value.");
            }
            op = op.substring(0, op.length() - 4);
        }
        return Choices.compare(op, v, expected);
    }

    // --- Wait

    private boolean waitState(WaitState w) {
        Object eff = effectiveInput(w);
        Instant until;
        if (w.lang == Lang.JSONATA) {
            if (w.secondsExpr != null) {
                Object v = w.secondsExpr.eval(input, this);
                until = enteredTime.plusSeconds(jsonataSeconds(v, w));
            } else if (w.timestampExpr != null) {
                Object v = w.timestampExpr.eval(input, this);
                Instant t = v instanceof String s ? Timestamps.parse(s) : null;
                if (t == null) {
                    throw AslError.query("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time"
                            + " format string: " + (v instanceof String s ? s : Json.write(v)));
                }
                until = t;
            } else {
                until = w.seconds != null ? enteredTime.plusSeconds(w.seconds) : Timestamps.parse(w.timestamp);
            }
        } else if (w.seconds != null) {
            until = enteredTime.plusSeconds(w.seconds);
        } else if (w.timestamp != null) {
            until = Timestamps.parse(w.timestamp);
        } else if (w.secondsPath != null) {
            Object v = find(w.secondsPath, eff);
            if (v == Path.MISSING) {
                throw AslError.runtime("Invalid path '" + w.secondsPath.text() + "' : "
                        + w.secondsPath.notFoundMessage(rootOf(w.secondsPath, eff)));
            }
            if (!Json.isIntegral(v)) {
                throw AslError.runtime("The SecondsPath parameter cannot be parsed as a long value: "
                        + w.secondsPath.text() + " == " + (v instanceof String s ? s : Json.write(v)));
            }
            long secs = ((Number) v).longValue();
            if (secs < 0) {
                throw AslError.runtime("The SecondsPath parameter references a negative value: "
                        + w.secondsPath.text() + " == " + secs);
            }
            until = enteredTime.plusSeconds(secs);
        } else {
            Object v = find(w.timestampPath, eff);
            if (v == Path.MISSING) {
                throw AslError.runtime("Invalid path '" + w.timestampPath.text() + "' : "
                        + w.timestampPath.notFoundMessage(rootOf(w.timestampPath, eff)));
            }
            Instant t = v instanceof String s ? Timestamps.parse(s) : null;
            if (t == null) {
                throw AslError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended"
                        + " offset date-time format string: " + w.timestampPath.text() + " == "
                        + (v instanceof String s ? s : Json.write(v)));
            }
            until = t;
        }
        final Object effIn = eff;
        timer = core.schedule(until, exec, () -> {
            timer = null;
            resume(() -> choiceLikeExit(w, effIn));
        });
        return false;
    }

    private long jsonataSeconds(Object v, WaitState w) {
        if (!Json.isIntegral(v) && !(v instanceof Double d && d == Math.rint(d))) {
            throw AslError.query("The Seconds field's value is not a valid integer: " + Json.write(v));
        }
        long s = ((Number) v).longValue();
        if (s < 0) {
            throw AslError.query("The Seconds field's value cannot be negative: " + s);
        }
        return s;
    }

    /** Exit of states whose output is their input (Wait): Assign sees the effective input. */
    private boolean choiceLikeExit(StateNode s, Object eff) {
        if (s.lang == Lang.JSONATA) {
            Map<String, Object> assigned = evalAssign(s.assign, input);
            Object out = s.output != null ? s.output.eval(input, this) : input;
            store(assigned);
            return exit(out, s.end ? null : s.next, assigned);
        }
        Map<String, Object> assigned = evalAssign(s.assign, eff);
        Object out = applyOutputPath(s, eff);
        store(assigned);
        return exit(out, s.end ? null : s.next, assigned, null);
    }

    // --- Task

    private Object taskArgs;
    private Long taskTimeout;
    private Long taskHeartbeat;

    private boolean task(TaskState t) {
        if (t.pattern == Model.Pattern.WAIT_FOR_TASK_TOKEN) {
            setTaskToken(core.newToken());
        }
        Object eff = effectiveInput(t);
        if (t.lang == Lang.JSONATA) {
            taskArgs = t.arguments != null ? t.arguments.eval(input, this) : input;
            taskTimeout = t.timeoutSecondsExpr != null ? positiveSeconds(t.timeoutSecondsExpr.eval(input, this),
                    "TimeoutSeconds") : null;
            taskHeartbeat = t.heartbeatSecondsExpr != null ? positiveSeconds(t.heartbeatSecondsExpr.eval(input, this),
                    "HeartbeatSeconds") : null;
        } else {
            taskArgs = t.parameters != null ? t.parameters.eval(eff, this) : eff;
            taskTimeout = t.timeoutSeconds != null ? t.timeoutSeconds
                    : t.timeoutSecondsPath != null ? secondsAt(t.timeoutSecondsPath, eff, "TimeoutSecondsPath") : null;
            taskHeartbeat = t.heartbeatSeconds != null ? t.heartbeatSeconds
                    : t.heartbeatSecondsPath != null ? secondsAt(t.heartbeatSecondsPath, eff, "HeartbeatSecondsPath")
                    : null;
        }
        return TaskCall.start(this, t, taskArgs, taskTimeout, taskHeartbeat, retryCount);
    }

    private Long positiveSeconds(Object v, String field) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
            return n.longValue();
        }
        throw AslError.query("The " + field + " field's value must be a positive integer, but was: " + Json.write(v));
    }

    private Long secondsAt(Path p, Object eff, String field) {
        Object v = find(p, eff);
        if (v == Path.MISSING) {
            throw AslError.runtime("Invalid path '" + p.text() + "' : " + p.notFoundMessage(rootOf(p, eff)));
        }
        if (!Json.isIntegral(v) || ((Number) v).longValue() <= 0) {
            throw AslError.runtime("The " + field + " field refers to value " + Json.write(v)
                    + " which is not a valid positive integer: " + p.text());
        }
        return ((Number) v).longValue();
    }

    /** The task returned {@code result}: finish the Task state. Called by {@link TaskCall}. */
    boolean taskSucceeded(TaskState t, Object result) {
        call = null;
        if (t.lang == Lang.JSONATA) {
            return finish(t, result, t.assign, t.output, t.end ? null : t.next);
        }
        Object selected = t.resultSelector != null ? t.resultSelector.eval(result, this) : result;
        return finish(t, selected, t.assign, null, t.end ? null : t.next);
    }

    /** The task failed: Retry, Catch or fail the frame. Called by {@link TaskCall}. */
    boolean taskFailed(String error, String cause) {
        call = null;
        return handleError(new AslError(error, cause));
    }

    void setTaskToken(String token) {
        taskToken = token;
        invalidate();
    }

    // --- Parallel

    private boolean parallel(ParallelState p) {
        Object eff = effectiveInput(p);
        Object branchInput;
        if (p.lang == Lang.JSONATA) {
            branchInput = p.arguments != null ? p.arguments.eval(input, this) : input;
        } else {
            branchInput = p.parameters != null ? p.parameters.eval(eff, this) : eff;
        }
        emitRaw(HistoryEventType.ParallelStateStarted, state.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE,
                null, null, null, null, -1, null, null);
        Join j = new Join(this, p.branches.size(), false, null, 0, 0, -1, null);
        childJoin = j;
        for (int i = 0; i < p.branches.size(); i++) {
            Scope b = p.branches.get(i);
            Frame child = new Frame(exec, this, b, new Vars(vars), j, i, silent, prevId);
            child.startAt(b.startAt, branchInput);
            j.add(child);
            core.enqueue(child::run);
        }
        return false;
    }

    // --- Map

    private boolean map(MapState m) {
        Object eff = effectiveInput(m);
        List<?> items;
        if (m.lang == Lang.JSONATA) {
            Object v;
            String text = "$states.input";
            if (m.itemsExpr != null) {
                v = m.itemsExpr.eval(input, this);
                if (m.itemsExpr instanceof Template.JsonataTemplate jt) {
                    text = jt.expr().text();
                }
                if (!(v instanceof List<?> l)) {
                    throw AslError.query("The JSONata expression '" + text + "' specified for the field 'Items'"
                            + " returned an unexpected result type. Expected 'array', but was '" + Json.typeName(v)
                            + "' for value: " + Json.write(v));
                }
                items = l;
            } else {
                v = input;
                if (!(v instanceof List<?> l)) {
                    throw AslError.query("Map state input must be an array but was: " + Json.write(v));
                }
                items = l;
            }
        } else {
            Object v = eff;
            if (m.itemsPath != null) {
                v = find(m.itemsPath, eff);
                if (v == Path.MISSING) {
                    throw AslError.runtime("Invalid path '" + m.itemsPath.text() + "' : "
                            + m.itemsPath.notFoundMessage(rootOf(m.itemsPath, eff)));
                }
            }
            if (!(v instanceof List<?> l)) {
                throw AslError.query("Map state input must be an array but was: " + Json.write(v));
            }
            items = l;
        }
        int maxConcurrency = mapMaxConcurrency(m, eff);
        int toleratedCount = mapToleratedCount(m, eff);
        double toleratedPercentage = mapToleratedPercentage(m, eff);
        // Item inputs: ItemSelector (or Parameters) per item, or the item itself; with ItemBatcher, batches.
        List<Object> inputs = new ArrayList<>(items.size());
        if (m.batcher != null) {
            inputs.addAll(batches(m, items, eff));
        } else if (m.itemSelector == null) {
            inputs.addAll(items);
        } else {
            Object selectorInput = m.lang == Lang.JSONATA ? input : eff;
            try {
                for (int i = 0; i < items.size(); i++) {
                    hasItem = true;
                    itemIndex = i;
                    itemValue = items.get(i);
                    invalidate();
                    inputs.add(m.itemSelector.eval(selectorInput, this));
                }
            } finally {
                hasItem = false;
                invalidate();
            }
        }
        emitRaw(HistoryEventType.MapStateStarted, state.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE, null,
                null, null, null, inputs.size(), null, null);
        if (m.distributed) {
            emitRaw(HistoryEventType.MapRunStarted, state.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE, null,
                    null, null, null, -1, null, null);
        }
        Join j = new Join(this, inputs.size(), true, inputs, maxConcurrency, toleratedCount, toleratedPercentage, m);
        childJoin = j;
        if (inputs.isEmpty()) {
            core.enqueue(() -> resume(() -> joinSucceeded(j)));
            return false;
        }
        j.launchMore();
        return false;
    }

    Frame newIteration(Join j, int index, Object itemInput) {
        MapState m = (MapState) state;
        Frame child = new Frame(exec, this, m.processor, new Vars(vars), j, index, silent || m.distributed, prevId);
        child.startAt(m.processor.startAt, itemInput);
        return child;
    }

    private List<Object> batches(MapState m, List<?> items, Object eff) {
        Model.Batcher b = m.batcher;
        int maxItems = Integer.MAX_VALUE;
        if (b.maxItemsPerBatch != null) {
            maxItems = b.maxItemsPerBatch;
        } else if (b.maxItemsPerBatchPath != null) {
            maxItems = intAt(b.maxItemsPerBatchPath, eff, "MaxItemsPerBatchPath");
        } else if (b.maxItemsPerBatchExpr != null) {
            maxItems = ((Number) b.maxItemsPerBatchExpr.eval(input, this)).intValue();
        }
        int maxBytes = 256 * 1024;
        if (b.maxInputBytesPerBatch != null) {
            maxBytes = b.maxInputBytesPerBatch;
        } else if (b.maxInputBytesPerBatchPath != null) {
            maxBytes = intAt(b.maxInputBytesPerBatchPath, eff, "MaxInputBytesPerBatchPath");
        }
        Object batchInput = b.batchInput == null ? null
                : b.batchInput.eval(m.lang == Lang.JSONATA ? input : eff, this);
        List<Object> out = new ArrayList<>();
        List<Object> cur = new ArrayList<>();
        int bytes = 0;
        for (Object item : items) {
            int size = Json.write(item).length();
            if (!cur.isEmpty() && (cur.size() >= maxItems || bytes + size > maxBytes)) {
                out.add(batch(cur, batchInput));
                cur = new ArrayList<>();
                bytes = 0;
            }
            cur.add(item);
            bytes += size;
        }
        if (!cur.isEmpty()) {
            out.add(batch(cur, batchInput));
        }
        return out;
    }

    private static Object batch(List<Object> items, Object batchInput) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (batchInput != null) {
            m.put("BatchInput", batchInput);
        }
        m.put("Items", items);
        return m;
    }

    private int intAt(Path p, Object eff, String field) {
        Object v = find(p, eff);
        if (v == Path.MISSING) {
            throw AslError.runtime("Invalid path '" + p.text() + "' : " + p.notFoundMessage(rootOf(p, eff)));
        }
        if (v instanceof String str && str.matches("-?\\d{1,18}")) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(str)));
        }
        if (!Json.isIntegral(v)) {
            throw AslError.runtime("The " + field + " field refers to value " + quoted(v)
                    + " which is not a valid integer: " + p.text());
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ((Number) v).longValue()));
    }

    /** A value as AWS quotes it in messages: "NoNumber", "{}". */
    private static String quoted(Object v) {
        return "\"" + (v instanceof String s ? s : Json.write(v)) + "\"";
    }

    private int mapMaxConcurrency(MapState m, Object eff) {
        if (m.maxConcurrency != null) {
            return m.maxConcurrency;
        }
        if (m.maxConcurrencyPath != null) {
            int v = intAt(m.maxConcurrencyPath, eff, "MaxConcurrencyPath");
            if (v < 0) {
                throw AslError.runtime("MaxConcurrency cannot be negative.");
            }
            return v;
        }
        if (m.maxConcurrencyExpr != null) {
            Object v = m.maxConcurrencyExpr.eval(input, this);
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
                throw AslError.query("The MaxConcurrency field's value must be a non-negative integer, but was: "
                        + Json.write(v));
            }
            return (int) Math.min(Integer.MAX_VALUE, n.longValue());
        }
        return 0;
    }

    private int mapToleratedCount(MapState m, Object eff) {
        if (m.toleratedFailureCount != null) {
            return m.toleratedFailureCount;
        }
        if (m.toleratedFailureCountPath != null) {
            int v = intAt(m.toleratedFailureCountPath, eff, "ToleratedFailureCountPath");
            if (v < 0) {
                throw AslError.runtime("ToleratedFailureCount cannot be negative.");
            }
            return v;
        }
        if (m.toleratedFailureCountExpr != null) {
            Object v = m.toleratedFailureCountExpr.eval(input, this);
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw AslError.query("The ToleratedFailureCount field's value must be an integer, but was: "
                        + Json.write(v));
            }
            if (n.longValue() < 0) {
                throw AslError.query("ToleratedFailureCount cannot be negative.");
            }
            return (int) Math.min(Integer.MAX_VALUE, n.longValue());
        }
        return 0;
    }

    private double mapToleratedPercentage(MapState m, Object eff) {
        if (m.toleratedFailurePercentage != null) {
            return m.toleratedFailurePercentage;
        }
        if (m.toleratedFailurePercentagePath != null) {
            Path p = m.toleratedFailurePercentagePath;
            Object v = find(p, eff);
            if (v == Path.MISSING) {
                throw AslError.runtime("Invalid path '" + p.text() + "' : " + p.notFoundMessage(rootOf(p, eff)));
            }
            double d;
            if (v instanceof Number n) {
                d = n.doubleValue();
            } else if (v instanceof String str && str.matches("-?\\d+(\\.\\d+)?")) {
                d = Double.parseDouble(str);
            } else {
                throw AslError.runtime("The ToleratedFailurePercentagePath field refers to value " + quoted(v)
                        + " which is not a valid float: " + p.text());
            }
            if (d < 0 || d > 100) {
                throw AslError.runtime("ToleratedFailurePercentage must be between 0 and 100.");
            }
            return d;
        }
        if (m.toleratedFailurePercentageExpr != null) {
            Object v = m.toleratedFailurePercentageExpr.eval(input, this);
            if (!(v instanceof Number n)) {
                throw AslError.query("The ToleratedFailurePercentage field's value must be a number, but was: "
                        + Json.write(v));
            }
            double d = n.doubleValue();
            if (d < 0 || d > 100) {
                throw AslError.query("ToleratedFailurePercentage must be between 0 and 100.");
            }
            return d;
        }
        return -1;
    }

    /** All children of a Parallel or Map succeeded. */
    boolean joinSucceeded(Join j) {
        childJoin = null;
        StateNode st = state;
        if (st instanceof MapState m) {
            if (m.distributed) {
                emitRaw(HistoryEventType.MapRunSucceeded, st.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE,
                        null, null, null, null, -1, null, null);
            }
            emitRaw(HistoryEventType.MapStateSucceeded, st.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE,
                    null, null, null, null, -1, null, null);
        } else {
            emitRaw(HistoryEventType.ParallelStateSucceeded, st.name, HistoryEvent.NONE_VALUE,
                    HistoryEvent.NONE_VALUE, null, null, null, null, -1, null, null);
        }
        List<Object> result = j.results();
        if (st.lang == Lang.JSONATA) {
            return finish(st, result, st.assign, st.output, st.end ? null : st.next);
        }
        Object selected = st.resultSelector != null ? st.resultSelector.eval(result, this) : result;
        return finish(st, selected, st.assign, null, st.end ? null : st.next);
    }

    /** A child of a Parallel or Map failed (and the failure was not tolerated). */
    boolean joinFailed(Join j, String error, String cause) {
        childJoin = null;
        StateNode st = state;
        if (st instanceof MapState m) {
            if (m.distributed) {
                emitRaw(HistoryEventType.MapRunFailed, st.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE,
                        error, cause, null, null, -1, null, null);
            }
            emitRaw(HistoryEventType.MapStateFailed, st.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE, null,
                    null, null, null, -1, null, null);
        } else {
            emitRaw(HistoryEventType.ParallelStateFailed, st.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE,
                    null, null, null, null, -1, null, null);
        }
        return handleError(new AslError(error, cause));
    }

    // ------------------------------------------------------------------------------------------------
    // Errors: Retry, Catch, or fail the frame

    private boolean handleError(AslError e) {
        StateNode st = state;
        String error = e.error();
        String cause = e.cause();
        if (e.inState()) {
            cause = "An error occurred while executing the state '" + st.name + "' (entered at the event id #"
                    + enteredId + "). " + cause;
        }
        if (ErrorNames.QUERY_EVALUATION_ERROR.equals(error)) {
            emitRaw(HistoryEventType.EvaluationFailed, st.name, HistoryEvent.NONE_VALUE, HistoryEvent.NONE_VALUE,
                    error, cause, null, null, -1, null, null);
        }
        if (!isTerminal(error)) {
            List<Retrier> retry = st.retry;
            for (int i = 0; i < retry.size(); i++) {
                Retrier r = retry.get(i);
                if (!Errors.matches(r.errorEquals, error)) {
                    continue;
                }
                if (attempts == null) {
                    attempts = new int[retry.size()];
                }
                if (attempts[i] < r.maxAttempts) {
                    double delay = r.intervalSeconds * Math.pow(r.backoffRate, attempts[i]);
                    if (r.maxDelaySeconds != null) {
                        delay = Math.min(delay, r.maxDelaySeconds);
                    }
                    if (r.jitterFull) {
                        delay = core.random.nextDouble() * delay;
                    }
                    attempts[i]++;
                    retryCount++;
                    invalidate();
                    long nanos = (long) (delay * 1_000_000_000L);
                    timer = core.schedule(core.now().plusNanos(nanos), exec, () -> {
                        timer = null;
                        resume(this::execute);
                    });
                    return false;
                }
                break;
            }
            List<Catcher> catchers = st.catchers;
            for (Catcher c : catchers) {
                if (Errors.matches(c.errorEquals, error)) {
                    return caught(st, c, error, cause);
                }
            }
        }
        frameFailed(error, cause);
        return false;
    }

    private static boolean isTerminal(String error) {
        return ErrorNames.RUNTIME.equals(error) || ErrorNames.DATA_LIMIT_EXCEEDED.equals(error);
    }

    private boolean caught(StateNode st, Catcher c, String error, String cause) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("Error", error);
        err.put("Cause", cause);
        if (st.lang == Lang.JSONATA) {
            errorOutput = err;
            invalidate();
            Map<String, Object> assigned = evalAssign(c.assign, input);
            Object out = c.output != null ? c.output.eval(input, this) : err;
            store(assigned);
            return exit(out, c.next, assigned);
        }
        Map<String, Object> assigned = evalAssign(c.assign, err);
        Object out = applyResultPath(st, input, err, c.resultPath, c.resultPathNull);
        store(assigned);
        return exit(out, c.next, assigned, err);
    }
}
