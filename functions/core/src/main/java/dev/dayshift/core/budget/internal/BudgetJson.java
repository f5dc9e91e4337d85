package dev.dayshift.core.budget.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.budget.BudgetFigures;
import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.events.internal.Json;
import java.math.BigDecimal;
import java.time.Instant;

/** JSON form of the budget records. Not public API. */
public final class BudgetJson {

    private BudgetJson() {
    }

    public static ObjectNode figures(BudgetFigures f) {
        ObjectNode n = Json.object();
        n.put("budget", f.budgetName());
        n.put("type", f.type().name());
        f.amount().ifPresent(a -> n.put("amount", a));
        f.threshold().ifPresent(t -> n.put("threshold", t));
        n.put("limit", f.limit());
        n.put("currency", f.currency());
        n.put("source", f.source());
        f.reportedAt().ifPresent(t -> n.put("reportedAt", t.toString()));
        return n;
    }

    public static BudgetFigures figures(JsonNode n) {
        return new BudgetFigures(n.path("budget").asText(), BudgetAlert.NotificationType.valueOf(n.path("type").asText()),
                decimal(n, "amount"), decimal(n, "threshold"), n.path("limit").decimalValue(),
                n.path("currency").asText("$"), n.path("source").asText("sns"),
                Json.text(n, "reportedAt").map(Instant::parse));
    }

    private static java.util.Optional<BigDecimal> decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? java.util.Optional.of(v.decimalValue()) : java.util.Optional.empty();
    }
}
