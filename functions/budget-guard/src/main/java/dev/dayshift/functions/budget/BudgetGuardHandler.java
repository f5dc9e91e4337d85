package dev.dayshift.functions.budget;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.SnsNotifier;
import dev.dayshift.aws.StepFunctionsExecutionStarter;
import dev.dayshift.aws.lambda.LambdaSettings;
import dev.dayshift.aws.lambda.SnsBatch;
import dev.dayshift.aws.lambda.SnsRecords;
import dev.dayshift.aws.snapstart.SnapStart;
import dev.dayshift.core.budget.BudgetGuard;
import dev.dayshift.core.budget.BudgetNotification;
import dev.dayshift.core.budget.BudgetNotifications;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.events.EventOutcome;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.Priming;
import dev.dayshift.core.events.SnsMessage;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.rollback.AlarmNotifications;
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
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The budget guard Lambda, subscribed to the budgets SNS topic. Each record is read as an AWS Budgets
 * notification (plain text) and handed to {@link BudgetGuard}; one JSON line per record is logged. A
 * record that is not a Budgets notification is logged as rejected. When starting the lifecycle
 * {@code down} fails, the other records are still handled and the invocation then fails, so it is
 * retried; the guard's once-per-period claims make the retry finish what was left and repeat nothing.
 *
 * <p>Environment: {@code DAYSHIFT_CONFIG}, {@code DAYSHIFT_STATE_TABLE},
 * {@code DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN}, {@code DAYSHIFT_NOTIFICATION_TOPIC_ARN}. The function's
 * timeout must stay under 45 seconds (the guard's claim lease).
 *
 * <p>SnapStart (docs/snapstart.md): before the snapshot the handler runs its own event path on an
 * actual and a forecast notification of every budget, every AWS call answered in memory and the log
 * lines discarded; after a restore it renews what each copy must own.
 */
public final class BudgetGuardHandler implements RequestHandler<SNSEvent, List<String>>, Resource {

    /** The configuration to prime with, when built by the Lambda runtime. */
    private DayshiftConfig primeConfig;


    private final BudgetGuard guard;
    private final PrintStream log;

    /** Built by the Lambda runtime, from the environment. */
    public BudgetGuardHandler() {
        this(LambdaSettings.fromEnvironment());
    }

    BudgetGuardHandler(LambdaSettings settings) {
        this(settings, settings.config());
    }

    private BudgetGuardHandler(LambdaSettings settings, DayshiftConfig config) {
        this(fromEnvironment(settings, config), System.out);
        this.primeConfig = config;
        SnapStart.register(this);
    }

    public BudgetGuardHandler(BudgetGuard guard, PrintStream log) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.log = Objects.requireNonNull(log, "log");
    }

    static BudgetGuard fromEnvironment(LambdaSettings s, DayshiftConfig config) {
        return new BudgetGuard(config,
                new DynamoDbStateStore(AwsClients.build(DynamoDbClient.builder(), s.endpoint()), s.required("DAYSHIFT_STATE_TABLE")),
                new StepFunctionsExecutionStarter(AwsClients.build(SfnClient.builder(), s.endpoint()),
                        Map.of(ExecutionStarter.Machine.LIFECYCLE, s.required("DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN"))),
                new SnsNotifier(AwsClients.build(SnsClient.builder(), s.endpoint()), s.required("DAYSHIFT_NOTIFICATION_TOPIC_ARN")),
                Clock.systemUTC());
    }

    @Override
    public List<String> handleRequest(SNSEvent event, Context context) {
        return handle(event, log);
    }

    private List<String> handle(SNSEvent event, PrintStream to) {
        return SnsBatch.handle(event, EventOutcome.BUDGETS, m -> handle(guard, m), to);
    }

    /** One SNS message through the guard: Budgets notifications only. */
    public static EventOutcome handle(BudgetGuard guard, SnsMessage m) {
        Parsed<BudgetNotification> parsed = BudgetNotifications.parse(m.subject(), m.message(), m.timestamp());
        return switch (parsed) {
            case Parsed.Ok<BudgetNotification> ok -> EventOutcome.of(guard.handle(ok.value()));
            case Parsed.Rejected<BudgetNotification> r -> EventOutcome.rejected(EventOutcome.BUDGETS,
                    AlarmNotifications.looksLikeSnsAlarm(m.message())
                            ? "a CloudWatch alarm notification reached the budget guard; subscribe the rollback trigger to"
                                    + " the alarms topic instead"
                            : r.reason());
        };
    }

    /** SnapStart: the handler's event path on synthetic Budgets notifications, AWS answered in memory. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        DayshiftConfig config = primeConfig;
        SnapStart.prime(getClass(), SnapStart.step("budget notifications", () -> {
            if (config != null) {
                handle(SnsRecords.event(Priming.budgetMessages(config, Instant.now())),
                        new PrintStream(OutputStream.nullOutputStream()));
            }
        }));
    }

    /** Renews this copy's randomness and credentials; the clock is read per call. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        SnapStart.restore();
    }
}
