package dev.dayshift.core.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.events.internal.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Synthetic events, in the formats AWS delivers, for SnapStart priming: the Lambdas run their real
 * decision code on them before the snapshot (with every AWS call answered in memory, see
 * {@code dev.dayshift.aws.snapstart.SnapStart}), so the first real event finds parsing, Jackson and
 * the decisions' classes loaded. Each event names the configuration's own environments, alarms and
 * budgets, so the decisions walk the paths a real event walks. Nothing here has a side effect.
 */
public final class Priming {

    /** The topic ARN the synthetic SNS messages carry. */
    public static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:dayshift-priming";

    private Priming() {
    }

    /** An OK and an ALARM CloudWatch alarm notification (SNS message body) for every bound alarm. */
    public static List<SnsMessage> alarmMessages(DayshiftConfig config, Instant now) {
        List<SnsMessage> out = new ArrayList<>();
        for (Environment env : config.environments().values()) {
            for (RollbackTarget t : env.rollback().targets()) {
                for (String alarm : t.alarms()) {
                    for (String state : new String[] {"OK", "ALARM"}) {
                        String body = "{\"AlarmName\":" + TextNode.valueOf(alarm) + ",\"AlarmDescription\":null,"
                                + "\"AWSAccountId\":\"000000000000\",\"NewStateValue\":\"" + state
                                + "\",\"NewStateReason\":\"priming\",\"StateChangeTime\":\"" + now
                                + "\",\"Region\":\"US East (N. Virginia)\",\"OldStateValue\":\"OK\","
                                + "\"Trigger\":{\"MetricName\":\"priming\",\"Namespace\":\"priming\"}}";
                        out.add(message("ALARM: \"" + alarm + "\" in US East (N. Virginia)", body, now));
                    }
                }
            }
        }
        return out;
    }

    /** An actual and a forecast AWS Budgets notification over every configured budget's limit. */
    public static List<SnsMessage> budgetMessages(DayshiftConfig config, Instant now) {
        List<SnsMessage> out = new ArrayList<>();
        for (Environment env : config.environments().values()) {
            env.budget().ifPresent(b -> {
                String limit = b.limit().toPlainString();
                for (String type : new String[] {"ACTUAL", "FORECASTED"}) {
                    String text = "AWS Budget Notification January 1, 2026\nAWS Account 000000000000\n\nDear AWS Customer,"
                            + "\n\nYou requested that we alert you when the " + type + " Cost associated with your "
                            + b.name() + " budget is greater than $" + limit + " for the current month.\n\nBudget Name: "
                            + b.name() + "\nBudget Type: Cost\nBudgeted Amount: $" + limit + "\nAlert Type: " + type
                            + "\nAlert Threshold: > $" + limit + "\n" + type + " Amount: $"
                            + b.limit().add(BigDecimal.ONE).toPlainString() + "\n";
                    out.add(message("AWS Budgets: " + b.name() + " has exceeded your alert threshold", text, now));
                }
            });
        }
        return out;
    }

    /** The schedule gate's input for an {@code up} and a {@code down} of every environment. */
    public static List<ObjectNode> scheduleEvents(DayshiftConfig config, Instant now) {
        List<ObjectNode> out = new ArrayList<>();
        for (Environment env : config.environments().values()) {
            for (String desired : new String[] {"up", "down"}) {
                out.add(Json.object().put("environment", env.name()).put("desired", desired)
                        .put("scheduledAt", now.toString()));
            }
        }
        return out;
    }

    /** The rollback machine's first step ({@code prepare}) for every rollback target. */
    public static List<ObjectNode> rollbackStepPayloads(DayshiftConfig config) {
        List<ObjectNode> out = new ArrayList<>();
        for (Environment env : config.environments().values()) {
            for (RollbackTarget t : env.rollback().targets()) {
                ObjectNode payload = Json.object();
                payload.put("step", "prepare");
                payload.putObject("context").put("environment", env.name()).putObject("target").put("name", t.name());
                out.add(payload);
            }
        }
        return out;
    }

    private static SnsMessage message(String subject, String body, Instant now) {
        return new SnsMessage("00000000-0000-0000-0000-000000000000", TOPIC, Optional.of(subject), body,
                Optional.of(now), Map.of());
    }
}
