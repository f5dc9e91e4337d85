package dev.dayshift.core.events;

import dev.dayshift.core.budget.BudgetGuard;
import dev.dayshift.core.budget.BudgetNotification;
import dev.dayshift.core.budget.BudgetNotifications;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.rollback.AlarmNotification;
import dev.dayshift.core.rollback.AlarmNotifications;
import dev.dayshift.core.rollback.RollbackSteps;
import dev.dayshift.core.rollback.RollbackTrigger;
import dev.dayshift.core.state.InMemoryStateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs the rollback trigger's and the budget guard's decision code on synthetic events, against
 * memory and with starters and notifiers that do nothing: what the Lambdas call before a SnapStart
 * snapshot so that the first real event finds parsing, Jackson and the decisions' classes loaded. No
 * side effect leaves the process.
 */
public final class Priming {

    private static final ExecutionStarter NOTHING = (m, name, input) -> new ExecutionStarter.StartResult("priming:" + name, false);

    private Priming() {
    }

    /** Every bound alarm's OK and ALARM notifications through a throw-away trigger; one rollback plan. */
    public static void rollbackTrigger(DayshiftConfig config) {
        Instant now = Clock.systemUTC().instant();
        RollbackTrigger trigger = new RollbackTrigger(config, new InMemoryStateStore(), NOTHING, Clock.systemUTC());
        for (Environment env : config.environments().values()) {
            for (RollbackTarget t : env.rollback().targets()) {
                for (String alarm : t.alarms()) {
                    for (String state : new String[] {"OK", "ALARM"}) {
                        String body = "{\"AlarmName\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(alarm)
                                + ",\"NewStateValue\":\"" + state + "\",\"OldStateValue\":\"OK\",\"StateChangeTime\":\""
                                + now + "\",\"NewStateReason\":\"priming\"}";
                        if (AlarmNotifications.fromSnsMessage(body) instanceof Parsed.Ok<AlarmNotification> ok) {
                            EventOutcome.of(trigger.handle(ok.value())).toJsonLine();
                        }
                    }
                }
            }
        }
        EventOutcome.rejected(EventOutcome.CLOUDWATCH, "priming").toJsonLine();
    }

    /** The rollback machine's first step for every target (it reads only the configuration). */
    public static void rollbackSteps(RollbackSteps steps, DayshiftConfig config) {
        for (Environment env : config.environments().values()) {
            for (RollbackTarget t : env.rollback().targets()) {
                com.fasterxml.jackson.databind.node.ObjectNode payload = dev.dayshift.core.events.internal.Json.object();
                payload.put("step", "prepare");
                payload.putObject("context").put("environment", env.name()).putObject("target").put("name", t.name());
                steps.run(payload);
            }
        }
    }

    /** An actual and a forecast notification of every budget through a throw-away guard. */
    public static void budgetGuard(DayshiftConfig config) {
        BudgetGuard guard = new BudgetGuard(config, new InMemoryStateStore(), NOTHING, n -> { }, Clock.systemUTC());
        for (Environment env : config.environments().values()) {
            env.budget().ifPresent(b -> {
                for (String type : new String[] {"ACTUAL", "FORECASTED"}) {
                    String text = "AWS Budget Notification January 1, 2026\nAWS Account 000000000000\n\nBudget Name: "
                            + b.name() + "\nBudget Type: Cost\nBudgeted Amount: $" + b.limit().toPlainString()
                            + "\nAlert Type: " + type + "\nAlert Threshold: > $" + b.limit().toPlainString() + "\n" + type
                            + " Amount: $" + b.limit().add(java.math.BigDecimal.ONE).toPlainString() + "\n";
                    if (BudgetNotifications.parse(Optional.of("AWS Budgets: " + b.name() + " has exceeded your alert threshold"),
                            text, Optional.empty()) instanceof Parsed.Ok<BudgetNotification> ok) {
                        EventOutcome.of(guard.handle(ok.value())).toJsonLine();
                    }
                }
            });
        }
    }
}
