package dev.dayshift.asl.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A compiled JSONata expression (dashjoin's JSONata for Java), with the functions AWS adds
 * ({@code $partition}, {@code $range}, {@code $hash}, {@code $random}, {@code $uuid}, {@code $parse}) and
 * AWS's conversions: JSON null stays null, "nothing" is reported as undefined, whole doubles print as integers.
 */
public final class JsonataExpr {
    private final String text;
    private final Jsonata compiled;

    private JsonataExpr(String text, Jsonata compiled) {
        this.text = text;
        this.compiled = compiled;
    }

    /** Thrown for an expression that does not parse; the message is JSONata's, with its error code. */
    public static final class JsonataSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonataSyntaxException(String message) {
            super(message);
        }
    }

    /** Thrown when evaluation fails; {@link #getMessage()} is "CODE: message" as AWS prints it. */
    public static final class JsonataEvalException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonataEvalException(String message) {
            super(message, null, false, false);
        }
    }

    public String text() {
        return text;
    }

    /** True when a string is a JSONata template: exactly {@code {% ... %}}. */
    public static boolean isTemplate(String s) {
        return s != null && s.length() >= 4 && s.startsWith("{%") && s.endsWith("%}");
    }

    /** The expression inside {@code {% %}}. */
    public static String inner(String template) {
        return template.substring(2, template.length() - 2);
    }

    public static JsonataExpr compile(String expression) {
        try {
            Jsonata j = Jsonata.jsonata(expression);
            j.setOutputConvertNulls(false);
            j.setValidateInput(false);
            registerAwsFunctions(j);
            return new JsonataExpr(expression.strip(), j);
        } catch (JException e) {
            throw new JsonataSyntaxException(code(e) + e.getMessage());
        } catch (RuntimeException e) {
            throw new JsonataSyntaxException(String.valueOf(e.getMessage()));
        }
    }

    private static String code(JException e) {
        return e.getError() == null ? "" : e.getError() + ": ";
    }

    /**
     * Evaluates with {@code $states} and the visible variables bound; returns {@link Path#MISSING} when the
     * expression yields nothing.
     */
    public Object eval(Object input, Map<String, Object> states, Iterable<Map.Entry<String, Object>> variables,
            EvalScope scope) {
        Jsonata.Frame frame = compiled.createFrame();
        if (variables != null) {
            for (Map.Entry<String, Object> v : variables) {
                // JSON null must reach JSONata as null, not as "no value".
                frame.bind(v.getKey(), v.getValue() == null ? Jsonata.NULL_VALUE : v.getValue());
            }
        }
        frame.bind("states", states);
        frame.bind("random", Jsonata.function("random", (Jsonata.FnVarArgs<Object>) args -> {
            if (!args.isEmpty() && args.get(0) instanceof Number n) {
                return new java.util.Random(n.longValue()).nextDouble();
            }
            return scope.random().nextDouble();
        }, null));
        // $now and $millis on the engine's clock (a virtual clock gives repeatable times).
        frame.bind("now", Jsonata.function("now", (Jsonata.FnVarArgs<Object>) args -> {
            String picture = !args.isEmpty() && args.get(0) instanceof String p ? p : null;
            String zone = args.size() > 1 && args.get(1) instanceof String z ? z : null;
            return com.dashjoin.jsonata.Functions.dateTimeFromMillis(scope.nowMillis(), picture, zone);
        }, null));
        frame.bind("millis", Jsonata.function("millis", (Jsonata.FnVarArgs<Object>) args -> scope.nowMillis(), null));
        frame.bind("uuid", Jsonata.function("uuid", (Jsonata.FnVarArgs<Object>) args -> Intrinsics.randomUuid(scope),
                null));
        Object r;
        try {
            r = compiled.evaluate(input, frame);
        } catch (JException e) {
            throw new JsonataEvalException(code(e) + e.getMessage());
        } catch (AslError e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new JsonataEvalException("U1001: Stack overflow error: check for non-terminating recursive function");
        } catch (RuntimeException e) {
            throw new JsonataEvalException(String.valueOf(e.getMessage()));
        }
        if (r == null) {
            return Path.MISSING;
        }
        if (r instanceof Jsonata.JFunction || r instanceof Jsonata.JLambda
                || r.getClass().getName().startsWith("com.dashjoin.jsonata.Parser")) {
            return Path.MISSING;
        }
        return Json.normalize(r, Jsonata.NULL_VALUE);
    }

    private static void registerAwsFunctions(Jsonata j) {
        j.registerFunction("partition", PARTITION);
        j.registerFunction("range", RANGE);
        j.registerFunction("hash", HASH);
        j.registerFunction("parse", PARSE);
    }

    private static final Jsonata.JFunction PARTITION = Jsonata.function("partition", (Jsonata.FnVarArgs<Object>) args -> {
            Object arr = args.size() > 0 ? args.get(0) : null;
            Object size = args.size() > 1 ? args.get(1) : null;
            if (!(arr instanceof List<?> l)) {
                throw new JException("T0410", 0, arr);
            }
            if (!(size instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0) {
                throw new JException("D3030", 0, size);
            }
            List<Object> out = new ArrayList<>();
            int step = n.intValue();
            for (int i = 0; i < l.size(); i += step) {
                out.add(new ArrayList<Object>(l.subList(i, Math.min(l.size(), i + step))));
            }
            return out;
        }, null);

    private static final Jsonata.JFunction RANGE = Jsonata.function("range", (Jsonata.FnVarArgs<Object>) args -> {
            if (args.size() < 3 || !(args.get(0) instanceof Number a) || !(args.get(1) instanceof Number b)
                    || !(args.get(2) instanceof Number c)) {
                throw new JException("T0410", 0, args);
            }
            long start = a.longValue();
            long end = b.longValue();
            long step = c.longValue();
            if (step == 0) {
                throw new JException("D3030", 0, step);
            }
            // A JSONata sequence, as AWS's $range gives: a single item comes out as the item itself.
            List<Object> out = com.dashjoin.jsonata.Utils.createSequence();
            for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                out.add(v);
                if (out.size() > 1000) {
                    throw new JException("D3030", 0, "more than 1000 items");
                }
            }
            return out;
        }, null);

    private static final Jsonata.JFunction HASH = Jsonata.function("hash", (Jsonata.FnVarArgs<Object>) args -> {
            Object data = args.size() > 0 ? args.get(0) : null;
            String algorithm = args.size() > 1 && args.get(1) instanceof String s ? s : "SHA-256";
            try {
                MessageDigest md = MessageDigest.getInstance(algorithm);
                String textValue = data instanceof String s ? s : Json.write(Json.normalize(data, Jsonata.NULL_VALUE));
                return HexFormat.of().formatHex(md.digest(textValue.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new JException("D3030", 0, algorithm);
            }
        }, null);

    private static final Jsonata.JFunction PARSE = Jsonata.function("parse", (Jsonata.FnVarArgs<Object>) args -> {
            Object s = args.isEmpty() ? null : args.get(0);
            if (!(s instanceof String str)) {
                throw new JException("T0410", 0, s);
            }
            try {
                Object v = Json.parse(str);
                return v == null ? Jsonata.NULL_VALUE : v;
            } catch (Json.JsonSyntaxException e) {
                throw new JException("D3030", 0, str);
            }
        }, null);
}
