package dev.dayshift.asl.internal;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.AbstractJsonProvider;
import com.jayway.jsonpath.spi.mapper.MappingProvider;
import com.jayway.jsonpath.TypeRef;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled JSONPath as ASL uses it: rooted at the state input ({@code $}), the context object
 * ({@code $$}) or a variable ({@code $name}). Simple definite paths (names and non-negative indexes) are
 * evaluated here without allocation; everything else (wildcards, filters, slices, deep scans, functions) is
 * handed to Jayway JsonPath, whose behaviour AWS follows, over the engine's own value objects.
 */
public final class Path {
    /** What a path is evaluated against. */
    public enum Root { INPUT, CONTEXT, VARIABLE }

    /** Returned by {@link #find} when nothing matches. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new ValueProvider())
            .mappingProvider(new IdentityMapping())
            .build();

    private final String text;
    private final Root root;
    private final String variable;
    /** Name (String) or index (Integer) steps; null when the path needs Jayway. */
    private final Object[] steps;
    private final JsonPath jayway;
    private final boolean definite;

    private Path(String text, Root root, String variable, Object[] steps, JsonPath jayway, boolean definite) {
        this.text = text;
        this.root = root;
        this.variable = variable;
        this.steps = steps;
        this.jayway = jayway;
        this.definite = definite;
    }

    /** Thrown for a path that is not valid JSONPath. */
    public static final class PathSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PathSyntaxException(String message) {
            super(message);
        }
    }

    /** Thrown when a path matches nothing; the message is Jayway's (as AWS prints it). */
    public static final class PathNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PathNotFoundException(String message) {
            super(message);
        }
    }

    public String text() {
        return text;
    }

    public Root root() {
        return root;
    }

    public String variable() {
        return variable;
    }

    /** True when the path can match at most one node (no wildcard, filter, slice or deep scan). */
    public boolean isDefinite() {
        return definite;
    }

    /** Steps of a simple path (String names, Integer indexes), or null. Shared: never modify it. */
    public Object[] steps() {
        return steps;
    }

    /** True for {@code $} alone. */
    public boolean isRootOnly() {
        return root == Root.INPUT && steps != null && steps.length == 0;
    }

    /** True when the text looks like a path: starts with $. */
    public static boolean looksLikePath(String s) {
        return s != null && s.startsWith("$");
    }

    /** Compiles a path; throws {@link PathSyntaxException} when it is not valid. */
    public static Path compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new PathSyntaxException("a path must start with '$'");
        }
        Root root;
        String variable = null;
        int pos;
        if (text.startsWith("$$")) {
            root = Root.CONTEXT;
            pos = 2;
        } else if (text.length() > 1 && isVarStart(text.charAt(1))) {
            root = Root.VARIABLE;
            int end = 1;
            while (end < text.length() && isVarPart(text.charAt(end))) {
                end++;
            }
            variable = text.substring(1, end);
            pos = end;
        } else {
            root = Root.INPUT;
            pos = 1;
        }
        String rest = text.substring(pos);
        if (!rest.isEmpty() && rest.charAt(0) != '.' && rest.charAt(0) != '[') {
            throw new PathSyntaxException("unexpected character '" + rest.charAt(0) + "' after the root");
        }
        Object[] steps = simpleSteps(rest);
        JsonPath compiled;
        try {
            compiled = JsonPath.compile("$" + rest);
        } catch (InvalidPathException e) {
            throw new PathSyntaxException(e.getMessage());
        } catch (RuntimeException e) {
            throw new PathSyntaxException(String.valueOf(e.getMessage()));
        }
        boolean definite = steps != null || compiled.isDefinite();
        return new Path(text, root, variable, steps, compiled, definite);
    }

    private static boolean isVarStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isVarPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Parses `.name`, `['name']` and `[n]` steps; null when anything else appears. */
    private static Object[] simpleSteps(String rest) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        int n = rest.length();
        while (i < n) {
            char c = rest.charAt(i);
            if (c == '.') {
                int start = ++i;
                if (start >= n) {
                    return null;
                }
                while (i < n && rest.charAt(i) != '.' && rest.charAt(i) != '[') {
                    char d = rest.charAt(i);
                    if (d == '*' || d == '(' || d == ')' || d == ' ' || d == '@' || d == '?' || d == '\'' || d == '"') {
                        return null;
                    }
                    i++;
                }
                if (i == start) {
                    return null;
                }
                out.add(rest.substring(start, i));
            } else if (c == '[') {
                if (i + 1 < n && (rest.charAt(i + 1) == '\'' || rest.charAt(i + 1) == '"')) {
                    char q = rest.charAt(i + 1);
                    int end = rest.indexOf(q + "]", i + 2);
                    if (end < 0) {
                        return null;
                    }
                    String name = rest.substring(i + 2, end);
                    if (name.indexOf(q) >= 0) {
                        return null;
                    }
                    out.add(name);
                    i = end + 2;
                    continue;
                }
                int close = rest.indexOf(']', i);
                if (close < 0) {
                    return null;
                }
                String inside = rest.substring(i + 1, close).trim();
                if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit) && inside.length() < 10) {
                    out.add(Integer.valueOf(inside));
                } else {
                    return null;
                }
                i = close + 1;
            } else {
                return null;
            }
        }
        return out.toArray();
    }

    /** The root value this path reads from, given the three roots. */
    public Object rootValue(Object input, Object context, Object variableValue) {
        return switch (root) {
            case INPUT -> input;
            case CONTEXT -> context;
            case VARIABLE -> variableValue;
        };
    }

    /**
     * Evaluates against a root value. Definite paths return the node or {@link #MISSING}; indefinite ones
     * return a list of the matches (possibly empty).
     */
    public Object find(Object rootValue) {
        if (steps != null) {
            Object cur = rootValue;
            for (Object step : steps) {
                if (step instanceof String name) {
                    if (!(cur instanceof Map<?, ?> m)) {
                        return MISSING;
                    }
                    Object next = m.get(name);
                    if (next == null && !m.containsKey(name)) {
                        return MISSING;
                    }
                    cur = next;
                } else {
                    int idx = (Integer) step;
                    if (!(cur instanceof List<?> l) || idx >= l.size()) {
                        return MISSING;
                    }
                    cur = l.get(idx);
                }
            }
            return cur;
        }
        try {
            return jayway.read(rootValue, JAYWAY);
        } catch (RuntimeException e) {
            // Jayway throws for a missing property even in an indefinite path; AWS answers an empty list there.
            return definite ? MISSING : new ArrayList<>();
        }
    }

    /** Evaluates, throwing {@link PathNotFoundException} with Jayway's message when nothing matches. */
    public Object read(Object rootValue) {
        Object r = find(rootValue);
        if (r == MISSING) {
            throw new PathNotFoundException(notFoundMessage(rootValue));
        }
        return r;
    }

    /** Jayway's message for this path not matching (as AWS prints it after "Invalid path '...' : "). */
    public String notFoundMessage(Object rootValue) {
        try {
            jayway.read(rootValue, JAYWAY);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        return "No results for path: " + jaywayText();
    }

    /** The path in Jayway's bracket notation: $['a']['b'][0]. */
    public String jaywayText() {
        return jayway.getPath();
    }

    @Override
    public String toString() {
        return text;
    }

    // ------------------------------------------------------------------------------------------------
    // Writing: ResultPath

    /** Thrown when a ResultPath cannot be applied to the input. */
    public static final class PathMatchFailureException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PathMatchFailureException(String message) {
            super(message);
        }
    }

    /**
     * Returns a copy of {@code target} with {@code value} placed at this (simple, definite) path, creating
     * missing objects on the way. Only the spine is copied; the rest is shared.
     */
    public Object assign(Object target, Object value) {
        if (steps == null) {
            throw new PathMatchFailureException("Unsupported ResultPath '" + text + "'");
        }
        if (steps.length == 0) {
            return value;
        }
        return assign(target, 0, value);
    }

    @SuppressWarnings("unchecked")
    private Object assign(Object cur, int i, Object value) {
        Object step = steps[i];
        boolean last = i == steps.length - 1;
        if (step instanceof String name) {
            Map<String, Object> copy;
            if (cur instanceof Map<?, ?> m) {
                copy = new LinkedHashMap<>((Map<String, Object>) m);
            } else if (cur == MISSING) {
                copy = new LinkedHashMap<>();
            } else {
                throw new PathMatchFailureException("Unable to apply ResultPath '" + text + "' to input "
                        + Json.write(cur));
            }
            Object child = last ? value : assign(copy.containsKey(name) ? copy.get(name) : MISSING, i + 1, value);
            copy.put(name, child);
            return copy;
        }
        int idx = (Integer) step;
        if (!(cur instanceof List<?> l) || idx >= l.size()) {
            throw new PathMatchFailureException("Unable to apply ResultPath '" + text + "' to input "
                    + (cur == MISSING ? "(missing)" : Json.write(cur)));
        }
        List<Object> copy = new ArrayList<>((List<Object>) l);
        copy.set(idx, last ? value : assign(copy.get(idx), i + 1, value));
        return copy;
    }

    // ------------------------------------------------------------------------------------------------
    // Jayway over the engine's values

    private static final class ValueProvider extends AbstractJsonProvider {
        @Override
        public Object parse(String json) {
            return Json.parse(json);
        }

        @Override
        public Object parse(InputStream jsonStream, String charset) {
            try {
                return Json.parse(new String(jsonStream.readAllBytes(), charset));
            } catch (java.io.IOException e) {
                throw new JsonPathException(e);
            }
        }

        @Override
        public String toJson(Object obj) {
            return Json.write(obj);
        }

        @Override
        public Object createArray() {
            return new ArrayList<>();
        }

        @Override
        public Object createMap() {
            return new LinkedHashMap<String, Object>();
        }
    }

    private static final class IdentityMapping implements MappingProvider {
        @Override
        public <T> T map(Object source, Class<T> targetType, Configuration configuration) {
            return targetType.cast(source);
        }

        @Override
        public <T> T map(Object source, TypeRef<T> targetType, Configuration configuration) {
            throw new UnsupportedOperationException("typed mapping");
        }
    }
}
