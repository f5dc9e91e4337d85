package dev.dayshift.core.schedule.internal;

import dev.dayshift.core.schedule.InvalidScheduleExpressionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the body of {@code cron(...)} the way EventBridge Scheduler reads it, with a precise error
 * for each way it can be wrong. Internal: use {@link dev.dayshift.core.schedule.ScheduleExpression#parse}.
 *
 * <p>Grammar of one field: a comma-separated list of entries; an entry is {@code *}, a value, a range
 * {@code a-b} (wrapping past the field's end when b &lt; a, except for years), each optionally followed
 * by {@code /step}; plus the special forms {@code ?}, {@code L}, {@code LW}, {@code nW} (day-of-month)
 * and {@code ?}, {@code L}, {@code nL}, {@code n#k} (day-of-week), which stand alone.
 */
public final class CronParser {

    /** The six fields, in order. */
    enum Field {
        MINUTES("minutes", 0, 59, 2),
        HOURS("hours", 0, 23, 2),
        DAY_OF_MONTH("day-of-month", 1, 31, 2),
        MONTH("month", 1, 12, 2),
        DAY_OF_WEEK("day-of-week", 1, 7, 1),
        YEAR("year", CronSpec.MIN_YEAR, CronSpec.MAX_YEAR, 4);

        final String label;
        final int min;
        final int max;
        final int digits;

        Field(String label, int min, int max, int digits) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.digits = digits;
        }

        String range() {
            return switch (this) {
                case MONTH -> "1-12 or JAN-DEC";
                case DAY_OF_WEEK -> "1-7 or SUN-SAT";
                default -> min + "-" + max;
            };
        }
    }

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;

    private CronParser(String text) {
        this.text = text;
    }

    /**
     * Parses the fields between the parentheses.
     *
     * @param text the whole expression, for messages
     * @param bodyStart index of the first character after {@code cron(} in {@code text}
     * @param bodyEnd index of the closing parenthesis
     */
    public static CronSpec parse(String text, int bodyStart, int bodyEnd) {
        return new CronParser(text).parseBody(bodyStart, bodyEnd);
    }

    private record Token(String value, int position) {
    }

    private CronSpec parseBody(int start, int end) {
        List<Token> tokens = new ArrayList<>();
        int i = start;
        while (i < end) {
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < end && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > s) {
                tokens.add(new Token(text.substring(s, i), s));
            }
        }
        if (tokens.size() != 6) {
            String hint;
            if (tokens.isEmpty()) {
                hint = "cron() is empty; it needs 6 fields: minutes hours day-of-month month day-of-week year";
            } else if (tokens.size() == 5) {
                hint = "found 5 fields but Scheduler needs 6: minutes hours day-of-month month day-of-week year"
                        + " (the year is required; use * for every year)";
            } else if (tokens.size() == 7) {
                hint = "found 7 fields but Scheduler needs 6: minutes hours day-of-month month day-of-week year"
                        + " (there is no seconds field)";
            } else {
                hint = "found " + tokens.size() + " fields but Scheduler needs 6: minutes hours day-of-month month day-of-week year";
            }
            throw error(null, null, hint, start);
        }
        Field[] fields = Field.values();
        long minutes = values(fields[0], tokens.get(0));
        long hours = values(fields[1], tokens.get(1));
        long months = values(fields[3], tokens.get(3));
        Token dom = tokens.get(2);
        Token dow = tokens.get(4);
        boolean domAny = dom.value().equals("?");
        boolean dowAny = dow.value().equals("?");
        if (domAny && dowAny) {
            throw error(null, null, "day-of-month and day-of-week cannot both be '?': set one of them"
                    + " (for example * in day-of-month for every day)", dom.position());
        }
        if (!domAny && !dowAny) {
            throw error(null, null, "day-of-month '" + dom.value() + "' and day-of-week '" + dow.value()
                    + "' cannot both be set: one of them must be '?' (e.g. '? * MON-FRI' or '1 * ?')", dom.position());
        }
        boolean[] years = yearSet(tokens.get(5));
        CronSpec.DayRule rule;
        long dayValues = 0;
        int dayArg = 0;
        int nth = 0;
        if (dowAny) {
            String v = dom.value();
            String upper = v.toUpperCase(Locale.ROOT);
            if (upper.equals("L")) {
                rule = CronSpec.DayRule.LAST_DAY;
            } else if (upper.equals("LW")) {
                rule = CronSpec.DayRule.LAST_WEEKDAY;
            } else if (upper.startsWith("L-")) {
                throw error(Field.DAY_OF_MONTH, dom, "an offset from the last day (L-n) is not accepted by EventBridge Scheduler; use L or LW", dom.position());
            } else if (upper.endsWith("W") && !upper.contains(",") && !upper.contains("-") && !upper.contains("/")) {
                String n = v.substring(0, v.length() - 1);
                if (n.isEmpty()) {
                    throw error(Field.DAY_OF_MONTH, dom, "'W' needs a day before it (1W-31W, or LW)", dom.position());
                }
                rule = CronSpec.DayRule.NEAREST_WEEKDAY;
                dayArg = number(Field.DAY_OF_MONTH, n, dom.position(), true);
            } else {
                rejectStray(Field.DAY_OF_MONTH, dom);
                rule = CronSpec.DayRule.DAYS_OF_MONTH;
                dayValues = values(Field.DAY_OF_MONTH, dom);
            }
        } else {
            String v = dow.value();
            String upper = v.toUpperCase(Locale.ROOT);
            if (upper.contains("#")) {
                if (upper.contains(",") || upper.contains("-") || upper.contains("/")) {
                    throw error(Field.DAY_OF_WEEK, dow, "'#' must be the only entry in day-of-week (Scheduler takes a single n#k, e.g. 2#1 for the first Monday)", dow.position());
                }
                int hash = v.indexOf('#');
                String day = v.substring(0, hash);
                String k = v.substring(hash + 1);
                if (day.isEmpty() || k.isEmpty()) {
                    throw error(Field.DAY_OF_WEEK, dow, "'#' needs a weekday before it and an occurrence 1-5 after it (e.g. 2#1 or MON#1)", dow.position());
                }
                dayArg = value(Field.DAY_OF_WEEK, day, dow.position());
                if (!k.matches("[0-9]")) {
                    throw error(Field.DAY_OF_WEEK, dow, "the occurrence after '#' must be 1-5, not '" + k + "'", dow.position() + hash + 1);
                }
                nth = Integer.parseInt(k);
                if (nth < 1 || nth > 5) {
                    throw error(Field.DAY_OF_WEEK, dow, "the occurrence after '#' must be 1-5, not " + nth, dow.position() + hash + 1);
                }
                rule = CronSpec.DayRule.NTH_WEEKDAY_OF_MONTH;
            } else if (upper.equals("L")) {
                // L alone in day-of-week is the last day of the week: Saturday (7).
                rule = CronSpec.DayRule.DAYS_OF_WEEK;
                dayValues = 1L << 7;
            } else if (upper.startsWith("L-")) {
                throw error(Field.DAY_OF_WEEK, dow, "an offset from the last day (L-n) is not part of Scheduler's day-of-week syntax; use nL for the last such weekday (e.g. 6L, FRIL)", dow.position());
            } else if (upper.endsWith("L") && upper.length() > 1) {
                String day = v.substring(0, v.length() - 1);
                if (day.contains(",") || day.contains("-") || day.contains("/") || day.contains("*")) {
                    throw error(Field.DAY_OF_WEEK, dow, "'L' takes a single weekday before it (e.g. 6L or FRIL for the last Friday); it cannot follow a list or range", dow.position());
                }
                dayArg = value(Field.DAY_OF_WEEK, day, dow.position());
                rule = CronSpec.DayRule.LAST_WEEKDAY_OF_MONTH;
            } else {
                if (v.contains("/")) {
                    throw error(Field.DAY_OF_WEEK, dow, "day-of-week does not take '/' in EventBridge Scheduler; list the days instead (e.g. MON,WED,FRI)", dow.position() + v.indexOf('/'));
                }
                rejectStray(Field.DAY_OF_WEEK, dow);
                rule = CronSpec.DayRule.DAYS_OF_WEEK;
                dayValues = values(Field.DAY_OF_WEEK, dow);
            }
        }
        return new CronSpec(minutes, hours, months, rule, dayValues, dayArg, nth, years);
    }

    /** Special characters in a list, where they may not stand. */
    private void rejectStray(Field field, Token token) {
        String v = token.value();
        String upper = v.toUpperCase(Locale.ROOT);
        if (field == Field.DAY_OF_MONTH) {
            int w = upper.indexOf('W');
            if (w >= 0) {
                throw error(field, token, "'W' takes a single day (1W-31W) or LW and must stand alone; it cannot be part of a list, range or step", token.position() + w);
            }
            int l = upper.indexOf('L');
            if (l >= 0) {
                throw error(field, token, "'L' must stand alone in day-of-month (L or LW); it cannot be part of a list, range or step", token.position() + l);
            }
        } else {
            int l = upper.indexOf('L');
            if (l >= 0) {
                throw error(field, token, "'L' must stand alone in day-of-week (L, or nL such as 6L); it cannot be part of a list or range", token.position() + l);
            }
        }
        int q = v.indexOf('?');
        if (q >= 0) {
            throw error(field, token, "'?' must stand alone", token.position() + q);
        }
    }

    private boolean[] yearSet(Token token) {
        long[] bits = new long[4];
        parseList(Field.YEAR, token, bits);
        boolean[] years = new boolean[CronSpec.MAX_YEAR - CronSpec.MIN_YEAR + 1];
        for (int y = CronSpec.MIN_YEAR; y <= CronSpec.MAX_YEAR; y++) {
            int i = y - CronSpec.MIN_YEAR;
            years[i] = (bits[i >> 6] & (1L << (i & 63))) != 0;
        }
        return years;
    }

    private long values(Field field, Token token) {
        long[] bits = new long[1];
        parseList(field, token, bits);
        return bits[0];
    }

    /** Fills {@code bits} (value - offset for years) with a list's values. */
    private void parseList(Field field, Token token, long[] bits) {
        String v = token.value();
        int pos = token.position();
        if (v.equals("?")) {
            throw error(field, token, "'?' is only allowed in day-of-month and day-of-week", pos);
        }
        int offset = field == Field.YEAR ? CronSpec.MIN_YEAR : 0;
        int i = 0;
        while (true) {
            int comma = v.indexOf(',', i);
            String entry = comma < 0 ? v.substring(i) : v.substring(i, comma);
            if (entry.isEmpty()) {
                throw error(field, token, "empty entry in the list (check for ',,' or a ',' at either end)", pos + i);
            }
            parseEntry(field, token, entry, pos + i, bits, offset);
            if (comma < 0) {
                break;
            }
            i = comma + 1;
        }
    }

    private void parseEntry(Field field, Token token, String entry, int pos, long[] bits, int offset) {
        for (int k = 0; k < entry.length(); k++) {
            char c = entry.charAt(k);
            if (Character.isDigit(c) || c == '*' || c == '-' || c == '/') {
                continue;
            }
            if (c == '?') {
                throw error(field, token, field == Field.DAY_OF_MONTH || field == Field.DAY_OF_WEEK
                        ? "'?' must stand alone" : "'?' is only allowed in day-of-month and day-of-week", pos + k);
            }
            if (Character.isLetter(c) && isNameField(field) && c != '#') {
                continue;
            }
            if ("LlWw#".indexOf(c) >= 0) {
                throw error(field, token, "'" + c + "' is not allowed in the " + field.label + " field" + allowedHint(field), pos + k);
            }
            if (!Character.isLetter(c)) {
                throw error(field, token, "unexpected character '" + c + "'" + allowedHint(field), pos + k);
            }
        }
        int slash = entry.indexOf('/');
        String base = slash < 0 ? entry : entry.substring(0, slash);
        int step = 0;
        if (slash >= 0) {
            String inc = entry.substring(slash + 1);
            if (inc.isEmpty()) {
                throw error(field, token, "'/' needs an increment after it (e.g. 0/15)", pos + slash);
            }
            if (!inc.matches("[0-9]{1,5}")) {
                throw error(field, token, "the increment after '/' must be a whole number, not '" + inc + "'", pos + slash + 1);
            }
            step = Integer.parseInt(inc);
            if (step < 1) {
                throw error(field, token, "the increment after '/' must be at least 1", pos + slash + 1);
            }
            if (base.isEmpty()) {
                throw error(field, token, "'/' needs a start before it (e.g. 0/15 or */15)", pos);
            }
        }
        int from;
        int to;
        if (base.equals("*")) {
            from = field.min;
            to = field.max;
        } else {
            int dash = base.indexOf('-', 1);
            if (base.startsWith("-")) {
                throw error(field, token, "'" + base + "' is not a value: values are " + field.range(), pos);
            }
            if (dash < 0) {
                from = value(field, base, pos);
                to = slash >= 0 ? field.max : from;
            } else {
                String a = base.substring(0, dash);
                String b = base.substring(dash + 1);
                if (b.isEmpty()) {
                    throw error(field, token, "the range '" + base + "' has no end", pos + dash);
                }
                if (b.indexOf('-') >= 0) {
                    throw error(field, token, "'" + base + "' is not a range: use a-b", pos + dash);
                }
                if (a.equals("*") || b.equals("*")) {
                    throw error(field, token, "a range takes two values (a-b), not '*'", pos);
                }
                from = value(field, a, pos);
                to = value(field, b, pos + dash + 1);
                if (to < from && field == Field.YEAR) {
                    throw error(field, token, "the year range " + from + "-" + to + " runs backwards", pos);
                }
            }
        }
        if (step == 0) {
            step = 1;
        }
        if (to >= from) {
            for (int x = from; x <= to; x += step) {
                set(bits, x - offset);
            }
        } else {
            // A range that wraps past the end of the field (e.g. hours 22-2, FRI-MON), as Quartz reads it.
            int size = field.max - field.min + 1;
            for (int x = from; x <= to + size; x += step) {
                int real = x > field.max ? x - size : x;
                set(bits, real - offset);
            }
        }
    }

    private static boolean isNameField(Field field) {
        return field == Field.MONTH || field == Field.DAY_OF_WEEK;
    }

    private static String allowedHint(Field field) {
        return switch (field) {
            case MINUTES, HOURS, MONTH, YEAR -> " (allowed: , - * /)";
            case DAY_OF_MONTH -> " (allowed: , - * ? / L W)";
            case DAY_OF_WEEK -> " (allowed: , - * ? L #)";
        };
    }

    private static void set(long[] bits, int i) {
        bits[i >> 6] |= 1L << (i & 63);
    }

    /** A single value: a number in the field's range, or a month or weekday name. */
    private int value(Field field, String s, int pos) {
        if (!s.isEmpty() && Character.isLetter(s.charAt(0))) {
            String upper = s.toUpperCase(Locale.ROOT);
            String[] names = field == Field.MONTH ? MONTHS : field == Field.DAY_OF_WEEK ? DAYS : null;
            if (names != null) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(upper)) {
                        return i + 1;
                    }
                }
                throw error(field, tokenAt(pos, s), "'" + s + "' is not a " + (field == Field.MONTH ? "month" : "weekday")
                        + " name: use " + field.range(), pos);
            }
            throw error(field, tokenAt(pos, s), "'" + s + "' is not a number: values are " + field.range(), pos);
        }
        return number(field, s, pos, false);
    }

    private int number(Field field, String s, int pos, boolean nearestWeekday) {
        if (!s.matches("[0-9]+")) {
            throw error(field, tokenAt(pos, s), "'" + s + "' is not a number: values are " + field.range(), pos);
        }
        if (s.length() > field.digits && !(field == Field.YEAR && s.length() == 4)) {
            int n = s.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(s);
            if (n >= field.min && n <= field.max) {
                throw error(field, tokenAt(pos, s), "'" + s + "' has too many digits", pos);
            }
            throw error(field, tokenAt(pos, s), (s.length() > 9 ? s : String.valueOf(n)) + " is outside " + field.range(), pos);
        }
        int n = Integer.parseInt(s);
        if (field == Field.YEAR && s.length() != 4) {
            throw error(field, tokenAt(pos, s), n + " is outside " + field.range() + " (years have four digits)", pos);
        }
        if (n < field.min || n > field.max) {
            throw error(field, tokenAt(pos, s), n + " is outside " + field.range()
                    + (nearestWeekday ? " (nW takes a day of the month)" : ""), pos);
        }
        return n;
    }

    /** The whitespace-delimited field that contains {@code pos}, for the message. */
    private Token tokenAt(int pos, String fallback) {
        int s = pos;
        while (s > 0 && !Character.isWhitespace(text.charAt(s - 1)) && text.charAt(s - 1) != '(') {
            s--;
        }
        int e = pos;
        while (e < text.length() && !Character.isWhitespace(text.charAt(e)) && text.charAt(e) != ')') {
            e++;
        }
        return e > s ? new Token(text.substring(s, e), s) : new Token(fallback, pos);
    }

    private InvalidScheduleExpressionException error(Field field, Token token, String reason, int position) {
        return new InvalidScheduleExpressionException(text, field == null ? null : field.label,
                token == null ? null : token.value(), reason, position);
    }
}
