package dev.dayshift.asl.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The intrinsic functions of JSONPath payload templates: {@code States.Format(...)} and the rest. */
public final class Intrinsics {
    /** Every intrinsic function the engine knows, by name. */
    public static final Set<String> NAMES = Set.of(
            "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
            "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength",
            "States.ArrayUnique", "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge",
            "States.MathRandom", "States.MathAdd", "States.StringSplit", "States.UUID");

    private static final int MAX_ARRAY_RANGE = 1000;
    private static final int MAX_BASE64_INPUT = 10_000;

    private Intrinsics() {
    }

    /** True when a string is an intrinsic function call (starts with States. and a name and '('). */
    public static boolean looksLikeCall(String s) {
        return s != null && s.startsWith("States.") && s.indexOf('(') > 0;
    }

    /** A compiled argument or call. */
    public sealed interface Node permits Literal, PathArg, Call {
    }

    /** A literal argument; {@code raw} keeps the escaped form a template needs. */
    public record Literal(Object value, String raw) implements Node {
    }

    /** A path argument. */
    public record PathArg(Path path) implements Node {
    }

    /** A function call. */
    public record Call(String name, List<Node> args, String text) implements Node {
    }

    /** Thrown for text that is not a valid intrinsic call. */
    public static final class IntrinsicSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntrinsicSyntaxException(String message) {
            super(message);
        }
    }

    /** Compiles a call such as {@code States.Format('{}', $.a)}. */
    public static Call compile(String text) {
        Parser p = new Parser(text.trim());
        Node n = p.call();
        p.skipSpaces();
        if (p.pos != p.s.length()) {
            throw new IntrinsicSyntaxException("unexpected text after the call at position " + p.pos);
        }
        return (Call) n;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Node call() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (!NAMES.contains(name)) {
                throw new IntrinsicSyntaxException("unknown intrinsic function '" + name + "'");
            }
            skipSpaces();
            if (pos >= s.length() || s.charAt(pos) != '(') {
                throw new IntrinsicSyntaxException("expected '(' after " + name);
            }
            pos++;
            List<Node> args = new ArrayList<>();
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == ')') {
                pos++;
                return new Call(name, List.copyOf(args), s.substring(start, pos));
            }
            while (true) {
                skipSpaces();
                args.add(arg());
                skipSpaces();
                if (pos >= s.length()) {
                    throw new IntrinsicSyntaxException("missing ')' in " + name);
                }
                char c = s.charAt(pos);
                if (c == ',') {
                    pos++;
                } else if (c == ')') {
                    pos++;
                    break;
                } else {
                    throw new IntrinsicSyntaxException("unexpected '" + c + "' at position " + pos);
                }
            }
            return new Call(name, java.util.Collections.unmodifiableList(args), s.substring(start, pos));
        }

        Node arg() {
            if (pos >= s.length()) {
                throw new IntrinsicSyntaxException("missing argument");
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                return path();
            }
            if (s.startsWith("States.", pos)) {
                return call();
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ')'
                    && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            String tok = s.substring(start, pos);
            switch (tok) {
                case "null":
                    return new Literal(null, tok);
                case "true":
                    return new Literal(Boolean.TRUE, tok);
                case "false":
                    return new Literal(Boolean.FALSE, tok);
                default:
                    break;
            }
            if (tok.matches("-?\\d+")) {
                try {
                    return new Literal(Long.parseLong(tok), tok);
                } catch (NumberFormatException e) {
                    return new Literal(new BigInteger(tok), tok);
                }
            }
            if (tok.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?|-?\\d+[eE][-+]?\\d+")) {
                return new Literal(Double.parseDouble(tok), tok);
            }
            throw new IntrinsicSyntaxException("invalid argument '" + tok + "'");
        }

        Node string() {
            pos++;
            StringBuilder value = new StringBuilder();
            StringBuilder raw = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\' && pos + 1 < s.length()) {
                    char n = s.charAt(pos + 1);
                    value.append(n);
                    if (n == '{' || n == '}' || n == '\\') {
                        raw.append('\\');
                    }
                    raw.append(n);
                    pos += 2;
                    continue;
                }
                if (c == '\'') {
                    pos++;
                    return new Literal(value.toString(), raw.toString());
                }
                value.append(c);
                raw.append(c);
                pos++;
            }
            throw new IntrinsicSyntaxException("unterminated string");
        }

        Node path() {
            int start = pos;
            int depth = 0;
            char quote = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                } else if (Character.isWhitespace(c) && depth == 0) {
                    break;
                }
                pos++;
            }
            String text = s.substring(start, pos);
            try {
                return new PathArg(Path.compile(text));
            } catch (Path.PathSyntaxException e) {
                throw new IntrinsicSyntaxException("invalid path '" + text + "': " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------

    /** Evaluates a compiled call. Failures are States.Runtime errors. */
    public static Object eval(Call call, Object input, EvalScope scope) {
        List<Node> argNodes = call.args();
        Object[] args = new Object[argNodes.size()];
        for (int i = 0; i < args.length; i++) {
            Node n = argNodes.get(i);
            if (n instanceof Literal l) {
                args[i] = l.value();
            } else if (n instanceof PathArg p) {
                Object v = scope.find(p.path(), input);
                if (v == Path.MISSING) {
                    throw AslError.runtime("The JsonPath argument for the field '" + p.path().text()
                            + "' could not be found in the input '" + Json.write(input) + "'");
                }
                args[i] = v;
            } else {
                args[i] = eval((Call) n, input, scope);
            }
        }
        String name = call.name();
        return switch (name) {
            case "States.Format" -> format(call, args);
            case "States.StringToJson" -> stringToJson(name, args);
            case "States.JsonToString" -> {
                arity(name, args, 1, 1);
                yield Json.write(args[0]);
            }
            case "States.Array" -> {
                List<Object> out = new ArrayList<>(args.length);
                for (Object a : args) {
                    out.add(a);
                }
                yield out;
            }
            case "States.ArrayPartition" -> arrayPartition(name, args);
            case "States.ArrayContains" -> {
                arity(name, args, 2, 2);
                List<?> l = array(name, args, 0);
                boolean found = false;
                for (Object o : l) {
                    if (Json.equal(o, args[1])) {
                        found = true;
                        break;
                    }
                }
                yield found;
            }
            case "States.ArrayRange" -> arrayRange(name, args);
            case "States.ArrayGetItem" -> {
                arity(name, args, 2, 2);
                List<?> l = array(name, args, 0);
                long idx = integer(name, args, 1);
                if (idx < 0 || idx >= l.size()) {
                    throw AslError.runtime("The index " + idx + " is out of bounds for the array of length "
                            + l.size() + " given to " + name);
                }
                yield l.get((int) idx);
            }
            case "States.ArrayLength" -> {
                arity(name, args, 1, 1);
                yield (long) array(name, args, 0).size();
            }
            case "States.ArrayUnique" -> {
                arity(name, args, 1, 1);
                List<?> l = array(name, args, 0);
                List<Object> out = new ArrayList<>();
                for (Object o : l) {
                    boolean seen = false;
                    for (Object p : out) {
                        if (Json.equal(o, p)) {
                            seen = true;
                            break;
                        }
                    }
                    if (!seen) {
                        out.add(o);
                    }
                }
                yield out;
            }
            case "States.Base64Encode" -> {
                arity(name, args, 1, 1);
                String s = string(name, args, 0);
                if (s.length() > MAX_BASE64_INPUT) {
                    throw AslError.runtime("The input to " + name + " is longer than " + MAX_BASE64_INPUT
                            + " characters");
                }
                yield Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
            }
            case "States.Base64Decode" -> {
                arity(name, args, 1, 1);
                String s = string(name, args, 0);
                if (s.length() > MAX_BASE64_INPUT) {
                    throw AslError.runtime("The input to " + name + " is longer than " + MAX_BASE64_INPUT
                            + " characters");
                }
                try {
                    yield new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw AslError.runtime("The input to " + name + " is not valid base64: " + e.getMessage());
                }
            }
            case "States.Hash" -> hash(name, args);
            case "States.JsonMerge" -> jsonMerge(name, args);
            case "States.MathRandom" -> mathRandom(name, args, scope);
            case "States.MathAdd" -> mathAdd(name, args);
            case "States.StringSplit" -> stringSplit(name, args);
            case "States.UUID" -> {
                arity(name, args, 0, 0);
                yield randomUuid(scope);
            }
            default -> throw AslError.runtime("Unknown intrinsic function " + name);
        };
    }

    /** A version 4 UUID from the scope's random source. */
    public static String randomUuid(EvalScope scope) {
        long hi = scope.random().nextLong();
        long lo = scope.random().nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private static void arity(String name, Object[] args, int min, int max) {
        if (args.length < min || args.length > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw AslError.runtime("The function " + name + " expects " + expected + " argument"
                    + (max == 1 ? "" : "s") + ", but " + args.length + " were given");
        }
    }

    private static List<?> array(String name, Object[] args, int i) {
        if (!(args[i] instanceof List<?> l)) {
            throw AslError.runtime("The function " + name + " expects argument " + (i + 1)
                    + " to be an array, but it was " + Json.typeName(args[i]) + ": " + Json.write(args[i]));
        }
        return l;
    }

    private static String string(String name, Object[] args, int i) {
        if (!(args[i] instanceof String s)) {
            throw AslError.runtime("The function " + name + " expects argument " + (i + 1)
                    + " to be a string, but it was " + Json.typeName(args[i]) + ": " + Json.write(args[i]));
        }
        return s;
    }

    private static long integer(String name, Object[] args, int i) {
        Object v = args[i];
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return d.longValue();
        }
        throw AslError.runtime("The function " + name + " expects argument " + (i + 1)
                + " to be an integer, but it was " + Json.write(v));
    }

    private static Object format(Call call, Object[] args) {
        if (args.length == 0 || !(args[0] instanceof String)) {
            throw AslError.runtime("The first argument of States.Format must be a string template");
        }
        String template = args[0] instanceof String s ? s : "";
        Node first = call.args().get(0);
        boolean rawTemplate = first instanceof Literal;
        String t = rawTemplate ? ((Literal) first).raw() : template;
        StringBuilder out = new StringBuilder(t.length() + 16);
        int argIndex = 1;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (rawTemplate && c == '\\' && i + 1 < t.length()) {
                out.append(t.charAt(++i));
            } else if (c == '{' && i + 1 < t.length() && t.charAt(i + 1) == '}') {
                if (argIndex >= args.length) {
                    throw AslError.runtime("The number of arguments to States.Format does not match the number"
                            + " of placeholders in the template '" + template + "'");
                }
                appendFormatted(out, args[argIndex++]);
                i++;
            } else {
                out.append(c);
            }
        }
        if (argIndex != args.length) {
            throw AslError.runtime("The number of arguments to States.Format does not match the number"
                    + " of placeholders in the template '" + template + "'");
        }
        return out.toString();
    }

    /**
     * How States.Format prints a value: strings as they are, objects and arrays as Java prints maps and lists
     * ({@code {Id=arn..., Name=x}}, {@code [1, 2]}), as AWS does.
     */
    private static void appendFormatted(StringBuilder out, Object v) {
        if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                out.append(e.getKey()).append('=');
                appendFormatted(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                appendFormatted(out, l.get(i));
            }
            out.append(']');
        } else {
            out.append(v);
        }
    }

    private static Object stringToJson(String name, Object[] args) {
        arity(name, args, 1, 1);
        String s = string(name, args, 0);
        if (s.isBlank()) {
            return null;
        }
        try {
            return Json.parse(s);
        } catch (Json.JsonSyntaxException e) {
            throw AslError.runtime("The argument of " + name + " is not valid JSON: " + s);
        }
    }

    private static Object arrayPartition(String name, Object[] args) {
        arity(name, args, 2, 2);
        List<?> l = array(name, args, 0);
        long size = integer(name, args, 1);
        if (size <= 0) {
            throw AslError.runtime("The chunk size given to " + name + " must be a positive integer, but it was "
                    + size);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i += (int) size) {
            out.add(new ArrayList<Object>(l.subList(i, (int) Math.min(l.size(), i + size))));
        }
        return out;
    }

    private static Object arrayRange(String name, Object[] args) {
        arity(name, args, 3, 3);
        long start = integer(name, args, 0);
        long end = integer(name, args, 1);
        long step = integer(name, args, 2);
        if (step == 0) {
            throw AslError.runtime("The step given to " + name + " cannot be 0");
        }
        List<Object> out = new ArrayList<>();
        if (step > 0) {
            for (long v = start; v <= end; v += step) {
                out.add(v);
                if (out.size() > MAX_ARRAY_RANGE) {
                    break;
                }
            }
        } else {
            for (long v = start; v >= end; v += step) {
                out.add(v);
                if (out.size() > MAX_ARRAY_RANGE) {
                    break;
                }
            }
        }
        if (out.size() > MAX_ARRAY_RANGE) {
            throw AslError.runtime("The array " + name + " would create has more than " + MAX_ARRAY_RANGE
                    + " items");
        }
        return out;
    }

    private static Object hash(String name, Object[] args) {
        arity(name, args, 2, 2);
        Object data = args[0];
        String algorithm = string(name, args, 1);
        String jdk = switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA-1" -> "SHA-1";
            case "SHA-256" -> "SHA-256";
            case "SHA-384" -> "SHA-384";
            case "SHA-512" -> "SHA-512";
            default -> throw AslError.runtime("The hashing algorithm '" + algorithm + "' is not supported by "
                    + name + "; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512");
        };
        String text = data instanceof String s ? s : Json.write(data);
        if (text.length() > MAX_BASE64_INPUT) {
            throw AslError.runtime("The input to " + name + " is longer than " + MAX_BASE64_INPUT + " characters");
        }
        try {
            MessageDigest md = MessageDigest.getInstance(jdk);
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw AslError.runtime("The hashing algorithm '" + algorithm + "' is not available");
        }
    }

    @SuppressWarnings("unchecked")
    private static Object jsonMerge(String name, Object[] args) {
        arity(name, args, 3, 3);
        if (!(args[0] instanceof Map) || !(args[1] instanceof Map)) {
            throw AslError.runtime("The function " + name + " expects two JSON objects");
        }
        if (!(args[2] instanceof Boolean deep)) {
            throw AslError.runtime("The third argument of " + name + " must be a boolean");
        }
        if (deep) {
            throw AslError.runtime("The function " + name + " supports only shallow merges (false)");
        }
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) args[0]);
        out.putAll((Map<String, Object>) args[1]);
        return out;
    }

    private static Object mathRandom(String name, Object[] args, EvalScope scope) {
        arity(name, args, 2, 3);
        for (int i = 0; i < args.length; i++) {
            if (!(args[i] instanceof Number)) {
                throw AslError.runtime("The function " + name + " expects argument " + (i + 1)
                        + " to be a number, but it was " + Json.typeName(args[i]) + ": " + Json.write(args[i]));
            }
        }
        long start = rounded((Number) args[0]);
        long end = rounded((Number) args[1]);
        if (end <= start) {
            throw AslError.runtime("The end of the range given to " + name + " must be greater than its start");
        }
        if (args.length == 3) {
            long seed = rounded((Number) args[2]);
            return start + new java.util.Random(seed).nextLong(end - start);
        }
        return start + scope.random().nextLong(end - start);
    }

    private static Object mathAdd(String name, Object[] args) {
        arity(name, args, 2, 2);
        for (int i = 0; i < 2; i++) {
            if (!(args[i] instanceof Number)) {
                throw AslError.runtime("The function " + name + " expects argument " + (i + 1)
                        + " to be a number, but it was " + Json.typeName(args[i]) + ": " + Json.write(args[i]));
            }
        }
        long a = rounded((Number) args[0]);
        long b = rounded((Number) args[1]);
        return a + b;
    }

    /** AWS rounds each argument half up (Java's Math.round): 1.5 -> 2, -1.5 -> -1. */
    private static long rounded(Number n) {
        if (n instanceof Double || n instanceof java.math.BigDecimal || n instanceof Float) {
            return Math.round(n.doubleValue());
        }
        return n.longValue();
    }

    private static Object stringSplit(String name, Object[] args) {
        arity(name, args, 2, 2);
        String s = string(name, args, 0);
        String delims = string(name, args, 1);
        List<Object> out = new ArrayList<>();
        if (delims.isEmpty()) {
            for (int i = 0; i < s.length(); i++) {
                out.add(String.valueOf(s.charAt(i)));
            }
            return out;
        }
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (delims.indexOf(c) >= 0) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
