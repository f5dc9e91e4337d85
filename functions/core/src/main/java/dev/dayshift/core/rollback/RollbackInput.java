package dev.dayshift.core.rollback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.RollbackTarget;
import dev.dayshift.core.events.internal.Json;
import java.util.Locale;

/**
 * The rollback machine's input. Built only from the configuration and the episode (never the clock
 * nor a notification's wording), so every delivery of one episode produces the same input, which Step Functions needs to
 * treat a repeated StartExecution of the same name as the same execution.
 *
 * <pre>{@code
 * {"environment":"dev","episode":"dev-api-5xx@2026-03-09T14:05:00.123Z","requestedBy":"rollback-trigger",
 *  "protected":false,
 *  "target":{"name":"api","type":"ecs-service","cluster":"dev-cluster","service":"api",
 *            "stableTimeoutSeconds":900,"clearWindowSeconds":900},
 *  "alarm":{"name":"dev-api-5xx","arn":"arn:aws:cloudwatch:...","enteredAlarmAt":"2026-03-09T14:05:00.123Z"}}
 * }</pre>
 */
public record RollbackInput(ObjectNode json) {

    /** The input for {@code episode}. */
    public static RollbackInput of(Environment env, RollbackTarget target, AlarmNotification n, RollbackEpisode episode) {
        ObjectNode in = Json.object();
        in.put("environment", env.name());
        in.put("episode", episode.id());
        in.put("requestedBy", RollbackTrigger.REQUESTED_BY);
        in.put("protected", env.isProtected());
        ObjectNode t = in.putObject("target");
        t.put("name", target.name());
        t.put("type", target.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        target.cluster().ifPresent(c -> t.put("cluster", c));
        target.service().ifPresent(s -> t.put("service", s));
        t.put("stableTimeoutSeconds", target.stableTimeout().toSeconds());
        t.put("clearWindowSeconds", target.clearWindow().toSeconds());
        ObjectNode a = in.putObject("alarm");
        a.put("name", n.alarmName());
        n.alarmArn().ifPresent(x -> a.put("arn", x));
        a.put("enteredAlarmAt", episode.start().toString());
        return new RollbackInput(in);
    }

    /** Compact JSON text. */
    public String toJson() {
        return Json.write(json);
    }
}
