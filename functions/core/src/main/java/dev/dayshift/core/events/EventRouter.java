package dev.dayshift.core.events;

import dev.dayshift.core.budget.BudgetGuard;
import dev.dayshift.core.budget.BudgetNotification;
import dev.dayshift.core.budget.BudgetNotifications;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.gate.ScheduleEvent;
import dev.dayshift.core.gate.ScheduleGate;
import dev.dayshift.core.records.GateDecision;
import dev.dayshift.core.rollback.AlarmNotification;
import dev.dayshift.core.rollback.AlarmNotifications;
import dev.dayshift.core.rollback.RollbackTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands recorded AWS events ({@link AwsEvents}) to the logic the Lambdas run: alarm notifications to
 * the {@link RollbackTrigger}, Budgets notifications to the {@link BudgetGuard}, EventBridge Scheduler
 * events to the {@link ScheduleGate}, S3 and SQS events to an {@link ObjectEvents} handler.
 * {@code dayshift events replay} and the demo deliver events through it. Never throws for a bad
 * event: it is rejected with the reason.
 */
public final class EventRouter {

    /** What S3 and SQS events do (the image pipeline); the bodies are S3 event notifications. */
    @FunctionalInterface
    public interface ObjectEvents {
        EventOutcome handle(String source, List<String> bodies);
    }

    /** For routers without an image pipeline: object events are rejected, saying so. */
    public static final ObjectEvents NO_OBJECTS = (source, bodies) -> EventOutcome.rejected(source,
            "this runtime has no image pipeline to hand S3 and SQS events to");

    private final DayshiftConfig config;
    private final RollbackTrigger rollback;
    private final BudgetGuard budget;
    private final ScheduleGate gate;
    private final ObjectEvents objects;

    public EventRouter(DayshiftConfig config, RollbackTrigger rollback, BudgetGuard budget, ScheduleGate gate,
            ObjectEvents objects) {
        this.config = Objects.requireNonNull(config, "config");
        this.rollback = Objects.requireNonNull(rollback, "rollback");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.objects = Objects.requireNonNull(objects, "objects");
    }

    /** Every event in a file's text ({@link AwsEvents#read}), handled in order. */
    public List<EventOutcome> deliver(String text) {
        List<EventOutcome> out = new ArrayList<>();
        for (Parsed<AwsEvents.Event> p : AwsEvents.read(text)) {
            out.add(handle(p));
        }
        return out;
    }

    /** What one event does. */
    public EventOutcome handle(Parsed<AwsEvents.Event> parsed) {
        return switch (parsed) {
            case Parsed.Rejected<AwsEvents.Event> r -> EventOutcome.rejected(EventOutcome.UNKNOWN, r.reason());
            case Parsed.Ok<AwsEvents.Event> ok -> switch (ok.value()) {
                case AwsEvents.Sns sns -> sns(sns);
                case AwsEvents.AlarmChange a -> alarm(AlarmNotifications.isEventBridgeAlarm(a.event())
                        ? AlarmNotifications.fromEventBridge(a.event()) : AlarmNotifications.fromLambdaAction(a.event()));
                case AwsEvents.Schedule s -> schedule(s);
                case AwsEvents.S3 s3 -> objects.handle(EventOutcome.S3, List.of(s3.event().toString()));
                case AwsEvents.Sqs sqs -> {
                    List<String> bodies = new ArrayList<>();
                    sqs.event().path("Records").forEach(r -> bodies.add(r.path("body").asText("")));
                    yield objects.handle(EventOutcome.SQS, bodies);
                }
            };
        };
    }

    private EventOutcome sns(AwsEvents.Sns sns) {
        String source = sns.source();
        if (EventOutcome.CLOUDWATCH.equals(source)) {
            return alarm(AlarmNotifications.fromSnsMessage(sns.message().message()));
        }
        if (EventOutcome.BUDGETS.equals(source)) {
            Parsed<BudgetNotification> p = BudgetNotifications.parse(sns.message().subject(), sns.message().message(),
                    sns.message().timestamp());
            return switch (p) {
                case Parsed.Ok<BudgetNotification> ok -> EventOutcome.of(budget.handle(ok.value()));
                case Parsed.Rejected<BudgetNotification> r -> EventOutcome.rejected(EventOutcome.BUDGETS, r.reason());
            };
        }
        return EventOutcome.rejected("aws.sns", "the SNS message is neither a CloudWatch alarm notification (JSON with"
                + " AlarmName) nor an AWS Budgets notification: '" + Json.clip(sns.message().message(), 80) + "'");
    }

    private EventOutcome alarm(Parsed<AlarmNotification> p) {
        return switch (p) {
            case Parsed.Ok<AlarmNotification> ok -> EventOutcome.of(rollback.handle(ok.value()));
            case Parsed.Rejected<AlarmNotification> r -> EventOutcome.rejected(EventOutcome.CLOUDWATCH, r.reason());
        };
    }

    private EventOutcome schedule(AwsEvents.Schedule s) {
        ScheduleEvent event;
        try {
            event = ScheduleEvent.parse(s.event());
        } catch (ScheduleEvent.InvalidEventException e) {
            return EventOutcome.rejected(EventOutcome.SCHEDULER, e.getMessage());
        }
        if (config.environment(event.environment()).isEmpty()) {
            return new EventOutcome(EventOutcome.SCHEDULER, Optional.empty(), EventOutcome.REJECTED,
                    "schedule event for unknown environment '" + event.environment() + "' (declared: "
                            + String.join(", ", config.environments().keySet()) + ")", Optional.empty());
        }
        GateDecision d = gate.handle(event);
        return new EventOutcome(EventOutcome.SCHEDULER, Optional.of(d.environment()),
                d.verdict() == GateDecision.Verdict.STARTED ? "start-lifecycle" : "ignored",
                d.desired().id() + " at " + d.scheduledAt() + ": " + d.reason(), d.executionName());
    }
}
