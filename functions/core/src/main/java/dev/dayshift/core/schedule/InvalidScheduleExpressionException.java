package dev.dayshift.core.schedule;

import dev.dayshift.core.DayshiftException;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by {@link ScheduleExpression#parse(String)} when a text is not a schedule expression that
 * EventBridge Scheduler would accept. The message names the expression, the field and the bad token,
 * and says what is wrong, e.g. {@code cron(0 25 * * ? *): hours field '25': 25 is outside 0-23}.
 * Always {@link Kind#BAD_INPUT} (exit code 2).
 */
public final class InvalidScheduleExpressionException extends DayshiftException {

    private final String expression;
    private final String field;
    private final String token;
    private final String reason;
    private final int position;

    /**
     * @param expression the whole text as given (null is reported as empty)
     * @param field the cron field ("minutes", "day-of-week", ...), "rate", "at", or null when the
     *     problem is with the expression as a whole
     * @param token the offending part of the text, or null
     * @param reason what is wrong, as a sentence without the expression; never null
     * @param position the 0-based index of the token in {@code expression}, or -1 when unknown
     */
    public InvalidScheduleExpressionException(String expression, String field, String token, String reason, int position) {
        super(Kind.BAD_INPUT, message(expression, field, token, reason));
        this.expression = expression == null ? "" : expression;
        this.field = field;
        this.token = token;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.position = position;
    }

    private static String message(String expression, String field, String token, String reason) {
        StringBuilder sb = new StringBuilder();
        sb.append(expression == null || expression.isBlank() ? "(empty schedule expression)" : expression.strip());
        sb.append(": ");
        if (field != null) {
            sb.append(field).append(" field ");
        }
        if (token != null) {
            sb.append('\'').append(token).append("': ");
        } else if (field != null) {
            sb.setLength(sb.length() - 1);
            sb.append(": ");
        }
        sb.append(reason);
        return sb.toString();
    }

    /** The expression as given; never null (empty when none was given). */
    public String expression() {
        return expression;
    }

    /** The cron field name, "rate" or "at"; empty when the expression as a whole is wrong. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The offending token, when one can be named. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** What is wrong, without the expression and field; never null. */
    public String reason() {
        return reason;
    }

    /** The 0-based index of the token in {@link #expression()}, or -1 when not known. */
    public int position() {
        return position;
    }
}
