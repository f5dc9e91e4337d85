package dev.dayshift.functions.budget;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.dayshift.aws.AwsBudgetReader;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.lambda.LambdaSettings;
import dev.dayshift.aws.snapstart.SnapStart;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.budget.BudgetDecision;
import dev.dayshift.core.budget.BudgetGuard;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.events.EventOutcome;
import dev.dayshift.core.ports.BudgetReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.crac.Resource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.budgets.BudgetsClient;

/**
 * The budget guard's daily check, invoked by an EventBridge Scheduler schedule (its input is not
 * read): every configured budget's actual and forecast spend is read from the Budgets API and the
 * policy applied as if the notifications had arrived, so a notification that never came cannot let
 * spend run on. Actions already taken this period are not repeated.
 *
 * <p>The account that owns a budget is the environment's {@code account} from the configuration, else
 * {@code DAYSHIFT_ACCOUNT_ID}, else the function's own account (from its ARN). The Budgets API lives
 * in us-east-1 whatever the function's region.
 *
 * <p>SnapStart (docs/snapstart.md): before the snapshot the handler runs its check once, the Budgets
 * API and every other AWS call answered in memory and the log lines discarded; after a restore it
 * renews what each copy must own.
 */
public final class BudgetCheckHandler implements RequestHandler<Map<String, Object>, List<String>>, Resource {

    private final BudgetGuard guard;
    private final BudgetReader reader;
    private final Optional<String> defaultAccount;
    private final PrintStream log;
    /** The configuration to prime with, when built by the Lambda runtime. */
    private DayshiftConfig primeConfig;

    /** Built by the Lambda runtime, from the environment. */
    public BudgetCheckHandler() {
        this(LambdaSettings.fromEnvironment());
    }

    BudgetCheckHandler(LambdaSettings s) {
        this(s, s.config());
    }

    private BudgetCheckHandler(LambdaSettings s, DayshiftConfig config) {
        this(BudgetGuardHandler.fromEnvironment(s, config),
                new AwsBudgetReader(AwsClients.build(BudgetsClient.builder().region(Region.US_EAST_1), s.endpoint())),
                s.optional("DAYSHIFT_ACCOUNT_ID"), System.out);
        this.primeConfig = config;
        SnapStart.register(this);
    }

    public BudgetCheckHandler(BudgetGuard guard, BudgetReader reader, Optional<String> defaultAccount, PrintStream log) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.defaultAccount = Objects.requireNonNull(defaultAccount, "defaultAccount");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public List<String> handleRequest(Map<String, Object> event, Context context) {
        return check(context, log);
    }

    private List<String> check(Context context, PrintStream log) {
        Optional<String> own = defaultAccount.or(() -> Optional.ofNullable(context)
                .map(Context::getInvokedFunctionArn).flatMap(BudgetCheckHandler::accountOf));
        List<String> lines = new ArrayList<>();
        for (BudgetDecision d : guard.check(reader, env -> account(env, own))) {
            String line = EventOutcome.of(d).toJsonLine();
            log.println(line);
            lines.add(line);
        }
        return lines;
    }

    private static String account(Environment env, Optional<String> own) {
        return env.account().or(() -> own).orElseThrow(() -> new DayshiftException(DayshiftException.Kind.BAD_INPUT,
                "no AWS account for environment '" + env.name() + "': set its account in the configuration or"
                        + " DAYSHIFT_ACCOUNT_ID"));
    }

    /** The account in {@code arn:aws:lambda:region:ACCOUNT:function:name}. */
    static Optional<String> accountOf(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 4 && parts[4].matches("\\d{12}") ? Optional.of(parts[4]) : Optional.empty();
    }

    /** SnapStart: one check of every budget, AWS answered in memory. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        boolean lambda = primeConfig != null;
        SnapStart.prime(getClass(), SnapStart.step("daily check", () -> {
            if (lambda) {
                check(null, new PrintStream(OutputStream.nullOutputStream()));
            }
        }));
    }

    /** Renews this copy's randomness and credentials; the clock is read per call. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        SnapStart.restore();
    }
}
