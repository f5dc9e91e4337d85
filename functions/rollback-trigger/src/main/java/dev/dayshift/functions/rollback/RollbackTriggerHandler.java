package dev.dayshift.functions.rollback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.StepFunctionsExecutionStarter;
import dev.dayshift.aws.lambda.LambdaSettings;
import dev.dayshift.aws.lambda.SnsBatch;
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
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crac.Core;
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
        Core.getGlobalContext().register(this);
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
        return SnsBatch.handle(event, EventOutcome.CLOUDWATCH, m -> handle(trigger, m), log);
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

    /** SnapStart: runs the decision code on synthetic notifications, in memory (no AWS call, nothing started). */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        if (primeConfig != null) {
            Priming.rollbackTrigger(primeConfig);
        }
    }

    /** Nothing depends on the time or randomness of the snapshot: clocks are read per call, ids derive from events. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // deliberately empty
    }
}
