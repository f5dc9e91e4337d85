package dev.dayshift.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.records.internal.RecordJson;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A keep-up or keep-down override set at run time ({@code dayshift override keep-up|keep-down}), as
 * opposed to one declared in the configuration file. Among active overrides, the one set last wins.
 *
 * @param environment the environment
 * @param override what it keeps, until when, why and who set it
 * @param setAt when it was set
 */
public record RuntimeOverride(String environment, ScheduleOverride override, Instant setAt) {
    public RuntimeOverride {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(override, "override");
        Objects.requireNonNull(setAt, "setAt");
    }

    ObjectNode toJson() {
        ObjectNode n = RecordJson.object();
        n.put("environment", environment);
        n.put("mode", override.mode().id());
        RecordJson.putOpt(n, "from", override.from());
        n.put("until", override.until().toString());
        n.put("reason", override.reason());
        n.put("setBy", override.setBy());
        n.put("setAt", setAt.toString());
        return n;
    }

    static RuntimeOverride fromJson(JsonNode n) {
        String what = "override";
        ScheduleOverride o = new ScheduleOverride(
                ScheduleOverride.Mode.valueOf(RecordJson.text(n, "mode", what).toUpperCase(Locale.ROOT).replace('-', '_')),
                RecordJson.optInstant(n, "from"), RecordJson.instant(n, "until", what),
                RecordJson.text(n, "reason", what), RecordJson.text(n, "setBy", what));
        return new RuntimeOverride(RecordJson.text(n, "environment", what), o, RecordJson.instant(n, "setAt", what));
    }
}
