package dev.dayshift.core.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.records.internal.RecordJson;
import java.time.Instant;
import java.util.Objects;

/**
 * An apply waiting for a person ({@code dayshift approve|reject --env NAME}).
 *
 * @param environment the environment
 * @param executionId the waiting execution
 * @param taskToken the token that resumes it (Step Functions task token, or the local engine's)
 * @param summary what would be applied: phase, action, change counts
 * @param requestedAt when the approval was asked for
 * @param deadline when the execution stops waiting and fails {@code Dayshift.ApprovalTimedOut}
 */
public record PendingApproval(String environment, String executionId, String taskToken, String summary,
                              Instant requestedAt, Instant deadline) {
    public PendingApproval {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(taskToken, "taskToken");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(deadline, "deadline");
    }

    ObjectNode toJson() {
        ObjectNode n = RecordJson.object();
        n.put("environment", environment);
        n.put("executionId", executionId);
        n.put("taskToken", taskToken);
        n.put("summary", summary);
        n.put("requestedAt", requestedAt.toString());
        n.put("deadline", deadline.toString());
        return n;
    }

    static PendingApproval fromJson(JsonNode n) {
        String what = "approval";
        return new PendingApproval(RecordJson.text(n, "environment", what), RecordJson.text(n, "executionId", what),
                RecordJson.text(n, "taskToken", what), RecordJson.optText(n, "summary").orElse(""),
                RecordJson.instant(n, "requestedAt", what), RecordJson.instant(n, "deadline", what));
    }
}
