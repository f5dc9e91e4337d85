package dev.dayshift.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.dayshift.core.events.EventOutcome;
import dev.dayshift.core.events.SnsMessage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How Dayshift's SNS-subscribed Lambdas go through an event's records: each record is handled and
 * logged as one JSON line ({@link EventOutcome}); a record whose handling throws is logged as
 * {@code failed}, the others are still handled, and then the invocation fails with the first error so
 * SNS/Lambda retry it (the handlers' records make a retry repeat nothing).
 */
public final class SnsBatch {

    private SnsBatch() {
    }

    /**
     * @param source the outcome's source for a record that failed ({@code aws.cloudwatch}, {@code aws.budgets})
     * @param handler one message to its outcome
     * @return the logged lines
     */
    public static List<String> handle(SNSEvent event, String source, Function<SnsMessage, EventOutcome> handler,
            PrintStream log) {
        List<String> lines = new ArrayList<>();
        RuntimeException failure = null;
        for (SnsMessage m : SnsRecords.messages(event)) {
            EventOutcome outcome;
            try {
                outcome = handler.apply(m);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                outcome = new EventOutcome(source, Optional.empty(), "failed",
                        "could not act on it, the delivery will be retried: " + e.getMessage(), Optional.empty());
            }
            String line = outcome.toJsonLine();
            log.println(line);
            lines.add(line);
        }
        if (failure != null) {
            throw failure;
        }
        return lines;
    }
}
