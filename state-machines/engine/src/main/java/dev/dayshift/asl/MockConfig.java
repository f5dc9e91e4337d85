package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mock configuration in the AWS Step Functions Local format, so existing files work unchanged:
 *
 * <pre>{@code
 * {"StateMachines": {"MyMachine": {"TestCases": {"HappyPath": {"TaskState": "MockedSuccess"}}}},
 *  "MockedResponses": {"MockedSuccess": {"0": {"Return": {"StatusCode": 200}}},
 *                      "MockedRetry": {"0-1": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
 *                                      "2": {"Return": {}}}}}
 * }</pre>
 *
 * A test case maps state names to mocked responses; a response maps invocation numbers ("0", or ranges "1-2")
 * to a {@code Return} (the task's result) or a {@code Throw} (its error and cause). Invocations count every call
 * of the state in one execution (retries and Map iterations included); past the last one the last response
 * repeats. The execution chooses its test case with {@link StartOptions.Builder#testCase(String)}, and the state
 * machine is matched by {@link StartOptions.Builder#stateMachineName(String)}.
 */
public final class MockConfig {
    private static final Pattern RANGE = Pattern.compile("^(\\d+)(?:-(\\d+))?$");

    /** state machine -> test case -> state -> response name */
    private final Map<String, Map<String, Map<String, String>>> machines;
    /** response name -> ordered ranges */
    private final Map<String, List<Step>> responses;

    private record Step(int from, int to, TaskResult result) {
    }

    private MockConfig(Map<String, Map<String, Map<String, String>>> machines, Map<String, List<Step>> responses) {
        this.machines = machines;
        this.responses = responses;
    }

    /**
     * Reads a mock configuration.
     *
     * @throws AslValidationException with every problem (JSON pointer and message) when it is not valid
     */
    public static MockConfig parse(String json) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.JsonSyntaxException e) {
            throw new AslValidationException("The mock configuration",
                    List.of(new AslProblem("", "not valid JSON: " + e.getMessage())));
        }
        List<AslProblem> problems = new ArrayList<>();
        Map<String, Map<String, Map<String, String>>> machines = new LinkedHashMap<>();
        Map<String, List<Step>> responses = new LinkedHashMap<>();
        if (!(root instanceof Map<?, ?> r)) {
            throw new AslValidationException("The mock configuration",
                    List.of(new AslProblem("", "must be a JSON object with StateMachines and MockedResponses")));
        }
        for (Object k : r.keySet()) {
            if (!Set.of("StateMachines", "MockedResponses").contains((String) k)) {
                problems.add(new AslProblem("/" + Json.pointerToken((String) k), "Unknown field '" + k + "'"));
            }
        }
        Object mr = r.get("MockedResponses");
        if (mr != null && !(mr instanceof Map)) {
            problems.add(new AslProblem("/MockedResponses", "MockedResponses must be an object"));
        } else if (mr instanceof Map<?, ?> mrs) {
            for (Map.Entry<?, ?> e : mrs.entrySet()) {
                String name = (String) e.getKey();
                String p = "/MockedResponses/" + Json.pointerToken(name);
                responses.put(name, steps(e.getValue(), p, problems));
            }
        }
        Object sms = r.get("StateMachines");
        if (sms == null) {
            problems.add(new AslProblem("", "The field 'StateMachines' is required"));
        } else if (!(sms instanceof Map<?, ?> smm)) {
            problems.add(new AslProblem("/StateMachines", "StateMachines must be an object"));
        } else {
            for (Map.Entry<?, ?> e : smm.entrySet()) {
                String sm = (String) e.getKey();
                String p = "/StateMachines/" + Json.pointerToken(sm);
                Map<String, Map<String, String>> cases = new LinkedHashMap<>();
                machines.put(sm, cases);
                if (!(e.getValue() instanceof Map<?, ?> smv) || !(smv.get("TestCases") instanceof Map<?, ?> tcs)) {
                    problems.add(new AslProblem(p, "A state machine entry must have a TestCases object"));
                    continue;
                }
                for (Map.Entry<?, ?> tc : tcs.entrySet()) {
                    String tcName = (String) tc.getKey();
                    String tp = p + "/TestCases/" + Json.pointerToken(tcName);
                    Map<String, String> states = new LinkedHashMap<>();
                    cases.put(tcName, states);
                    if (!(tc.getValue() instanceof Map<?, ?> sv)) {
                        problems.add(new AslProblem(tp, "A test case must map state names to mocked response names"));
                        continue;
                    }
                    for (Map.Entry<?, ?> s : sv.entrySet()) {
                        String sp = tp + "/" + Json.pointerToken((String) s.getKey());
                        if (!(s.getValue() instanceof String resp)) {
                            problems.add(new AslProblem(sp, "The mocked response must be named by a string"));
                        } else if (!responses.containsKey(resp)) {
                            problems.add(new AslProblem(sp, "No mocked response named '" + resp
                                    + "' in MockedResponses"));
                        } else {
                            states.put((String) s.getKey(), resp);
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AslValidationException("The mock configuration", problems);
        }
        return new MockConfig(machines, responses);
    }

    private static List<Step> steps(Object v, String p, List<AslProblem> problems) {
        List<Step> out = new ArrayList<>();
        if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
            problems.add(new AslProblem(p, "A mocked response must map invocation numbers (\"0\", \"1-2\") to"
                    + " Return or Throw"));
            return out;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = (String) e.getKey();
            String kp = p + "/" + Json.pointerToken(key);
            Matcher mt = RANGE.matcher(key);
            if (!mt.matches()) {
                problems.add(new AslProblem(kp, "'" + key + "' is not an invocation number or range such as \"0\" or"
                        + " \"1-2\""));
                continue;
            }
            int from = Integer.parseInt(mt.group(1));
            int to = mt.group(2) == null ? from : Integer.parseInt(mt.group(2));
            if (to < from) {
                problems.add(new AslProblem(kp, "The range '" + key + "' ends before it starts"));
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> body) || body.size() != 1
                    || !(body.containsKey("Return") || body.containsKey("Throw"))) {
                problems.add(new AslProblem(kp, "Each invocation needs exactly one of Return and Throw"));
                continue;
            }
            if (body.containsKey("Return")) {
                out.add(new Step(from, to, new TaskResult.Success(body.get("Return"))));
            } else if (!(body.get("Throw") instanceof Map<?, ?> t) || !(t.get("Error") instanceof String err)) {
                problems.add(new AslProblem(kp + "/Throw", "Throw needs an Error string (and may have a Cause)"));
            } else {
                Object cause = t.get("Cause");
                out.add(new Step(from, to, TaskResult.failure(err, cause == null ? null
                        : cause instanceof String s ? s : Json.write(cause))));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Step::from));
        return out;
    }

    /** Names of the test cases of a state machine (empty when it has none). */
    public Set<String> testCases(String stateMachineName) {
        Map<String, Map<String, String>> cases = machines.get(stateMachineName);
        return cases == null ? Set.of() : cases.keySet();
    }

    /** State machines the configuration covers. */
    public Set<String> stateMachines() {
        return machines.keySet();
    }

    /**
     * A resolver answering, for the execution's state machine and test case, the mocked response of each state;
     * states without a mock are left to the next resolver (return null).
     */
    public TaskResolver resolver() {
        return request -> {
            Map<String, Map<String, String>> cases = machines.get(request.stateMachineName());
            if (cases == null || request.testCase() == null) {
                return null;
            }
            Map<String, String> states = cases.get(request.testCase());
            String resp = states == null ? null : states.get(request.stateName());
            if (resp == null) {
                return null;
            }
            List<Step> steps = responses.get(resp);
            int n = request.invocation();
            Step chosen = steps.get(steps.size() - 1);
            for (Step s : steps) {
                if (n >= s.from() && n <= s.to()) {
                    chosen = s;
                    break;
                }
            }
            return CompletableFuture.completedFuture(chosen.result());
        };
    }
}
