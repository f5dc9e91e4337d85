package dev.dayshift.asl.internal;

import dev.dayshift.asl.AslProblem;
import dev.dayshift.asl.internal.Model.Batcher;
import dev.dayshift.asl.internal.Model.Catcher;
import dev.dayshift.asl.internal.Model.ChoiceRule;
import dev.dayshift.asl.internal.Model.ChoiceState;
import dev.dayshift.asl.internal.Model.FailState;
import dev.dayshift.asl.internal.Model.Lang;
import dev.dayshift.asl.internal.Model.MapState;
import dev.dayshift.asl.internal.Model.ParallelState;
import dev.dayshift.asl.internal.Model.PassState;
import dev.dayshift.asl.internal.Model.Pattern;
import dev.dayshift.asl.internal.Model.Retrier;
import dev.dayshift.asl.internal.Model.Scope;
import dev.dayshift.asl.internal.Model.StateNode;
import dev.dayshift.asl.internal.Model.SucceedState;
import dev.dayshift.asl.internal.Model.TaskState;
import dev.dayshift.asl.internal.Model.WaitState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed definition into the {@link Model}, checking it on the way. Every problem is collected with
 * its JSON pointer; nothing stops at the first one.
 */
public final class Compiler {
    private static final int MAX_STATE_NAME = 80;
    private static final java.util.regex.Pattern ARN = java.util.regex.Pattern.compile(
            "^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|[a-z0-9-]+):[^:\\n]+:[^:\\n]*:\\d*:([^:/*]+([:/].*[^:/]+)?)$",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern VARIABLE_NAME =
            java.util.regex.Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private static final Set<String> TOP_FIELDS = Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds",
            "QueryLanguage");
    private static final Set<String> SCOPE_FIELDS = Set.of("Comment", "StartAt", "States", "ProcessorConfig",
            "QueryLanguage");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Map<String, Set<String>> JSONPATH_FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign"),
            "Task", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Retry", "Catch", "Credentials", "Assign"),
            "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default", "Assign"),
            "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp",
                    "TimestampPath", "Assign"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "Branches", "Retry", "Catch", "Assign"),
            "Map", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "ItemsPath", "ItemSelector", "Iterator", "ItemProcessor", "MaxConcurrency", "MaxConcurrencyPath",
                    "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount", "ToleratedFailureCountPath",
                    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "Retry", "Catch",
                    "Assign"));
    private static final Map<String, Set<String>> JSONATA_FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "Output", "Assign", "Result"),
            "Task", Set.of("Next", "End", "Resource", "Arguments", "Output", "Assign", "TimeoutSeconds",
                    "HeartbeatSeconds", "Retry", "Catch", "Credentials"),
            "Choice", Set.of("Choices", "Default", "Output", "Assign"),
            "Wait", Set.of("Next", "End", "Seconds", "Timestamp", "Output", "Assign"),
            "Succeed", Set.of("Output"),
            "Fail", Set.of("Error", "Cause"),
            "Parallel", Set.of("Next", "End", "Branches", "Arguments", "Output", "Assign", "Retry", "Catch"),
            "Map", Set.of("Next", "End", "Items", "ItemSelector", "ItemProcessor", "Iterator", "ItemReader",
                    "ItemBatcher", "ResultWriter", "MaxConcurrency", "ToleratedFailureCount",
                    "ToleratedFailurePercentage", "Label", "Output", "Assign", "Retry", "Catch", "Arguments"));

    /** Choice comparison operators, with the type their value must have. */
    private static final Map<String, String> OPERATORS = new LinkedHashMap<>();

    static {
        for (String t : List.of("String", "Numeric", "Timestamp")) {
            String type = t.equals("Numeric") ? "number" : "string";
            for (String op : List.of("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")) {
                OPERATORS.put(t + op, type);
                OPERATORS.put(t + op + "Path", "path");
            }
        }
        OPERATORS.put("StringMatches", "string");
        OPERATORS.put("BooleanEquals", "boolean");
        OPERATORS.put("BooleanEqualsPath", "path");
        for (String op : List.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")) {
            OPERATORS.put(op, "boolean");
        }
    }

    private final List<AslProblem> problems = new ArrayList<>();
    private final Map<String, String> allStateNames = new HashMap<>();

    private Compiler() {
    }

    /** The result: the model (usable only when there are no problems) and every problem found. */
    public record Result(Model.Machine machine, List<AslProblem> problems) {
    }

    public static Result compile(Object definition) {
        Compiler c = new Compiler();
        Model.Machine m = c.machine(definition);
        return new Result(m, List.copyOf(c.problems));
    }

    private void problem(String pointer, String message) {
        problems.add(new AslProblem(pointer, message));
    }

    // ------------------------------------------------------------------------------------------------

    private Model.Machine machine(Object def) {
        Model.Machine m = new Model.Machine();
        m.definition = def;
        if (!(def instanceof Map<?, ?> root)) {
            problem("", "A state machine definition must be a JSON object, but it is " + Json.typeName(def));
            return m;
        }
        for (Object k : root.keySet()) {
            if (!TOP_FIELDS.contains((String) k)) {
                problem("/" + Json.pointerToken((String) k), "Unknown field '" + k + "' at the top level of the definition");
            }
        }
        Lang lang = Lang.JSONPATH;
        Object ql = root.get("QueryLanguage");
        if (ql != null || root.containsKey("QueryLanguage")) {
            lang = queryLanguage(ql, "/QueryLanguage", Lang.JSONPATH);
        }
        if (root.containsKey("Comment") && !(root.get("Comment") instanceof String)) {
            problem("/Comment", "Comment must be a string");
        }
        m.comment = root.get("Comment") instanceof String s ? s : null;
        if (root.containsKey("Version") && !(root.get("Version") instanceof String)) {
            problem("/Version", "Version must be a string");
        }
        if (root.containsKey("TimeoutSeconds")) {
            Long t = positiveInt(root.get("TimeoutSeconds"), "/TimeoutSeconds", "TimeoutSeconds", true);
            m.timeoutSeconds = t;
        }
        m.scope = scope(root, "", lang, false);
        return m;
    }

    private Lang queryLanguage(Object v, String pointer, Lang inherited) {
        if ("JSONPath".equals(v)) {
            if (inherited == Lang.JSONATA) {
                problem(pointer, "A state cannot use JSONPath when the state machine's QueryLanguage is JSONata");
            }
            return Lang.JSONPATH;
        }
        if ("JSONata".equals(v)) {
            return Lang.JSONATA;
        }
        problem(pointer, "QueryLanguage must be \"JSONPath\" or \"JSONata\", but it is " + Json.write(v));
        return inherited;
    }

    private Scope scope(Map<?, ?> obj, String pointer, Lang lang, boolean nested) {
        Scope s = new Scope();
        s.pointer = pointer;
        s.lang = lang;
        s.states = new LinkedHashMap<>();
        if (nested) {
            for (Object k : obj.keySet()) {
                if (!SCOPE_FIELDS.contains((String) k)) {
                    problem(pointer + "/" + Json.pointerToken((String) k), "Unknown field '" + k + "'");
                }
            }
            if (obj.containsKey("QueryLanguage")) {
                s.lang = queryLanguage(obj.get("QueryLanguage"), pointer + "/QueryLanguage", lang);
            }
        }
        Object startAt = obj.get("StartAt");
        if (startAt == null) {
            problem(pointer, "The field 'StartAt' is required");
        } else if (!(startAt instanceof String)) {
            problem(pointer + "/StartAt", "StartAt must be a string");
        } else {
            s.startAt = (String) startAt;
        }
        Object states = obj.get("States");
        if (states == null) {
            problem(pointer, "The field 'States' is required");
            return s;
        }
        if (!(states instanceof Map<?, ?> sm)) {
            problem(pointer + "/States", "States must be an object");
            return s;
        }
        if (sm.isEmpty()) {
            problem(pointer + "/States", "States must hold at least one state");
        }
        for (Map.Entry<?, ?> e : sm.entrySet()) {
            String name = (String) e.getKey();
            String p = pointer + "/States/" + Json.pointerToken(name);
            String prev = allStateNames.putIfAbsent(name, p);
            if (prev != null) {
                problem(p, "The state name '" + name + "' is already used at " + prev
                        + "; state names must be unique across the whole state machine");
            }
            if (name.isEmpty() || name.length() > MAX_STATE_NAME) {
                problem(p, "A state name must be 1 to " + MAX_STATE_NAME + " characters long");
            }
            StateNode st = state(name, e.getValue(), p, s.lang);
            if (st != null) {
                s.states.put(name, st);
            }
        }
        if (s.startAt != null && !sm.containsKey(s.startAt)) {
            problem(pointer + "/StartAt", "StartAt names the state '" + s.startAt + "', which does not exist");
        }
        checkTransitions(s, sm);
        return s;
    }

    private void checkTransitions(Scope s, Map<?, ?> raw) {
        boolean terminal = false;
        for (StateNode st : s.states.values()) {
            if (st.end || st instanceof SucceedState || st instanceof FailState) {
                terminal = true;
            }
            if (st.next != null && !raw.containsKey(st.next)) {
                problem(st.pointer + "/Next", "Next names the state '" + st.next
                        + "', which does not exist" + outside(st.next));
            }
            for (int i = 0; i < st.catchers.size(); i++) {
                String n = st.catchers.get(i).next;
                if (n != null && !raw.containsKey(n)) {
                    problem(st.pointer + "/Catch/" + i + "/Next", "Next names the state '" + n
                            + "', which does not exist" + outside(n));
                }
            }
            if (st instanceof ChoiceState c) {
                if (c.defaultNext != null && !raw.containsKey(c.defaultNext)) {
                    problem(st.pointer + "/Default", "Default names the state '" + c.defaultNext
                            + "', which does not exist" + outside(c.defaultNext));
                }
                if (c.choices != null) {
                    for (ChoiceRule r : c.choices) {
                        if (r.next != null && !raw.containsKey(r.next)) {
                            problem(r.pointer + "/Next", "Next names the state '" + r.next
                                    + "', which does not exist" + outside(r.next));
                        }
                    }
                }
            }
        }
        if (!s.states.isEmpty() && !terminal) {
            problem(s.pointer + "/States", "No terminal state: at least one state must have \"End\": true or be of"
                    + " type Succeed or Fail");
        }
        // Reachability from StartAt.
        if (s.startAt != null && s.states.containsKey(s.startAt)) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.add(s.startAt);
            while (!todo.isEmpty()) {
                String n = todo.poll();
                StateNode st = s.states.get(n);
                if (st == null || !seen.add(n)) {
                    continue;
                }
                if (st.next != null) {
                    todo.add(st.next);
                }
                for (Catcher c : st.catchers) {
                    if (c.next != null) {
                        todo.add(c.next);
                    }
                }
                if (st instanceof ChoiceState c) {
                    if (c.defaultNext != null) {
                        todo.add(c.defaultNext);
                    }
                    if (c.choices != null) {
                        for (ChoiceRule r : c.choices) {
                            if (r.next != null) {
                                todo.add(r.next);
                            }
                        }
                    }
                }
            }
            for (StateNode st : s.states.values()) {
                if (!seen.contains(st.name)) {
                    problem(st.pointer, "The state '" + st.name + "' cannot be reached from StartAt '" + s.startAt
                            + "'");
                }
            }
        }
    }

    private String outside(String name) {
        return allStateNames.containsKey(name) ? " in this scope (a state cannot move into or out of a Parallel"
                + " branch or a Map's item processor)" : "";
    }

    // ------------------------------------------------------------------------------------------------

    private StateNode state(String name, Object raw, String p, Lang inherited) {
        if (!(raw instanceof Map<?, ?> m)) {
            problem(p, "A state must be a JSON object");
            return null;
        }
        Object typeValue = m.get("Type");
        if (typeValue == null) {
            problem(p, "The field 'Type' is required");
            return null;
        }
        if (!(typeValue instanceof String type) || !JSONPATH_FIELDS.containsKey(type)) {
            problem(p + "/Type", "Unknown state type " + Json.write(typeValue)
                    + "; expected Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map");
            return null;
        }
        Lang lang = inherited;
        if (m.containsKey("QueryLanguage")) {
            lang = queryLanguage(m.get("QueryLanguage"), p + "/QueryLanguage", inherited);
        }
        Set<String> allowed = (lang == Lang.JSONATA ? JSONATA_FIELDS : JSONPATH_FIELDS).get(type);
        for (Object k : m.keySet()) {
            String key = (String) k;
            if (!COMMON.contains(key) && !allowed.contains(key)) {
                String other = (lang == Lang.JSONATA ? JSONPATH_FIELDS : JSONATA_FIELDS).get(type).contains(key)
                        ? " (it belongs to " + (lang == Lang.JSONATA ? "JSONPath" : "JSONata") + " states)" : "";
                problem(p + "/" + Json.pointerToken(key), "The field '" + key + "' is not supported in a " + type
                        + " state with QueryLanguage " + (lang == Lang.JSONATA ? "JSONata" : "JSONPath") + other);
            }
        }
        if (m.containsKey("Comment") && !(m.get("Comment") instanceof String)) {
            problem(p + "/Comment", "Comment must be a string");
        }
        StateNode st = switch (type) {
            case "Pass" -> pass(m, p, lang);
            case "Task" -> task(m, p, lang);
            case "Choice" -> choice(m, p, lang);
            case "Wait" -> waitState(m, p, lang);
            case "Succeed" -> new SucceedState();
            case "Fail" -> fail(m, p, lang);
            case "Parallel" -> parallel(m, p, lang);
            default -> map(m, p, lang);
        };
        st.name = name;
        st.type = type;
        st.pointer = p;
        st.lang = lang;
        st.enteredEvent = dev.dayshift.asl.HistoryEventType.valueOf(type + "StateEntered");
        st.exitedEvent = type.equals("Fail") ? null : dev.dayshift.asl.HistoryEventType.valueOf(type + "StateExited");
        if (!type.equals("Choice") && !type.equals("Succeed") && !type.equals("Fail")) {
            transition(st, m, p);
        }
        io(st, m, p, lang);
        return st;
    }

    private void transition(StateNode st, Map<?, ?> m, String p) {
        boolean hasNext = m.containsKey("Next");
        boolean hasEnd = m.containsKey("End");
        if (hasNext && hasEnd) {
            problem(p, "A state cannot have both 'Next' and 'End'");
        } else if (!hasNext && !hasEnd) {
            problem(p, "A " + st.getClass().getSimpleName().replace("State", "")
                    + " state must have either 'Next' or \"End\": true");
        }
        if (hasNext) {
            if (m.get("Next") instanceof String n) {
                st.next = n;
            } else {
                problem(p + "/Next", "Next must be a string naming a state");
            }
        }
        if (hasEnd) {
            if (Boolean.TRUE.equals(m.get("End"))) {
                st.end = true;
            } else {
                problem(p + "/End", "End must be true when present");
            }
        }
    }

    private void io(StateNode st, Map<?, ?> m, String p, Lang lang) {
        if (lang == Lang.JSONPATH) {
            if (m.containsKey("InputPath")) {
                Object v = m.get("InputPath");
                if (v == null) {
                    st.inputPathNull = true;
                } else {
                    st.inputPath = path(v, p + "/InputPath", "InputPath");
                }
            }
            if (m.containsKey("OutputPath")) {
                Object v = m.get("OutputPath");
                if (v == null) {
                    st.outputPathNull = true;
                } else {
                    st.outputPath = path(v, p + "/OutputPath", "OutputPath");
                }
            }
            if (m.containsKey("ResultPath")) {
                Object v = m.get("ResultPath");
                if (v == null) {
                    st.resultPathNull = true;
                } else {
                    st.resultPath = referencePath(v, p + "/ResultPath", "ResultPath");
                }
            }
            if (m.containsKey("Parameters") && !(st instanceof MapState)) {
                st.parameters = payload(m.get("Parameters"), p + "/Parameters", "Parameters");
            }
            if (m.containsKey("ResultSelector")) {
                st.resultSelector = payload(m.get("ResultSelector"), p + "/ResultSelector", "ResultSelector");
            }
            if (m.containsKey("Assign")) {
                st.assign = assign(m.get("Assign"), p + "/Assign", lang);
            }
        } else {
            if (m.containsKey("Arguments")) {
                Object v = m.get("Arguments");
                if (!(v instanceof Map) && !(v instanceof String s && JsonataExpr.isTemplate(s))) {
                    problem(p + "/Arguments", "Arguments must be an object or a JSONata expression {% ... %}");
                }
                st.arguments = Template.jsonata(v, "Arguments", p + "/Arguments", problems);
            }
            if (m.containsKey("Output")) {
                st.output = Template.jsonata(m.get("Output"), "Output", p + "/Output", problems);
            }
            if (m.containsKey("Assign")) {
                st.assign = assign(m.get("Assign"), p + "/Assign", lang);
            }
        }
        if (m.containsKey("Retry")) {
            st.retry = retry(m.get("Retry"), p + "/Retry");
        }
        if (m.containsKey("Catch")) {
            st.catchers = catchers(m.get("Catch"), p + "/Catch", lang);
        }
    }

    private Template assign(Object v, String p, Lang lang) {
        if (!(v instanceof Map<?, ?> m)) {
            problem(p, "Assign must be an object of variable names to values");
            return null;
        }
        for (Object k : m.keySet()) {
            String name = (String) k;
            String var = lang == Lang.JSONPATH && name.endsWith(".$") ? name.substring(0, name.length() - 2) : name;
            if (!VARIABLE_NAME.matcher(var).matches()) {
                problem(p + "/" + Json.pointerToken(name), "The variable name '" + var
                        + "' is not valid: use letters, digits and underscores, not starting with a digit");
            } else if (var.equals("states")) {
                problem(p + "/" + Json.pointerToken(name), "The variable name 'states' is reserved");
            } else if (var.length() > MAX_STATE_NAME) {
                problem(p + "/" + Json.pointerToken(name), "A variable name must be at most 80 characters long");
            }
        }
        if (lang == Lang.JSONPATH) {
            duplicateFields(m, p);
            return Template.jsonPath(v, p, problems);
        }
        return Template.jsonata(v, "Assign", p, problems);
    }

    private Template payload(Object v, String p, String field) {
        if (!(v instanceof Map<?, ?> m)) {
            problem(p, field + " must be a JSON object");
            return Template.jsonPath(v, p, problems);
        }
        duplicateFields(m, p);
        return Template.jsonPath(v, p, problems);
    }

    private void duplicateFields(Object v, String p) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = (String) e.getKey();
                if (k.endsWith(".$") && m.containsKey(k.substring(0, k.length() - 2))) {
                    problem(p + "/" + Json.pointerToken(k), "The fields '" + k + "' and '"
                            + k.substring(0, k.length() - 2) + "' would both produce the field '"
                            + k.substring(0, k.length() - 2) + "'");
                }
                duplicateFields(e.getValue(), p + "/" + Json.pointerToken(k));
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                duplicateFields(l.get(i), p + "/" + i);
            }
        }
    }

    private Path path(Object v, String p, String field) {
        if (!(v instanceof String s)) {
            problem(p, field + " must be a string holding a JSONPath, or null");
            return null;
        }
        try {
            return Path.compile(s);
        } catch (Path.PathSyntaxException e) {
            problem(p, field + " is not a valid JSONPath: '" + s + "' (" + e.getMessage() + ")");
            return null;
        }
    }

    private Path referencePath(Object v, String p, String field) {
        Path path = path(v, p, field);
        if (path == null) {
            return null;
        }
        if (path.root() != Path.Root.INPUT || path.steps() == null) {
            problem(p, field + " must be a reference path such as $.a.b (no $$, variables, wildcards or filters): '"
                    + path.text() + "'");
            return null;
        }
        return path;
    }

    private Long positiveInt(Object v, String p, String field, boolean allowZero) {
        if (v instanceof Long l && (l > 0 || allowZero && l == 0)) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && (d > 0 || allowZero && d == 0)) {
            return d.longValue();
        }
        problem(p, field + " must be a " + (allowZero ? "non-negative" : "positive") + " integer, but it is "
                + Json.write(v));
        return null;
    }

    /** A JSONata field that may hold a number literal or an expression. */
    private Template numberOrExpr(Object v, String p, String field, boolean allowZero) {
        if (v instanceof String s && JsonataExpr.isTemplate(s)) {
            return Template.jsonata(s, field, p, problems);
        }
        Long l = positiveInt(v, p, field, allowZero);
        return Template.constant(l);
    }

    // ------------------------------------------------------------------------------------------------

    private StateNode pass(Map<?, ?> m, String p, Lang lang) {
        PassState s = new PassState();
        if (m.containsKey("Result")) {
            s.result = Template.constant(m.get("Result"));
        }
        return s;
    }

    private StateNode task(Map<?, ?> m, String p, Lang lang) {
        TaskState s = new TaskState();
        Object r = m.get("Resource");
        if (r == null) {
            problem(p, "The field 'Resource' is required in a Task state");
        } else if (!(r instanceof String res)) {
            problem(p + "/Resource", "Resource must be a string");
        } else {
            if (!ARN.matcher(res).matches()) {
                problem(p + "/Resource", "Resource must be an ARN (arn:partition:service:region:account:resource),"
                        + " but it is '" + res + "'");
            }
            s.resource = res;
            resourceParts(s, res);
            if (res.endsWith(".waitForTaskToken")) {
                s.pattern = Pattern.WAIT_FOR_TASK_TOKEN;
            } else if (res.endsWith(".sync") || res.contains(".sync:")) {
                s.pattern = Pattern.SYNC;
            } else {
                s.pattern = Pattern.REQUEST_RESPONSE;
            }
        }
        if (m.containsKey("TimeoutSeconds") && m.containsKey("TimeoutSecondsPath")) {
            problem(p, "A Task state can have at most one of TimeoutSeconds and TimeoutSecondsPath");
        }
        if (m.containsKey("HeartbeatSeconds") && m.containsKey("HeartbeatSecondsPath")) {
            problem(p, "A Task state can have at most one of HeartbeatSeconds and HeartbeatSecondsPath");
        }
        if (m.containsKey("TimeoutSeconds")) {
            if (lang == Lang.JSONATA) {
                s.timeoutSecondsExpr = numberOrExpr(m.get("TimeoutSeconds"), p + "/TimeoutSeconds", "TimeoutSeconds",
                        false);
            } else {
                s.timeoutSeconds = positiveInt(m.get("TimeoutSeconds"), p + "/TimeoutSeconds", "TimeoutSeconds", false);
            }
        }
        if (m.containsKey("TimeoutSecondsPath")) {
            s.timeoutSecondsPath = referenceOrContextPath(m.get("TimeoutSecondsPath"), p + "/TimeoutSecondsPath",
                    "TimeoutSecondsPath");
        }
        if (m.containsKey("HeartbeatSeconds")) {
            if (lang == Lang.JSONATA) {
                s.heartbeatSecondsExpr = numberOrExpr(m.get("HeartbeatSeconds"), p + "/HeartbeatSeconds",
                        "HeartbeatSeconds", false);
            } else {
                s.heartbeatSeconds = positiveInt(m.get("HeartbeatSeconds"), p + "/HeartbeatSeconds",
                        "HeartbeatSeconds", false);
            }
        }
        if (m.containsKey("HeartbeatSecondsPath")) {
            s.heartbeatSecondsPath = referenceOrContextPath(m.get("HeartbeatSecondsPath"),
                    p + "/HeartbeatSecondsPath", "HeartbeatSecondsPath");
        }
        if (s.timeoutSeconds != null && s.heartbeatSeconds != null && s.heartbeatSeconds >= s.timeoutSeconds) {
            problem(p + "/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds");
        }
        if (m.containsKey("Credentials")) {
            Object c = m.get("Credentials");
            if (!(c instanceof Map)) {
                problem(p + "/Credentials", "Credentials must be an object");
            } else {
                s.credentials = lang == Lang.JSONATA ? Template.jsonata(c, "Credentials", p + "/Credentials", problems)
                        : Template.jsonPath(c, p + "/Credentials", problems);
            }
        }
        return s;
    }

    /** How history events name a resource: lambda/invoke for arn:aws:states:::lambda:invoke, etc. */
    private static void resourceParts(TaskState s, String res) {
        String[] parts = res.split(":");
        if (parts.length >= 7 && parts[2].equals("lambda") && parts[5].equals("function")) {
            s.lambdaFunction = true;
            s.resourceName = res;
        } else if (res.matches("^arn:[^:]+:states:::.+")) {
            String tail = res.substring(res.indexOf(":::") + 3);
            int c = tail.lastIndexOf(':');
            s.resourceType = c < 0 ? tail : tail.substring(0, c);
            s.resourceName = c < 0 ? tail : tail.substring(c + 1);
        } else {
            s.resourceType = parts.length > 2 ? parts[2] : res;
            s.resourceName = res;
        }
    }

    private Path referenceOrContextPath(Object v, String p, String field) {
        return path(v, p, field);
    }

    private StateNode choice(Map<?, ?> m, String p, Lang lang) {
        ChoiceState s = new ChoiceState();
        Object choices = m.get("Choices");
        if (choices == null) {
            problem(p, "The field 'Choices' is required in a Choice state");
        } else if (!(choices instanceof List<?> l) || l.isEmpty()) {
            problem(p + "/Choices", "Choices must be a non-empty array of rules");
        } else {
            s.choices = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                ChoiceRule r = rule(l.get(i), p + "/Choices/" + i, lang, true);
                if (r != null) {
                    s.choices.add(r);
                }
            }
        }
        if (m.containsKey("Default")) {
            if (m.get("Default") instanceof String d) {
                s.defaultNext = d;
            } else {
                problem(p + "/Default", "Default must be a string naming a state");
            }
        }
        return s;
    }

    private ChoiceRule rule(Object raw, String p, Lang lang, boolean top) {
        if (!(raw instanceof Map<?, ?> m)) {
            problem(p, "A choice rule must be an object");
            return null;
        }
        ChoiceRule r = new ChoiceRule();
        r.pointer = p;
        if (top) {
            if (m.get("Next") instanceof String n) {
                r.next = n;
            } else {
                problem(p, "A choice rule must have 'Next' naming a state");
            }
            if (m.containsKey("Assign")) {
                r.assign = assign(m.get("Assign"), p + "/Assign", lang);
            }
            if (m.containsKey("Output")) {
                if (lang != Lang.JSONATA) {
                    problem(p + "/Output", "Output is a JSONata field; this choice rule uses JSONPath");
                }
                r.output = Template.jsonata(m.get("Output"), "Output", p + "/Output", problems);
            }
        } else if (m.containsKey("Next")) {
            problem(p + "/Next", "Only top-level choice rules can have 'Next'");
        }
        if (lang == Lang.JSONATA) {
            for (Object k : m.keySet()) {
                if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains((String) k)) {
                    problem(p + "/" + Json.pointerToken((String) k), "The field '" + k
                            + "' is not supported in a JSONata choice rule (use Condition)");
                }
            }
            Object c = m.get("Condition");
            if (c == null) {
                problem(p, "A JSONata choice rule must have a 'Condition'");
            } else if (c instanceof Boolean b) {
                r.kind = ChoiceRule.Kind.CONDITION;
                r.condition = Template.constant(b);
            } else if (!(c instanceof String s && JsonataExpr.isTemplate(s))) {
                problem(p + "/Condition", "Condition must be a JSONata expression {% ... %}");
            } else {
                r.kind = ChoiceRule.Kind.CONDITION;
                r.condition = Template.jsonata(c, "Condition", p + "/Condition", problems);
            }
            return r;
        }
        List<String> ops = new ArrayList<>();
        for (Object k : m.keySet()) {
            String key = (String) k;
            if (OPERATORS.containsKey(key) || key.equals("And") || key.equals("Or") || key.equals("Not")) {
                ops.add(key);
            } else if (!Set.of("Variable", "Next", "Assign", "Comment", "Output").contains(key)) {
                problem(p + "/" + Json.pointerToken(key), "Unknown field '" + key + "' in a choice rule");
            }
        }
        if (ops.size() != 1) {
            problem(p, ops.isEmpty() ? "A choice rule needs a comparison operator (such as StringEquals) or And, Or, Not"
                    : "A choice rule can have only one comparison operator, but it has " + String.join(", ", ops));
            return r;
        }
        String op = ops.get(0);
        Object v = m.get(op);
        switch (op) {
            case "And", "Or" -> {
                r.kind = op.equals("And") ? ChoiceRule.Kind.AND : ChoiceRule.Kind.OR;
                if (m.containsKey("Variable")) {
                    problem(p + "/Variable", op + " rules cannot have a Variable");
                }
                if (!(v instanceof List<?> l) || l.isEmpty()) {
                    problem(p + "/" + op, op + " must be a non-empty array of rules");
                    r.children = List.of();
                } else {
                    r.children = new ArrayList<>();
                    for (int i = 0; i < l.size(); i++) {
                        ChoiceRule c = rule(l.get(i), p + "/" + op + "/" + i, lang, false);
                        if (c != null) {
                            r.children.add(c);
                        }
                    }
                }
            }
            case "Not" -> {
                r.kind = ChoiceRule.Kind.NOT;
                if (m.containsKey("Variable")) {
                    problem(p + "/Variable", "Not rules cannot have a Variable");
                }
                ChoiceRule c = rule(v, p + "/Not", lang, false);
                r.children = c == null ? List.of() : List.of(c);
            }
            default -> {
                r.kind = ChoiceRule.Kind.COMPARE;
                r.operator = op;
                Object var = m.get("Variable");
                if (var == null) {
                    problem(p, "A comparison rule must have a 'Variable'");
                } else {
                    r.variable = path(var, p + "/Variable", "Variable");
                }
                String type = OPERATORS.get(op);
                switch (type) {
                    case "path" -> r.valuePath = path(v, p + "/" + op, op);
                    case "number" -> {
                        if (!(v instanceof Number)) {
                            problem(p + "/" + op, op + " must be a number, but it is " + Json.write(v));
                        }
                        r.value = v;
                    }
                    case "boolean" -> {
                        if (!(v instanceof Boolean)) {
                            problem(p + "/" + op, op + " must be a boolean, but it is " + Json.write(v));
                        }
                        r.value = v;
                    }
                    default -> {
                        if (!(v instanceof String)) {
                            problem(p + "/" + op, op + " must be a string, but it is " + Json.write(v));
                        } else if (op.startsWith("Timestamp") && Timestamps.parse((String) v) == null) {
                            problem(p + "/" + op, op + " must be an ISO-8601 timestamp, but it is " + Json.write(v));
                        }
                        r.value = v;
                    }
                }
            }
        }
        return r;
    }

    private StateNode waitState(Map<?, ?> m, String p, Lang lang) {
        WaitState s = new WaitState();
        int count = 0;
        for (String k : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            if (m.containsKey(k)) {
                count++;
            }
        }
        if (count != 1) {
            problem(p, "A Wait state must have exactly one of Seconds, SecondsPath, Timestamp and TimestampPath");
        }
        if (m.containsKey("Seconds")) {
            Object v = m.get("Seconds");
            if (lang == Lang.JSONATA && v instanceof String str && JsonataExpr.isTemplate(str)) {
                s.secondsExpr = Template.jsonata(v, "Seconds", p + "/Seconds", problems);
            } else {
                s.seconds = positiveInt(v, p + "/Seconds", "Seconds", true);
            }
        }
        if (m.containsKey("SecondsPath")) {
            s.secondsPath = path(m.get("SecondsPath"), p + "/SecondsPath", "SecondsPath");
        }
        if (m.containsKey("Timestamp")) {
            Object v = m.get("Timestamp");
            if (lang == Lang.JSONATA && v instanceof String str && JsonataExpr.isTemplate(str)) {
                s.timestampExpr = Template.jsonata(v, "Timestamp", p + "/Timestamp", problems);
            } else if (!(v instanceof String str) || Timestamps.parse(str) == null) {
                problem(p + "/Timestamp", "Timestamp must be an ISO-8601 timestamp such as 2024-03-14T01:59:00Z, but it is "
                        + Json.write(v));
            } else {
                s.timestamp = str;
            }
        }
        if (m.containsKey("TimestampPath")) {
            s.timestampPath = path(m.get("TimestampPath"), p + "/TimestampPath", "TimestampPath");
        }
        return s;
    }

    private StateNode fail(Map<?, ?> m, String p, Lang lang) {
        FailState s = new FailState();
        if (m.containsKey("Error") && m.containsKey("ErrorPath")) {
            problem(p, "A Fail state can have at most one of Error and ErrorPath");
        }
        if (m.containsKey("Cause") && m.containsKey("CausePath")) {
            problem(p, "A Fail state can have at most one of Cause and CausePath");
        }
        if (m.containsKey("Error")) {
            Object v = m.get("Error");
            if (!(v instanceof String str)) {
                problem(p + "/Error", "Error must be a string");
            } else if (lang == Lang.JSONATA && JsonataExpr.isTemplate(str)) {
                s.errorExpr = Template.jsonata(v, "Error", p + "/Error", problems);
            } else {
                s.error = str;
            }
        }
        if (m.containsKey("Cause")) {
            Object v = m.get("Cause");
            if (!(v instanceof String str)) {
                problem(p + "/Cause", "Cause must be a string");
            } else if (lang == Lang.JSONATA && JsonataExpr.isTemplate(str)) {
                s.causeExpr = Template.jsonata(v, "Cause", p + "/Cause", problems);
            } else {
                s.cause = str;
            }
        }
        if (m.containsKey("ErrorPath")) {
            Object v = m.get("ErrorPath");
            if (v instanceof String str && Intrinsics.looksLikeCall(str)) {
                s.errorPathCall = Template.jsonPath(Map.of("v.$", str), p + "/ErrorPath", problems);
            } else {
                s.errorPath = path(v, p + "/ErrorPath", "ErrorPath");
            }
        }
        if (m.containsKey("CausePath")) {
            Object v = m.get("CausePath");
            if (v instanceof String str && Intrinsics.looksLikeCall(str)) {
                s.causePathCall = Template.jsonPath(Map.of("v.$", str), p + "/CausePath", problems);
            } else {
                s.causePath = path(v, p + "/CausePath", "CausePath");
            }
        }
        return s;
    }

    private StateNode parallel(Map<?, ?> m, String p, Lang lang) {
        ParallelState s = new ParallelState();
        Object b = m.get("Branches");
        s.branches = new ArrayList<>();
        if (b == null) {
            problem(p, "The field 'Branches' is required in a Parallel state");
        } else if (!(b instanceof List<?> l) || l.isEmpty()) {
            problem(p + "/Branches", "Branches must be a non-empty array");
        } else {
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof Map<?, ?> bm)) {
                    problem(p + "/Branches/" + i, "A branch must be an object with StartAt and States");
                    continue;
                }
                s.branches.add(scope(bm, p + "/Branches/" + i, lang, true));
            }
        }
        return s;
    }

    private StateNode map(Map<?, ?> m, String p, Lang lang) {
        MapState s = new MapState();
        boolean hasProcessor = m.containsKey("ItemProcessor");
        boolean hasIterator = m.containsKey("Iterator");
        if (hasProcessor == hasIterator) {
            problem(p, "A Map state must have exactly one of ItemProcessor and Iterator");
        }
        Object proc = hasProcessor ? m.get("ItemProcessor") : m.get("Iterator");
        String pp = p + (hasProcessor ? "/ItemProcessor" : "/Iterator");
        if (proc instanceof Map<?, ?> pm) {
            s.processor = scope(pm, pp, lang, true);
            Object cfg = pm.get("ProcessorConfig");
            if (cfg != null) {
                if (!(cfg instanceof Map<?, ?> cm)) {
                    problem(pp + "/ProcessorConfig", "ProcessorConfig must be an object");
                } else {
                    Object mode = cm.get("Mode");
                    if (mode == null) {
                        problem(pp + "/ProcessorConfig", "ProcessorConfig needs a Mode: INLINE or DISTRIBUTED");
                    } else if (!"INLINE".equals(mode) && !"DISTRIBUTED".equals(mode)) {
                        problem(pp + "/ProcessorConfig/Mode", "Mode must be INLINE or DISTRIBUTED");
                    }
                    s.distributed = "DISTRIBUTED".equals(mode);
                    Object et = cm.get("ExecutionType");
                    if (et != null && !"STANDARD".equals(et) && !"EXPRESS".equals(et)) {
                        problem(pp + "/ProcessorConfig/ExecutionType", "ExecutionType must be STANDARD or EXPRESS");
                    }
                    if (s.distributed && et == null) {
                        problem(pp + "/ProcessorConfig", "A DISTRIBUTED Map needs an ExecutionType (STANDARD or EXPRESS)");
                    }
                    for (Object k : cm.keySet()) {
                        if (!Set.of("Mode", "ExecutionType").contains((String) k)) {
                            problem(pp + "/ProcessorConfig/" + Json.pointerToken((String) k), "Unknown field '" + k + "'");
                        }
                    }
                }
            }
            s.processor.distributed = s.distributed;
        } else if (proc != null) {
            problem(pp, "The item processor must be an object with StartAt and States");
        }
        if (m.containsKey("ItemSelector") && m.containsKey("Parameters")) {
            problem(p, "A Map state can have at most one of ItemSelector and Parameters");
        }
        Object sel = m.containsKey("ItemSelector") ? m.get("ItemSelector") : m.get("Parameters");
        String sp = p + (m.containsKey("ItemSelector") ? "/ItemSelector" : "/Parameters");
        if (sel != null) {
            if (lang == Lang.JSONATA) {
                s.itemSelector = Template.jsonata(sel, "ItemSelector", sp, problems);
            } else {
                s.itemSelector = payload(sel, sp, "ItemSelector");
            }
        }
        if (m.containsKey("ItemsPath")) {
            s.itemsPath = path(m.get("ItemsPath"), p + "/ItemsPath", "ItemsPath");
        }
        if (m.containsKey("Items")) {
            Object v = m.get("Items");
            if (!(v instanceof List) && !(v instanceof String str && JsonataExpr.isTemplate(str))) {
                problem(p + "/Items", "Items must be an array or a JSONata expression {% ... %}");
            }
            s.itemsExpr = Template.jsonata(v, "Items", p + "/Items", problems);
        }
        if (m.containsKey("MaxConcurrency") && m.containsKey("MaxConcurrencyPath")) {
            problem(p, "A Map state can have at most one of MaxConcurrency and MaxConcurrencyPath");
        }
        if (m.containsKey("MaxConcurrency")) {
            Object v = m.get("MaxConcurrency");
            if (lang == Lang.JSONATA && v instanceof String str && JsonataExpr.isTemplate(str)) {
                s.maxConcurrencyExpr = Template.jsonata(v, "MaxConcurrency", p + "/MaxConcurrency", problems);
            } else {
                Long l = positiveInt(v, p + "/MaxConcurrency", "MaxConcurrency", true);
                s.maxConcurrency = l == null ? null : (int) Math.min(Integer.MAX_VALUE, l);
            }
        }
        if (m.containsKey("MaxConcurrencyPath")) {
            s.maxConcurrencyPath = path(m.get("MaxConcurrencyPath"), p + "/MaxConcurrencyPath", "MaxConcurrencyPath");
        }
        if (m.containsKey("ToleratedFailureCount") && m.containsKey("ToleratedFailureCountPath")) {
            problem(p, "A Map state can have at most one of ToleratedFailureCount and ToleratedFailureCountPath");
        }
        if (m.containsKey("ToleratedFailurePercentage") && m.containsKey("ToleratedFailurePercentagePath")) {
            problem(p, "A Map state can have at most one of ToleratedFailurePercentage and"
                    + " ToleratedFailurePercentagePath");
        }
        if (m.containsKey("ToleratedFailureCount")) {
            Object v = m.get("ToleratedFailureCount");
            if (lang == Lang.JSONATA && v instanceof String str && JsonataExpr.isTemplate(str)) {
                s.toleratedFailureCountExpr = Template.jsonata(v, "ToleratedFailureCount",
                        p + "/ToleratedFailureCount", problems);
            } else {
                Long l = positiveInt(v, p + "/ToleratedFailureCount", "ToleratedFailureCount", true);
                s.toleratedFailureCount = l == null ? null : (int) Math.min(Integer.MAX_VALUE, l);
            }
        }
        if (m.containsKey("ToleratedFailureCountPath")) {
            s.toleratedFailureCountPath = path(m.get("ToleratedFailureCountPath"), p + "/ToleratedFailureCountPath",
                    "ToleratedFailureCountPath");
        }
        if (m.containsKey("ToleratedFailurePercentage")) {
            Object v = m.get("ToleratedFailurePercentage");
            if (lang == Lang.JSONATA && v instanceof String str && JsonataExpr.isTemplate(str)) {
                s.toleratedFailurePercentageExpr = Template.jsonata(v, "ToleratedFailurePercentage",
                        p + "/ToleratedFailurePercentage", problems);
            } else if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 100) {
                problem(p + "/ToleratedFailurePercentage", "ToleratedFailurePercentage must be a number from 0 to 100");
            } else {
                s.toleratedFailurePercentage = n.doubleValue();
            }
        }
        if (m.containsKey("ToleratedFailurePercentagePath")) {
            s.toleratedFailurePercentagePath = path(m.get("ToleratedFailurePercentagePath"),
                    p + "/ToleratedFailurePercentagePath", "ToleratedFailurePercentagePath");
        }
        if (m.containsKey("ItemBatcher")) {
            s.batcher = batcher(m.get("ItemBatcher"), p + "/ItemBatcher", lang);
        }
        if (m.containsKey("Label")) {
            if (!(m.get("Label") instanceof String l) || l.length() > 40) {
                problem(p + "/Label", "Label must be a string of at most 40 characters");
            } else {
                s.label = l;
            }
        }
        s.hasItemReader = m.containsKey("ItemReader");
        s.hasResultWriter = m.containsKey("ResultWriter");
        if (s.hasItemReader) {
            readerOrWriter(m.get("ItemReader"), p + "/ItemReader", "ItemReader", lang);
        }
        if (s.hasResultWriter) {
            readerOrWriter(m.get("ResultWriter"), p + "/ResultWriter", "ResultWriter", lang);
        }
        return s;
    }

    /** ItemReader and ResultWriter: validated (Resource, Parameters/Arguments, ReaderConfig), not run. */
    private void readerOrWriter(Object raw, String p, String field, Lang lang) {
        if (!(raw instanceof Map<?, ?> m)) {
            problem(p, field + " must be an object");
            return;
        }
        Object res = m.get("Resource");
        if (res == null) {
            problem(p, "The field 'Resource' is required in " + field);
        } else if (!(res instanceof String)) {
            problem(p + "/Resource", "Resource must be a string");
        }
        if (m.containsKey("Parameters")) {
            payload(m.get("Parameters"), p + "/Parameters", "Parameters");
        }
        if (m.containsKey("Arguments")) {
            Template.jsonata(m.get("Arguments"), field + "/Arguments", p + "/Arguments", problems);
        }
        Object rc = m.get("ReaderConfig");
        if (rc != null) {
            if (!(rc instanceof Map<?, ?> cfg)) {
                problem(p + "/ReaderConfig", "ReaderConfig must be an object");
            } else {
                if (cfg.containsKey("MaxItems") && cfg.containsKey("MaxItemsPath")) {
                    problem(p + "/ReaderConfig", "ReaderConfig can have at most one of MaxItems and MaxItemsPath");
                }
                if (cfg.containsKey("MaxItems")) {
                    Object v = cfg.get("MaxItems");
                    if (!(lang == Lang.JSONATA && v instanceof String str && JsonataExpr.isTemplate(str))) {
                        positiveInt(v, p + "/ReaderConfig/MaxItems", "MaxItems", false);
                    }
                }
                if (cfg.containsKey("MaxItemsPath")) {
                    path(cfg.get("MaxItemsPath"), p + "/ReaderConfig/MaxItemsPath", "MaxItemsPath");
                }
                if (cfg.containsKey("Parameters")) {
                    payload(cfg.get("Parameters"), p + "/ReaderConfig/Parameters", "Parameters");
                }
            }
        }
    }

    private Batcher batcher(Object raw, String p, Lang lang) {
        Batcher b = new Batcher();
        if (!(raw instanceof Map<?, ?> m)) {
            problem(p, "ItemBatcher must be an object");
            return b;
        }
        if (m.containsKey("MaxItemsPerBatch") && m.containsKey("MaxItemsPerBatchPath")) {
            problem(p, "ItemBatcher can have at most one of MaxItemsPerBatch and MaxItemsPerBatchPath");
        }
        if (m.containsKey("MaxInputBytesPerBatch") && m.containsKey("MaxInputBytesPerBatchPath")) {
            problem(p, "ItemBatcher can have at most one of MaxInputBytesPerBatch and MaxInputBytesPerBatchPath");
        }
        for (Object k : m.keySet()) {
            if (!Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath", "BatchInput").contains((String) k)) {
                problem(p + "/" + Json.pointerToken((String) k), "Unknown field '" + k + "' in ItemBatcher");
            }
        }
        if (m.containsKey("MaxItemsPerBatch")) {
            Object v = m.get("MaxItemsPerBatch");
            if (v instanceof String s && JsonataExpr.isTemplate(s)) {
                b.maxItemsPerBatchExpr = Template.jsonata(v, "ItemBatcher/MaxItemsPerBatch", p + "/MaxItemsPerBatch",
                        problems);
            } else {
                Long l = positiveInt(v, p + "/MaxItemsPerBatch", "MaxItemsPerBatch", false);
                b.maxItemsPerBatch = l == null ? null : (int) Math.min(Integer.MAX_VALUE, l);
            }
        }
        if (m.containsKey("MaxItemsPerBatchPath")) {
            b.maxItemsPerBatchPath = path(m.get("MaxItemsPerBatchPath"), p + "/MaxItemsPerBatchPath",
                    "MaxItemsPerBatchPath");
        }
        if (m.containsKey("MaxInputBytesPerBatch")) {
            Object v = m.get("MaxInputBytesPerBatch");
            if (v instanceof String s && JsonataExpr.isTemplate(s)) {
                b.maxInputBytesPerBatchExpr = Template.jsonata(v, "ItemBatcher/MaxInputBytesPerBatch",
                        p + "/MaxInputBytesPerBatch", problems);
            } else {
                Long l = positiveInt(v, p + "/MaxInputBytesPerBatch", "MaxInputBytesPerBatch", false);
                if (l != null && l > 262_144) {
                    problem(p + "/MaxInputBytesPerBatch", "MaxInputBytesPerBatch can be at most 262144 (256 KiB)");
                }
                b.maxInputBytesPerBatch = l == null ? null : (int) Math.min(Integer.MAX_VALUE, l);
            }
        }
        if (m.containsKey("MaxInputBytesPerBatchPath")) {
            b.maxInputBytesPerBatchPath = path(m.get("MaxInputBytesPerBatchPath"), p + "/MaxInputBytesPerBatchPath",
                    "MaxInputBytesPerBatchPath");
        }
        if (m.containsKey("BatchInput")) {
            b.batchInput = lang == Lang.JSONATA ? Template.jsonata(m.get("BatchInput"), "ItemBatcher/BatchInput",
                    p + "/BatchInput", problems) : payload(m.get("BatchInput"), p + "/BatchInput", "BatchInput");
        }
        return b;
    }

    // ------------------------------------------------------------------------------------------------

    private List<Retrier> retry(Object raw, String p) {
        if (!(raw instanceof List<?> l)) {
            problem(p, "Retry must be an array of retriers");
            return List.of();
        }
        List<Retrier> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String rp = p + "/" + i;
            if (!(l.get(i) instanceof Map<?, ?> m)) {
                problem(rp, "A retrier must be an object");
                continue;
            }
            Retrier r = new Retrier();
            r.errorEquals = errorEquals(m.get("ErrorEquals"), rp, i == l.size() - 1, "retrier");
            for (Object k : m.keySet()) {
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                        "JitterStrategy", "Comment").contains((String) k)) {
                    problem(rp + "/" + Json.pointerToken((String) k), "Unknown field '" + k + "' in a retrier");
                }
            }
            if (m.containsKey("IntervalSeconds")) {
                Long v = positiveInt(m.get("IntervalSeconds"), rp + "/IntervalSeconds", "IntervalSeconds", false);
                if (v != null) {
                    r.intervalSeconds = v;
                }
            }
            if (m.containsKey("MaxAttempts")) {
                Long v = positiveInt(m.get("MaxAttempts"), rp + "/MaxAttempts", "MaxAttempts", true);
                if (v != null) {
                    r.maxAttempts = (int) Math.min(Integer.MAX_VALUE, v);
                }
            }
            if (m.containsKey("BackoffRate")) {
                Object v = m.get("BackoffRate");
                if (!(v instanceof Number n) || n.doubleValue() < 1.0) {
                    problem(rp + "/BackoffRate", "BackoffRate must be a number of at least 1.0, but it is "
                            + Json.write(v));
                } else {
                    r.backoffRate = n.doubleValue();
                }
            }
            if (m.containsKey("MaxDelaySeconds")) {
                r.maxDelaySeconds = positiveInt(m.get("MaxDelaySeconds"), rp + "/MaxDelaySeconds", "MaxDelaySeconds",
                        false);
            }
            if (m.containsKey("JitterStrategy")) {
                Object v = m.get("JitterStrategy");
                if (!"FULL".equals(v) && !"NONE".equals(v)) {
                    problem(rp + "/JitterStrategy", "JitterStrategy must be FULL or NONE");
                }
                r.jitterFull = "FULL".equals(v);
            }
            out.add(r);
        }
        return out;
    }

    private List<Catcher> catchers(Object raw, String p, Lang lang) {
        if (!(raw instanceof List<?> l)) {
            problem(p, "Catch must be an array of catchers");
            return List.of();
        }
        List<Catcher> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String cp = p + "/" + i;
            if (!(l.get(i) instanceof Map<?, ?> m)) {
                problem(cp, "A catcher must be an object");
                continue;
            }
            Catcher c = new Catcher();
            c.errorEquals = errorEquals(m.get("ErrorEquals"), cp, i == l.size() - 1, "catcher");
            Set<String> allowed = lang == Lang.JSONATA ? Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment")
                    : Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment");
            for (Object k : m.keySet()) {
                if (!allowed.contains((String) k)) {
                    problem(cp + "/" + Json.pointerToken((String) k), "The field '" + k
                            + "' is not supported in a catcher of a " + (lang == Lang.JSONATA ? "JSONata" : "JSONPath")
                            + " state");
                }
            }
            if (m.get("Next") instanceof String n) {
                c.next = n;
            } else {
                problem(cp, "A catcher must have 'Next' naming a state");
            }
            if (m.containsKey("ResultPath")) {
                c.resultPathSet = true;
                Object v = m.get("ResultPath");
                if (v == null) {
                    c.resultPathNull = true;
                } else {
                    c.resultPath = referencePath(v, cp + "/ResultPath", "ResultPath");
                }
            }
            if (m.containsKey("Output")) {
                c.output = Template.jsonata(m.get("Output"), "Output", cp + "/Output", problems);
            }
            if (m.containsKey("Assign")) {
                c.assign = assign(m.get("Assign"), cp + "/Assign", lang);
            }
            out.add(c);
        }
        return out;
    }

    private List<String> errorEquals(Object raw, String p, boolean last, String what) {
        if (!(raw instanceof List<?> l) || l.isEmpty()) {
            problem(p + (raw == null ? "" : "/ErrorEquals"), "A " + what + " must have ErrorEquals, a non-empty array of"
                    + " error names");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof String s)) {
                problem(p + "/ErrorEquals/" + i, "An error name must be a string");
                continue;
            }
            seen.add(s);
            out.add(s);
        }
        if (seen.contains(ErrorNames.ALL)) {
            if (out.size() != 1) {
                problem(p + "/ErrorEquals", "States.ALL must appear alone in ErrorEquals");
            }
            if (!last) {
                problem(p + "/ErrorEquals", "A " + what + " with States.ALL must be the last one");
            }
        }
        return out;
    }
}
