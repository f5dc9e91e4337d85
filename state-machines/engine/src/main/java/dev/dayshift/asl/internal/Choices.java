package dev.dayshift.asl.internal;

import java.time.Instant;

/** Choice comparison operators. A value of the wrong type never matches (AWS does not fail on it). */
final class Choices {
    private Choices() {
    }

    static boolean compare(String op, Object v, Object expected) {
        switch (op) {
            case "IsNull":
                return (v == null) == Boolean.TRUE.equals(expected);
            case "IsNumeric":
                return (v instanceof Number) == Boolean.TRUE.equals(expected);
            case "IsString":
                return (v instanceof String) == Boolean.TRUE.equals(expected);
            case "IsBoolean":
                return (v instanceof Boolean) == Boolean.TRUE.equals(expected);
            case "IsTimestamp":
                return (v instanceof String s && Timestamps.parse(s) != null) == Boolean.TRUE.equals(expected);
            case "BooleanEquals":
                return v instanceof Boolean && v.equals(expected);
            case "StringMatches":
                return v instanceof String s && expected instanceof String p && wildcard(s, p);
            default:
                break;
        }
        if (op.startsWith("String")) {
            if (!(v instanceof String a) || !(expected instanceof String b)) {
                return false;
            }
            return test(op.substring(6), a.compareTo(b));
        }
        if (op.startsWith("Numeric")) {
            if (!(v instanceof Number a) || !(expected instanceof Number b)) {
                return false;
            }
            return test(op.substring(7), Json.compareNumbers(a, b));
        }
        if (op.startsWith("Timestamp")) {
            if (!(v instanceof String a) || !(expected instanceof String b)) {
                return false;
            }
            Instant x = Timestamps.parse(a);
            Instant y = Timestamps.parse(b);
            if (x == null || y == null) {
                return false;
            }
            return test(op.substring(9), x.compareTo(y));
        }
        return false;
    }

    private static boolean test(String rel, int c) {
        return switch (rel) {
            case "Equals" -> c == 0;
            case "LessThan" -> c < 0;
            case "GreaterThan" -> c > 0;
            case "LessThanEquals" -> c <= 0;
            case "GreaterThanEquals" -> c >= 0;
            default -> false;
        };
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static boolean wildcard(String s, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(s).matches();
    }
}
