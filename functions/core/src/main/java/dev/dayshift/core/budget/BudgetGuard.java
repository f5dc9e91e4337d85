package dev.dayshift.core.budget;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.budget.internal.BudgetClaims;
import dev.dayshift.core.budget.internal.BudgetJson;
import dev.dayshift.core.config.BudgetAction;
import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.config.BudgetPolicy;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.events.internal.DecisionLog;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.ports.BudgetReader;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.records.BudgetBlock;
import dev.dayshift.core.records.BudgetBlockRepository;
import dev.dayshift.core.records.Keys;
import dev.dayshift.core.state.StateStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies an environment's budget policy to a Budgets notification or to the daily check's figures:
 * the budget guard Lambda, its scheduled check and {@code dayshift events replay} all call it.
 *
 * <p>Rules:
 * <ul>
 *   <li>A budget the configuration does not name is ignored.</li>
 *   <li>An alert is crossed when the reported spend (or, without an amount, the threshold the
 *       notification says was exceeded) reaches the alert's threshold; percentage thresholds are taken
 *       of the budget's limit as the notification reports it. The actions of every crossed alert of
 *       the notification's type (actual or forecasted) apply.</li>
 *   <li>{@code block-starts} writes a {@link BudgetBlock} until the end of the budget period;
 *       {@code stop-runtime} starts the lifecycle's runtime {@code down} (never for a protected
 *       environment, whatever the file says); {@code notify} publishes the figures. A notification
 *       goes out whenever the runtime is stopped or blocked, too.</li>
 *   <li>Each action is taken once per budget period: a repeated notification, or the daily check
 *       after a notification, repeats nothing ({@code budget#<period>#<action>} claims).</li>
 *   <li>Every decision is recorded with its figures in the environment's decision log.</li>
 * </ul>
 */
public final class BudgetGuard {

    /** Who the lifecycle execution says started it. */
    public static final String REQUESTED_BY = "budget-guard";

    /** Half a cent: printed thresholds are rounded to cents. */
    private static final BigDecimal ROUNDING = new BigDecimal("0.005");

    private final DayshiftConfig config;
    private final StateStore store;
    private final BudgetClaims claims;
    private final BudgetBlockRepository blocks;
    private final ExecutionStarter starter;
    private final Notifier notifier;
    private final InstantSource clock;

    public BudgetGuard(DayshiftConfig config, StateStore store, ExecutionStarter starter, Notifier notifier,
            InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.claims = new BudgetClaims(store);
        this.blocks = new BudgetBlockRepository(store);
        this.starter = Objects.requireNonNull(starter, "starter");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Handles one Budgets notification; never null. Throws only if starting the lifecycle fails. */
    public BudgetDecision handle(BudgetNotification n) {
        Optional<Environment> env = config.environmentForBudget(n.budgetName());
        if (env.isEmpty()) {
            return new BudgetDecision(BudgetDecision.Action.IGNORED, List.of(), Optional.empty(),
                    "unknown budget '" + n.budgetName() + "': no environment in " + config.source().getFileName()
                            + " has it, so no policy applies", Optional.empty(), Optional.empty());
        }
        BudgetPolicy policy = env.get().budget().orElseThrow();
        BigDecimal limit = n.budgeted().orElse(policy.limit());
        Optional<BigDecimal> threshold = n.threshold().map(t -> t.percentage()
                ? limit.multiply(t.value()).divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_UP)
                : t.value());
        BudgetFigures figures = new BudgetFigures(n.budgetName(), n.type(), n.amount(), threshold, limit, n.currency(),
                "sns", n.sentAt());
        BudgetPolicy.Period period = n.period().map(BudgetGuard::period).orElse(policy.period());
        return apply(env.get(), policy, figures, period);
    }

    /**
     * The daily check: reads every configured budget's actual and forecast spend and applies the
     * policy to both, as if the notifications had arrived. Actions already taken this period are not
     * repeated, so a check after a delivered notification does nothing.
     *
     * @param reader the Budgets API
     * @param accountOf the AWS account that owns an environment's budget
     * @return one decision per figure read (actual, and forecast when Budgets has one), in file order
     */
    public List<BudgetDecision> check(BudgetReader reader, Function<Environment, String> accountOf) {
        List<BudgetDecision> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Environment env : config.environments().values()) {
            if (env.budget().isEmpty()) {
                continue;
            }
            BudgetPolicy policy = env.budget().get();
            Optional<BudgetReader.Spend> spend = reader.read(accountOf.apply(env), policy.name());
            if (spend.isEmpty()) {
                BudgetDecision d = new BudgetDecision(BudgetDecision.Action.IGNORED, List.of(), Optional.of(env.name()),
                        "budget '" + policy.name() + "' does not exist in account " + accountOf.apply(env)
                                + "; deploy it (bootstrap-cdk) or fix budget.name", Optional.empty(), Optional.empty());
                record(env, d, now);
                out.add(d);
                continue;
            }
            BudgetReader.Spend s = spend.get();
            BudgetPolicy.Period period = parsePeriod(s.timeUnit()).orElse(policy.period());
            out.add(apply(env, policy, new BudgetFigures(policy.name(), BudgetAlert.NotificationType.ACTUAL,
                    Optional.of(s.actual()), Optional.empty(), s.limit(), s.unit(), "daily-check", Optional.of(now)), period));
            s.forecast().ifPresent(f -> out.add(apply(env, policy, new BudgetFigures(policy.name(),
                    BudgetAlert.NotificationType.FORECASTED, Optional.of(f), Optional.empty(), s.limit(), s.unit(),
                    "daily-check", Optional.of(now)), period)));
        }
        return out;
    }

    /** The alert's threshold as an amount of {@code limit}. */
    static BigDecimal absolute(BudgetAlert a, BigDecimal limit) {
        return a.thresholdType() == BudgetAlert.ThresholdType.ABSOLUTE_VALUE ? a.threshold()
                : limit.multiply(a.threshold()).divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_UP);
    }

    private BudgetDecision apply(Environment env, BudgetPolicy policy, BudgetFigures f, BudgetPolicy.Period period) {
        Instant now = clock.instant();
        BudgetPeriods.Window window = BudgetPeriods.containing(period, now);
        BigDecimal evidence = f.evidence();
        List<BudgetAlert> ofType = policy.alerts().stream().filter(a -> a.notificationType() == f.type()).toList();
        List<BudgetAlert> crossed = ofType.stream()
                .filter(a -> absolute(a, f.limit()).compareTo(evidence.add(ROUNDING)) <= 0)
                .sorted(Comparator.comparing(a -> absolute(a, f.limit())))
                .toList();
        Optional<String> envName = Optional.of(env.name());
        if (crossed.isEmpty()) {
            String why = ofType.isEmpty()
                    ? "environment '" + env.name() + "' has no " + f.type() + " alert in its budget policy"
                    : f.summary() + " is below every " + f.type() + " alert of '" + env.name() + "' (lowest "
                            + f.money(absolute(ofType.stream().min(Comparator.comparing(a -> absolute(a, f.limit())))
                                    .orElseThrow(), f.limit())) + ")";
            BudgetDecision d = new BudgetDecision(BudgetDecision.Action.IGNORED, List.of(), envName,
                    why + ": nothing to do", Optional.empty(), Optional.of(f));
            record(env, d, now);
            return d;
        }
        BudgetAlert top = crossed.get(crossed.size() - 1);
        String crossing = f.summary() + " crossed the " + describe(top, f) + " alert";

        // One claim per crossed alert and period: the delivery that wins an alert's claim acts on it,
        // so concurrent duplicates of one notification (or the daily check racing it) act once.
        List<BudgetAlert> fresh = new ArrayList<>();
        List<BudgetClaims.Claim.Act> alertClaims = new ArrayList<>();
        List<String> repeats = new ArrayList<>();
        for (BudgetAlert a : crossed) {
            String key = Keys.BUDGET_PREFIX + window.id() + "#alert#" + a.notificationType() + "#"
                    + absolute(a, f.limit()).stripTrailingZeros().toPlainString();
            switch (claims.claim(env.name(), key, now, window.end())) {
                case BudgetClaims.Claim.Act act -> {
                    fresh.add(a);
                    alertClaims.add(act);
                }
                case BudgetClaims.Claim.Taken t -> repeats.add(describe(a, f) + " alert: "
                        + String.join(", ", a.actions().stream().map(BudgetAction::id).sorted().toList()) + " (" + t.at() + ")");
            }
        }
        Set<BudgetAction> wanted = EnumSet.noneOf(BudgetAction.class);
        fresh.forEach(a -> wanted.addAll(a.actions()));
        List<String> notes = new ArrayList<>();
        if (env.isProtected() && wanted.remove(BudgetAction.STOP_RUNTIME)) {
            notes.add("environment '" + env.name() + "' is protected, so the runtime is never stopped by a budget");
        }

        List<BudgetDecision.Action> taken = new ArrayList<>();
        Optional<String> execution = Optional.empty();
        if (wanted.contains(BudgetAction.BLOCK_STARTS)) {
            String key = Keys.BUDGET_PREFIX + window.id() + "#block-starts";
            switch (claims.claim(env.name(), key, now, window.end())) {
                case BudgetClaims.Claim.Act act -> {
                    BudgetBlock b = blocks.block(new BudgetBlock(env.name(), now, window.end(), crossing,
                            blockFigures(f, policy)));
                    claims.done(act, now, "until " + b.until());
                    taken.add(BudgetDecision.Action.BLOCK_STARTS);
                    notes.add("scheduled starts are blocked until " + b.until());
                }
                case BudgetClaims.Claim.Taken t -> repeats.add("block-starts (" + t.at() + ")");
            }
        }
        if (wanted.contains(BudgetAction.STOP_RUNTIME)) {
            String key = Keys.BUDGET_PREFIX + window.id() + "#stop-runtime";
            String name = "budget-down-" + safe(env.name()) + "-" + window.id();
            switch (claims.claim(env.name(), key, now, window.end())) {
                case BudgetClaims.Claim.Act act -> {
                    ObjectNode in = Json.object();
                    in.put("environment", env.name());
                    in.put("phase", "runtime");
                    in.put("action", "down");
                    in.put("trigger", "budget");
                    in.put("requestedBy", REQUESTED_BY);
                    in.put("reason", crossing);
                    ExecutionStarter.StartResult r = starter.start(ExecutionStarter.Machine.LIFECYCLE, name, Json.write(in));
                    claims.done(act, now, name);
                    execution = Optional.of(name);
                    if (r.alreadyExisted()) {
                        repeats.add("stop-runtime (" + name + " already started)");
                    } else {
                        taken.add(BudgetDecision.Action.STOP_RUNTIME);
                        notes.add("the runtime is being stopped (lifecycle down " + name + ")");
                    }
                }
                case BudgetClaims.Claim.Taken t -> {
                    repeats.add("stop-runtime (" + t.at() + ")");
                    execution = t.detail();
                }
            }
        }
        if (wanted.contains(BudgetAction.NOTIFY)) {
            taken.add(BudgetDecision.Action.NOTIFY);
        }
        if (execution.isEmpty()) {
            execution = claims.detail(env.name(), Keys.BUDGET_PREFIX + window.id() + "#stop-runtime");
        }
        alertClaims.forEach(c -> claims.done(c, now, "applied"));
        taken.sort(Comparator.naturalOrder());

        BudgetDecision d;
        if (taken.isEmpty()) {
            String why = crossing + "; already done in the budget period from " + window.id() + ": "
                    + String.join(", ", repeats) + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
            d = new BudgetDecision(BudgetDecision.Action.IGNORED, List.of(), envName, "repeat: " + why, execution,
                    Optional.of(f));
        } else {
            String why = crossing + ": " + String.join(", ", taken.stream().map(BudgetDecision.Action::id).toList())
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes))
                    + (repeats.isEmpty() ? "" : "; already done this period: " + String.join(", ", repeats));
            d = new BudgetDecision(taken.get(0), taken, envName, why, execution, Optional.of(f));
            notifier.publish(notification(env, d, f, window));
        }
        record(env, d, now);
        return d;
    }

    /** The figures a block carries, in the records' terms. */
    private static BudgetBlock.Figures blockFigures(BudgetFigures f, BudgetPolicy policy) {
        boolean actual = f.type() == BudgetAlert.NotificationType.ACTUAL;
        return new BudgetBlock.Figures(f.budgetName(), f.limit(), actual ? f.amount() : Optional.empty(),
                actual ? Optional.empty() : f.amount(), f.currency().length() == 3 ? f.currency() : policy.unit());
    }

    private static Notifier.Notification notification(Environment env, BudgetDecision d, BudgetFigures f,
            BudgetPeriods.Window window) {
        String subject = "Dayshift budget: " + env.name() + " " + f.type().name().toLowerCase(Locale.ROOT) + " "
                + f.money(f.evidence()) + " of " + f.money(f.limit())
                + (d.taken().contains(BudgetDecision.Action.STOP_RUNTIME) ? ", stopping the runtime"
                : d.taken().contains(BudgetDecision.Action.BLOCK_STARTS) ? ", starts blocked" : "");
        StringBuilder body = new StringBuilder();
        body.append(d.reason()).append(".\n\n");
        body.append("Budget: ").append(f.budgetName()).append(" (limit ").append(f.money(f.limit())).append(")\n");
        body.append("Spend: ").append(f.type()).append(' ')
                .append(f.amount().map(f::money).orElseGet(() -> "over " + f.money(f.threshold().orElseThrow()))).append('\n');
        body.append("Budget period: ").append(window.start()).append(" to ").append(window.end()).append('\n');
        body.append("Source: ").append(f.source()).append('\n');
        d.execution().ifPresent(x -> body.append("Lifecycle execution: ").append(x).append('\n'));
        body.append("\nTo undo: see docs/runbooks/budget.md (dayshift budget unblock --env ").append(env.name())
                .append("; dayshift up --env ").append(env.name()).append(").\n");
        return new Notifier.Notification(env.name(), subject, body.toString(),
                Map.of("event", "budget-" + d.action().id(), "environment", env.name()));
    }

    private void record(Environment env, BudgetDecision d, Instant now) {
        ObjectNode doc = Json.object();
        doc.put("kind", "budget");
        doc.put("action", d.action().id());
        ArrayNode taken = doc.putArray("taken");
        d.taken().forEach(a -> taken.add(a.id()));
        doc.put("reason", d.reason());
        d.execution().ifPresent(x -> doc.put("execution", x));
        d.figures().ifPresent(f -> doc.set("figures", BudgetJson.figures(f)));
        DecisionLog.append(store, env.name(), now, "budget", doc);
    }

    private static String describe(BudgetAlert a, BudgetFigures f) {
        String t = a.thresholdType() == BudgetAlert.ThresholdType.PERCENTAGE
                ? a.threshold().stripTrailingZeros().toPlainString() + "% (" + f.money(absolute(a, f.limit())) + ")"
                : f.money(a.threshold());
        return a.notificationType().name().toLowerCase(Locale.ROOT) + " " + t;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static BudgetPolicy.Period period(BudgetNotification.PeriodHint h) {
        return switch (h) {
            case DAY -> BudgetPolicy.Period.DAILY;
            case MONTH -> BudgetPolicy.Period.MONTHLY;
            case QUARTER -> BudgetPolicy.Period.QUARTERLY;
            case YEAR -> BudgetPolicy.Period.ANNUALLY;
        };
    }

    private static Optional<BudgetPolicy.Period> parsePeriod(String timeUnit) {
        try {
            return Optional.of(BudgetPolicy.Period.valueOf(timeUnit.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
