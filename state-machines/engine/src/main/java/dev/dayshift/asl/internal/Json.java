package dev.dayshift.asl.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as the engine holds them: {@code Map<String,Object>} (insertion ordered), {@code List<Object>},
 * {@code String}, {@code Long}/{@code BigInteger}, {@code Double}/{@code BigDecimal}, {@code Boolean} and
 * {@code null} for JSON null. Values are never mutated once published; code that changes one copies the spine.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(10_000).build())
            .build();

    private Json() {
    }

    /** Thrown when a text is not JSON; the message names the line and column. */
    public static final class JsonSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonSyntaxException(String message) {
            super(message);
        }
    }

    /** Parses JSON text into engine values. */
    public static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonSyntaxException("empty JSON text");
            }
            Object v = read(p, t);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new JsonSyntaxException("unexpected content after the JSON value at line "
                        + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr());
            }
            return v;
        } catch (JsonParseException e) {
            throw new JsonSyntaxException(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new JsonSyntaxException(e.getMessage());
        }
    }

    private static Object read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    m.put(name, read(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return p.getBigIntegerValue();
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                if (Double.isInfinite(d)) {
                    return p.getDecimalValue();
                }
                return d;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonSyntaxException("unexpected token " + t);
        }
    }

    /** Compact JSON text of a value. */
    public static String write(Object value) {
        StringWriter w = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Indented JSON text, for people. */
    public static String writePretty(Object value) {
        StringWriter w = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                g.writeFieldName(new SerializedString(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            writeDouble(g, d);
        } else if (v instanceof Float f) {
            writeDouble(g, f.doubleValue());
        } else if (v instanceof BigInteger bi) {
            g.writeNumber(bi);
        } else if (v instanceof BigDecimal bd) {
            g.writeNumber(bd);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(v.toString());
        }
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            g.writeNull();
        } else {
            g.writeNumber(d);
        }
    }

    /** AWS's name of a JSON value's type: object, array, string, number, boolean or null. */
    public static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "object";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Number) {
            return "number";
        }
        return "unknown";
    }

    /** True for whole numbers held as integers (not 1.0). */
    public static boolean isIntegral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Short
                || v instanceof Byte;
    }

    /** JSON equality: numbers compare by value (1 equals 1.0), objects ignore key order. */
    public static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!equal(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Compares two numbers by value, whatever their Java types. */
    public static int compareNumbers(Number x, Number y) {
        if ((x instanceof Long || x instanceof Integer) && (y instanceof Long || y instanceof Integer)) {
            return Long.compare(x.longValue(), y.longValue());
        }
        if ((x instanceof Double || x instanceof Long || x instanceof Integer)
                && (y instanceof Double || y instanceof Long || y instanceof Integer)) {
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            if (Math.abs(dx) < 9.0e15 && Math.abs(dy) < 9.0e15) {
                return Double.compare(dx == 0.0 ? 0.0 : dx, dy == 0.0 ? 0.0 : dy);
            }
        }
        return toBigDecimal(x).compareTo(toBigDecimal(y));
    }

    public static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal bd) {
            return bd;
        }
        if (n instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.toString());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /**
     * Converts any Java value made of maps, lists, strings, numbers and booleans into engine values:
     * small integral doubles become longs (JSONata computes in doubles, AWS prints 3, not 3.0) and
     * JSONata's own null marker becomes null.
     */
    @SuppressWarnings("unchecked")
    public static Object normalize(Object v, Object nullMarker) {
        if (v == null || v == nullMarker) {
            return null;
        }
        if (v instanceof String || v instanceof Boolean || v instanceof Long) {
            return v;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Double d) {
            return normalizeDouble(d);
        }
        if (v instanceof Float f) {
            return normalizeDouble(f.doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), normalize(e.getValue(), nullMarker));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalize(o, nullMarker));
            }
            return out;
        }
        if (v instanceof Object[] arr) {
            List<Object> out = new ArrayList<>(arr.length);
            for (Object o : arr) {
                out.add(normalize(o, nullMarker));
            }
            return out;
        }
        if (v instanceof Number) {
            return v;
        }
        return v;
    }

    /** A double that holds a whole number small enough to be exact becomes a long. */
    public static Object normalizeDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 && !Double.isInfinite(d)) {
            return (long) d;
        }
        return d;
    }

    /**
     * True when the JSON text of {@code v} would be longer than {@code limit} bytes (UTF-8, estimated without
     * writing it: exact for ASCII text, close otherwise); stops walking as soon as the limit is passed.
     */
    public static boolean exceeds(Object v, long limit) {
        return size(v, limit) > limit;
    }

    /** The JSON size of {@code v} in bytes (estimated as {@link #exceeds} does), or a number past {@code limit}. */
    public static long size(Object v, long limit) {
        if (v == null) {
            return 4;
        }
        if (v instanceof String s) {
            long n = s.length() + 2L;
            if (n * 3 <= limit && s.length() < 64) {
                return n;
            }
            for (int i = 0; i < s.length() && n <= limit; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    n += c >= 0x800 ? 2 : 1;
                } else if (c == '"' || c == '\\' || c < 0x20) {
                    n += 1;
                }
            }
            return n;
        }
        if (v instanceof Map<?, ?> m) {
            long n = 2;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += size(e.getKey(), limit) + 2 + size(e.getValue(), limit - n);
                if (n > limit) {
                    return n;
                }
            }
            return n;
        }
        if (v instanceof List<?> l) {
            long n = 2;
            for (Object o : l) {
                n += 1 + size(o, limit - n);
                if (n > limit) {
                    return n;
                }
            }
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (v instanceof Long x) {
            long a = Math.abs(x);
            int digits = 1;
            while (a >= 10 && digits < 20) {
                a /= 10;
                digits++;
            }
            return x < 0 ? digits + 1 : digits;
        }
        if (v instanceof Double) {
            return 12;
        }
        return v.toString().length();
    }

    /** A shallow, mutable copy of an object value. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyObject(Object v) {
        return new LinkedHashMap<>((Map<String, Object>) v);
    }

    /** A JSON pointer token for a field name or index (escapes ~ and /). */
    public static String pointerToken(String s) {
        if (s.indexOf('~') < 0 && s.indexOf('/') < 0) {
            return s;
        }
        return s.replace("~", "~0").replace("/", "~1");
    }
}
