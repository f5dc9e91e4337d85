package dev.dayshift.functions.rollback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.StepFunctionsExecutionStarter;
import dev.dayshift.aws.lambda.LambdaSettings;
import dev.dayshift.aws.lambda.SnsBatch;
import dev.dayshift.aws.lambda.SnsRecords;
import dev.dayshift.aws.snapstart.SnapStart;
import dev.dayshift.core.budget.BudgetNotifications;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.events.EventOutcome;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.Priming;
import dev.dayshift.core.events.SnsMessage;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.rollback.AlarmNotification;
import dev.dayshift.core.rollback.AlarmNotifications;
import dev.dayshift.core.rollback.RollbackTrigger;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The rollback trigger Lambda, subscribed to the alarms SNS topic. Each record is read as a CloudWatch
 * alarm notification and handed to {@link RollbackTrigger}; one JSON line per record is logged
 * ({@code source, environment, action, reason, execution}). A record that is not an alarm
 * notification is logged as rejected and dropped (a retry cannot fix it). When starting a rollback
 * fails, the other records are still handled and then the invocation fails, so SNS/Lambda retry it;
 * the trigger's episode records make the retry finish what was left and repeat nothing.
 *
 * <p>Environment: {@code DAYSHIFT_CONFIG}, {@code DAYSHIFT_STATE_TABLE},
 * {@code DAYSHIFT_ROLLBACK_STATE_MACHINE_ARN} (see {@link LambdaSettings}).
 *
 * <p>SnapStart (docs/snapstart.md): before the snapshot the handler runs its own event path on an OK
 * and an ALARM notification of every bound alarm, every AWS call answered in memory and the log lines
 * discarded; after a restore it renews what each copy must own.
 */
public final class RollbackTriggerHandler implements RequestHandler<SNSEvent, List<String>>, Resource {

    /** The configuration to prime with, when built by the Lambda runtime. */
    private DayshiftConfig primeConfig;


    private final RollbackTrigger trigger;
    private final PrintStream log;

    /** Built by the Lambda runtime, from the environment. */
    public RollbackTriggerHandler() {
        this(LambdaSettings.fromEnvironment());
    }

    RollbackTriggerHandler(LambdaSettings settings) {
        this(settings, settings.config());
    }

    private RollbackTriggerHandler(LambdaSettings settings, DayshiftConfig config) {
        this(fromEnvironment(settings, config), System.out);
        this.primeConfig = config;
        SnapStart.register(this);
    }

    /** With its collaborators given (tests, the local runtime). */
    public RollbackTriggerHandler(RollbackTrigger trigger, PrintStream log) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.log = Objects.requireNonNull(log, "log");
    }

    static RollbackTrigger fromEnvironment(LambdaSettings settings, DayshiftConfig config) {
        DynamoDbClient dynamo = AwsClients.build(DynamoDbClient.builder(), settings.endpoint());
        SfnClient sfn = AwsClients.build(SfnClient.builder(), settings.endpoint());
        return new RollbackTrigger(config,
                new DynamoDbStateStore(dynamo, settings.required("DAYSHIFT_STATE_TABLE")),
                new StepFunctionsExecutionStarter(sfn, Map.of(ExecutionStarter.Machine.ROLLBACK,
                        settings.required("DAYSHIFT_ROLLBACK_STATE_MACHINE_ARN"))),
                Clock.systemUTC());
    }

    @Override
    public List<String> handleRequest(SNSEvent event, Context context) {
        return handle(event, log);
    }

    private List<String> handle(SNSEvent event, PrintStream to) {
        return SnsBatch.handle(event, EventOutcome.CLOUDWATCH, m -> handle(trigger, m), to);
    }

    /** One SNS message through the trigger: alarm notifications only. */
    public static EventOutcome handle(RollbackTrigger trigger, SnsMessage m) {
        Parsed<AlarmNotification> parsed = AlarmNotifications.fromSnsMessage(m.message());
        return switch (parsed) {
            case Parsed.Ok<AlarmNotification> ok -> EventOutcome.of(trigger.handle(ok.value()));
            case Parsed.Rejected<AlarmNotification> r -> EventOutcome.rejected(EventOutcome.CLOUDWATCH,
                    BudgetNotifications.looksLikeBudget(m.subject(), m.message())
                            ? "an AWS Budgets notification reached the rollback trigger; subscribe the budget guard to"
                                    + " the budgets topic instead"
                            : r.reason());
        };
    }

    /** SnapStart: the handler's event path on synthetic alarm notifications, AWS answered in memory. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        DayshiftConfig config = primeConfig;
        SnapStart.prime(getClass(), SnapStart.step("alarm notifications", () -> {
            if (config != null) {
                handle(SnsRecords.event(Priming.alarmMessages(config, Instant.now())),
                        new PrintStream(OutputStream.nullOutputStream()));
            }
        }));
    }

    /** Renews this copy's randomness and credentials; clocks are read per call and ids derive from events. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        SnapStart.restore();
    }
}
