package dev.dayshift.core.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.budget.BudgetDecision;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.rollback.RollbackDecision;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one event, in one line: the Lambdas log it and {@code dayshift events replay}
 * prints it, as {@code {"source","environment","action","reason","execution"}}.
 *
 * @param source where the event came from: {@value #CLOUDWATCH}, {@value #BUDGETS}, {@value #SCHEDULER},
 *     {@value #S3}, {@value #SQS}, or {@value #UNKNOWN} when that could not be told
 * @param environment the environment it concerned, when known
 * @param action start-rollback, ignored, stop-runtime, block-starts, notify, start-lifecycle, processed,
 *     rejected, ...
 * @param reason why; never blank
 * @param execution the execution started (or found already started), when there is one
 */
public record EventOutcome(String source, Optional<String> environment, String action, String reason,
        Optional<String> execution) {

    public static final String CLOUDWATCH = "aws.cloudwatch";
    public static final String BUDGETS = "aws.budgets";
    public static final String SCHEDULER = "aws.scheduler";
    public static final String S3 = "aws.s3";
    public static final String SQS = "aws.sqs";
    public static final String UNKNOWN = "unknown";

    /** The action of an event that could not be read. */
    public static final String REJECTED = "rejected";

    public EventOutcome {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(action, "action");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an outcome needs a reason");
        }
        Objects.requireNonNull(execution, "execution");
    }

    public static EventOutcome of(RollbackDecision d) {
        return new EventOutcome(CLOUDWATCH, d.environment(), d.action().id(), d.reason(), d.execution());
    }

    public static EventOutcome of(BudgetDecision d) {
        return new EventOutcome(BUDGETS, d.environment(), d.action().id(), d.reason(), d.execution());
    }

    public static EventOutcome rejected(String source, String reason) {
        return new EventOutcome(source, Optional.empty(), REJECTED, reason, Optional.empty());
    }

    /** The JSON object, with nulls for absent values, keys in the documented order. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("source", source);
        if (environment.isPresent()) {
            n.put("environment", environment.get());
        } else {
            n.putNull("environment");
        }
        n.put("action", action);
        n.put("reason", reason);
        if (execution.isPresent()) {
            n.put("execution", execution.get());
        } else {
            n.putNull("execution");
        }
        return n;
    }

    /** {@link #toJson()} as one line. */
    public String toJsonLine() {
        return Json.write(toJson());
    }
}
