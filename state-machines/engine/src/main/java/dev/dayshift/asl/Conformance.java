package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs executions recorded on AWS Step Functions (one JSON case a line, the format of
 * {@code shared/conformance/asl/README.md}) on a virtual clock and compares status, output (as JSON, skipping the
 * paths a case marks nondeterministic), error, and the states visited (the top level in order, everything as a
 * multiset). Causes are compared too but reported apart: AWS's wording may differ where the docs say so.
 */
public final class Conformance {
    private static final DateTimeFormatter RECORDED = DateTimeFormatter.ofPattern("dd-MM-yyyy, HH:mm:ss");
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(20);

    private Conformance() {
    }

    /** The outcome of one case. */
    public record CaseResult(String id, List<String> features, boolean passed, boolean causeMatched, String reason) {
    }

    /** Totals, and pass rates by feature. */
    public record Report(List<CaseResult> cases) {
        public int passed() {
            return (int) cases.stream().filter(CaseResult::passed).count();
        }

        public int failed() {
            return cases.size() - passed();
        }

        public double rate() {
            return cases.isEmpty() ? 0 : 100.0 * passed() / cases.size();
        }

        /** Failed cases whose cause also matched AWS's text, over all failed-status cases compared. */
        public int causesMatched() {
            return (int) cases.stream().filter(CaseResult::causeMatched).count();
        }

        /** feature -> {passed, total}, sorted by feature. */
        public Map<String, int[]> byFeature() {
            Map<String, int[]> m = new TreeMap<>();
            for (CaseResult c : cases) {
                for (String f : c.features()) {
                    int[] v = m.computeIfAbsent(f, k -> new int[2]);
                    v[1]++;
                    if (c.passed()) {
                        v[0]++;
                    }
                }
            }
            return m;
        }
    }

    /**
     * Runs every case of a cases file.
     *
     * @throws InvalidInputException when the file cannot be read or a line is not a case
     */
    public static Report run(Path casesFile, Consumer<CaseResult> progress) {
        List<String> lines;
        try {
            lines = Files.readAllLines(casesFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read the conformance cases " + casesFile + ": " + e.getMessage());
        }
        List<CaseResult> out = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            Object c;
            try {
                c = Json.parse(line);
            } catch (Json.JsonSyntaxException e) {
                throw new InvalidInputException(casesFile + " line " + n + " is not JSON: " + e.getMessage());
            }
            if (!(c instanceof Map<?, ?> m) || !(m.get("definition") instanceof Map)
                    || !(m.get("expected") instanceof Map)) {
                throw new InvalidInputException(casesFile + " line " + n
                        + " is not a conformance case (needs definition and expected)");
            }
            CaseResult r = runCase(m);
            out.add(r);
            if (progress != null) {
                progress.accept(r);
            }
        }
        return new Report(Collections.unmodifiableList(out));
    }

    @SuppressWarnings("unchecked")
    static CaseResult runCase(Map<?, ?> c) {
        String id = String.valueOf(c.get("id"));
        List<String> features = c.get("features") instanceof List<?> l ? (List<String>) l : List.of();
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        Map<String, Object> meta = c.get("meta") instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
        List<String> nd = c.get("nondeterministic_paths") instanceof List<?> p ? (List<String>) p : List.of();
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        if (meta.get("recorded_date") instanceof String d) {
            try {
                start = LocalDateTime.parse(d, RECORDED).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // keep the default
            }
        }
        StateMachine sm;
        try {
            sm = StateMachine.parse(Json.write(c.get("definition")));
        } catch (AslValidationException e) {
            return new CaseResult(id, features, false, false, "definition rejected: " + e.problems());
        }
        ExecutionResult r;
        try (AslEngine engine = AslEngine.builder().clock(VirtualClock.autoAdvancing(start)).seed(7).build()) {
            r = engine.start(sm, Json.write(c.get("input")), StartOptions.builder().executionName("conformance")
                    .stateMachineName("conformance").build()).await(CASE_TIMEOUT);
        } catch (TimeoutException e) {
            return new CaseResult(id, features, false, false, "did not finish within " + CASE_TIMEOUT);
        } catch (RuntimeException e) {
            return new CaseResult(id, features, false, false, "engine threw " + e);
        }
        String status = String.valueOf(expected.get("status"));
        if (!status.equals(r.status().name())) {
            return new CaseResult(id, features, false, false, "status " + r.status() + " (" + r.error() + ": "
                    + r.cause() + "), expected " + status);
        }
        boolean causeMatched = false;
        if (status.equals("SUCCEEDED")) {
            Object want = strip(expected.get("output"), nd);
            Object got = strip(r.outputValue(), nd);
            if (!Json.equal(want, got)) {
                return new CaseResult(id, features, false, false, "output " + Json.write(got) + ", expected "
                        + Json.write(want));
            }
        } else {
            Object wantError = expected.get("error");
            if (!java.util.Objects.equals(wantError, r.error())) {
                return new CaseResult(id, features, false, false, "error " + r.error() + " (" + r.cause()
                        + "), expected " + wantError);
            }
            Object wantCause = expected.get("cause");
            if (nd.contains("cause")) {
                causeMatched = true;
            } else if (Boolean.TRUE.equals(expected.get("cause_is_json")) && r.cause() != null) {
                try {
                    causeMatched = Json.equal(Json.parse((String) wantCause), Json.parse(r.cause()));
                } catch (RuntimeException e) {
                    causeMatched = false;
                }
            } else {
                causeMatched = java.util.Objects.equals(wantCause, r.cause())
                        || (wantCause == null || "".equals(wantCause)) && (r.cause() == null || r.cause().isEmpty());
            }
        }
        if (c.get("states_visited") instanceof List<?> visited) {
            String why = compareVisited((List<Object>) visited, r.statesVisited(), sm.stateNames());
            if (why != null) {
                return new CaseResult(id, features, false, causeMatched, why);
            }
        }
        return new CaseResult(id, features, true, causeMatched, "");
    }

    private static String compareVisited(List<Object> want, List<String> got, java.util.Set<String> topLevel) {
        List<Object> wantTop = want.stream().filter(topLevel::contains).toList();
        List<String> gotTop = got.stream().filter(topLevel::contains).toList();
        if (!wantTop.equals(gotTop)) {
            return "states visited " + gotTop + ", expected " + wantTop;
        }
        List<String> a = new ArrayList<>(want.stream().map(String::valueOf).toList());
        List<String> b = new ArrayList<>(got);
        Collections.sort(a);
        Collections.sort(b);
        if (!a.equals(b)) {
            return "states visited (as a multiset) " + got + ", expected " + want;
        }
        return null;
    }

    /** Removes the nondeterministic paths ("output.a.b") from a value. */
    @SuppressWarnings("unchecked")
    private static Object strip(Object value, List<String> paths) {
        Object v = value;
        for (String p : paths) {
            if (!p.startsWith("output")) {
                continue;
            }
            if (p.equals("output")) {
                return null;
            }
            String[] keys = p.substring("output.".length()).split("\\.");
            v = remove(v, keys, 0);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Object remove(Object v, String[] keys, int i) {
        if (!(v instanceof Map<?, ?> m) || !m.containsKey(keys[i])) {
            return v;
        }
        Map<String, Object> copy = Json.copyObject(m);
        if (i == keys.length - 1) {
            copy.remove(keys[i]);
        } else {
            copy.put(keys[i], remove(copy.get(keys[i]), keys, i + 1));
        }
        return copy;
    }
}
