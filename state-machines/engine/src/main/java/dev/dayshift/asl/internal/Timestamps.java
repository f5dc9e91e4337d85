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

    public static String format(Instant t) {
        return OUT.format(t);
    }
}
