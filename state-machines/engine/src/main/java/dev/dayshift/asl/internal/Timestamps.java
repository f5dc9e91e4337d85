package dev.dayshift.asl.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

/** ISO-8601 timestamps as ASL reads and writes them. */
public final class Timestamps {
    /** Date, 'T', time with seconds, optional fraction, and a mandatory offset (Z or +hh:mm). */
    private static final Pattern SHAPE = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    /** How the context object and history print times: 2024-01-02T03:04:05.678Z. */
    private static final DateTimeFormatter OUT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MILLI_OF_SECOND, 3, 3, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The instant, or null when the text is not an ISO-8601 extended offset date-time. */
    public static Instant parse(String s) {
        if (s == null || !SHAPE.matcher(s).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, ISO).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** 2024-01-02T03:04:05.678Z, without a DateTimeFormatter on the hot path. */
    public static String format(Instant t) {
        long secs = t.getEpochSecond();
        if (secs < 0 || secs >= 253_402_300_800L) {
            return OUT.format(t);
        }
        long days = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
        char[] c = new char[24];
        put(c, 0, d.getYear(), 4);
        c[4] = '-';
        put(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, sod / 3600, 2);
        c[13] = ':';
        put(c, 14, sod / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, sod % 60, 2);
        c[19] = '.';
        put(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }
}
