package dev.dayshift.asl.internal;

import dev.dayshift.asl.AslProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload template compiled once: JSONPath templates (fields ending in {@code .$} hold paths or intrinsic
 * calls) or JSONata templates (strings {@code {% expr %}} anywhere in the value). Parts without expressions
 * are kept as shared constants, so evaluating a template allocates only what changes.
 */
public abstract class Template {
    /** Evaluates against an input. */
    public abstract Object eval(Object input, EvalScope scope);

    /** True when evaluating never depends on the input. */
    public boolean isConstant() {
        return false;
    }

    /** A template that always yields {@code value}. */
    public static Template constant(Object value) {
        return new Constant(value);
    }

    // ------------------------------------------------------------------------------------------------
    // JSONPath

    /**
     * Compiles a JSONPath payload template; problems (bad paths, bad calls) are added to {@code problems}
     * with their pointers.
     */
    public static Template jsonPath(Object value, String pointer, List<AslProblem> problems) {
        if (value instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            List<Template> parts = new ArrayList<>();
            boolean constant = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                String p = pointer + "/" + Json.pointerToken(key);
                Template t;
                if (key.endsWith(".$")) {
                    key = key.substring(0, key.length() - 2);
                    t = dynamic(e.getValue(), key + ".$", p, problems);
                } else {
                    t = jsonPath(e.getValue(), p, problems);
                }
                constant &= t.isConstant();
                keys.add(key);
                parts.add(t);
            }
            if (constant) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    out.put(keys.get(i), parts.get(i).eval(null, null));
                }
                return new Constant(out);
            }
            return new ObjectTemplate(keys.toArray(String[]::new), parts.toArray(Template[]::new));
        }
        if (value instanceof List<?> l) {
            List<Template> parts = new ArrayList<>();
            boolean constant = true;
            for (int i = 0; i < l.size(); i++) {
                Template t = jsonPath(l.get(i), pointer + "/" + i, problems);
                constant &= t.isConstant();
                parts.add(t);
            }
            if (constant) {
                List<Object> out = new ArrayList<>();
                for (Template t : parts) {
                    out.add(t.eval(null, null));
                }
                return new Constant(out);
            }
            return new ArrayTemplate(parts.toArray(Template[]::new));
        }
        return new Constant(value);
    }

    private static Template dynamic(Object value, String field, String pointer, List<AslProblem> problems) {
        if (!(value instanceof String s)) {
            problems.add(new AslProblem(pointer, "The value of the field '" + field
                    + "' must be a string holding a JSONPath or an intrinsic function call"));
            return new Constant(null);
        }
        if (Intrinsics.looksLikeCall(s)) {
            try {
                return new CallTemplate(Intrinsics.compile(s), field);
            } catch (Intrinsics.IntrinsicSyntaxException e) {
                problems.add(new AslProblem(pointer, "The value of the field '" + field
                        + "' is not a valid intrinsic function call: " + e.getMessage()));
                return new Constant(null);
            }
        }
        try {
            return new PathTemplate(Path.compile(s), field);
        } catch (Path.PathSyntaxException e) {
            problems.add(new AslProblem(pointer, "The value of the field '" + field
                    + "' must be a valid JSONPath or intrinsic function call: " + e.getMessage()));
            return new Constant(null);
        }
    }

    private static final class Constant extends Template {
        private final Object value;

        Constant(Object value) {
            this.value = value;
        }

        @Override
        public Object eval(Object input, EvalScope scope) {
            return value;
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    private static final class ObjectTemplate extends Template {
        private final String[] keys;
        private final Template[] parts;

        ObjectTemplate(String[] keys, Template[] parts) {
            this.keys = keys;
            this.parts = parts;
        }

        @Override
        public Object eval(Object input, EvalScope scope) {
            Object[] values = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                values[i] = parts[i].eval(input, scope);
            }
            return new ArrayMap(keys, values);
        }
    }

    private static final class ArrayTemplate extends Template {
        private final Template[] parts;

        ArrayTemplate(Template[] parts) {
            this.parts = parts;
        }

        @Override
        public Object eval(Object input, EvalScope scope) {
            List<Object> out = new ArrayList<>(parts.length);
            for (Template t : parts) {
                out.add(t.eval(input, scope));
            }
            return out;
        }
    }

    private static final class PathTemplate extends Template {
        private final Path path;
        private final String field;

        PathTemplate(Path path, String field) {
            this.path = path;
            this.field = field;
        }

        @Override
        public Object eval(Object input, EvalScope scope) {
            Object v = scope.find(path, input);
            if (v == Path.MISSING) {
                Object root = path.root() == Path.Root.INPUT ? input : scope.rootOf(path, input);
                throw AslError.runtime("The JSONPath '" + path.text() + "' specified for the field '" + field
                        + "' could not be found in the input '" + (root == Path.MISSING ? "null" : Json.write(root))
                        + "'");
            }
            return v;
        }
    }

    private static final class CallTemplate extends Template {
        private final Intrinsics.Call call;

        CallTemplate(Intrinsics.Call call, String field) {
            this.call = call;
        }

        @Override
        public Object eval(Object input, EvalScope scope) {
            return Intrinsics.eval(call, input, scope);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // JSONata

    /**
     * Compiles a JSONata template for the field {@code field} (named as AWS names it in errors, e.g.
     * "Output"); strings {@code {% %}} anywhere inside are expressions, everything else is literal.
     */
    public static Template jsonata(Object value, String field, String pointer, List<AslProblem> problems) {
        if (value instanceof String s && JsonataExpr.isTemplate(s)) {
            try {
                return new JsonataTemplate(JsonataExpr.compile(JsonataExpr.inner(s)), field);
            } catch (JsonataExpr.JsonataSyntaxException e) {
                problems.add(new AslProblem(pointer, "The JSONata expression '" + JsonataExpr.inner(s)
                        + "' specified for the field '" + field + "' is not valid: " + e.getMessage()));
                return new Constant(null);
            }
        }
        if (value instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            List<Template> parts = new ArrayList<>();
            boolean constant = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                Template t = jsonata(e.getValue(), field + "/" + key, pointer + "/" + Json.pointerToken(key),
                        problems);
                constant &= t.isConstant();
                keys.add(key);
                parts.add(t);
            }
            if (constant) {
                return new Constant(value);
            }
            return new ObjectTemplate(keys.toArray(String[]::new), parts.toArray(Template[]::new));
        }
        if (value instanceof List<?> l) {
            List<Template> parts = new ArrayList<>();
            boolean constant = true;
            for (int i = 0; i < l.size(); i++) {
                Template t = jsonata(l.get(i), field + "[" + i + "]", pointer + "/" + i, problems);
                constant &= t.isConstant();
                parts.add(t);
            }
            if (constant) {
                return new Constant(value);
            }
            return new ArrayTemplate(parts.toArray(Template[]::new));
        }
        return new Constant(value);
    }

    /** True when a value holds a JSONata expression anywhere. */
    public static boolean containsJsonata(Object value) {
        if (value instanceof String s) {
            return JsonataExpr.isTemplate(s);
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (containsJsonata(v)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> l) {
            for (Object v : l) {
                if (containsJsonata(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A single JSONata expression (a whole {@code {% %}} string). */
    public static final class JsonataTemplate extends Template {
        private final JsonataExpr expr;
        private final String field;

        JsonataTemplate(JsonataExpr expr, String field) {
            this.expr = expr;
            this.field = field;
        }

        public JsonataExpr expr() {
            return expr;
        }

        @Override
        public Object eval(Object input, EvalScope scope) {
            Object r;
            try {
                r = expr.eval(scope.states().get("input"), scope.states(), scope.variables(), scope);
            } catch (JsonataExpr.JsonataEvalException e) {
                throw AslError.query("The JSONata expression '" + expr.text() + "' specified for the field '" + field
                        + "' threw an error during evaluation. " + e.getMessage());
            }
            if (r == Path.MISSING) {
                throw AslError.query("The JSONata expression '" + expr.text() + "' specified for the field '"
                        + field + "' returned nothing (undefined).");
            }
            return r;
        }

        public String field() {
            return field;
        }
    }
}
