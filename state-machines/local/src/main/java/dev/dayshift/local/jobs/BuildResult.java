package dev.dayshift.local.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished local build, convertible to the {@code Build} object CodeBuild's BatchGetBuilds (and so
 * {@code codebuild:startBuild.sync}) returns.
 *
 * @param id {@code <project>:<uuid>}
 * @param arn a local build ARN
 * @param number the build number within the project
 * @param projectName the project
 * @param status SUCCEEDED, FAILED, FAULT or TIMED_OUT
 * @param phases every phase, in order, as CodeBuild reports them
 * @param exportedVariables the buildspec's exported variables, as the shell had them at the end
 * @param logFile the build's log
 * @param workDirectory the build's work directory (kept for inspection)
 * @param startTime when it started
 * @param endTime when it ended
 * @param artifactsDirectory where its artifacts were uploaded, when they were
 */
public record BuildResult(String id, String arn, long number, String projectName, String status, List<PhaseResult> phases,
                          Map<String, String> exportedVariables, Path logFile, Path workDirectory, Instant startTime,
                          Instant endTime, Optional<Path> artifactsDirectory) {

    /** One phase: type (SUBMITTED ... COMPLETED), status, times, and the failure's context. */
    public record PhaseResult(String type, String status, Instant start, Instant end, Optional<String> statusCode,
                              Optional<String> message) {
    }

    /** Whether the build succeeded. */
    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** The log's link, as {@code Build.Logs.DeepLink}. */
    public String logLink() {
        return logFile.toUri().toString();
    }

    /** The {@code Build} object, with the fields Dayshift and Step Functions read. */
    public ObjectNode toBuildJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode b = f.objectNode();
        b.put("Id", id);
        b.put("Arn", arn);
        b.put("BuildNumber", number);
        b.put("ProjectName", projectName);
        b.put("BuildStatus", status);
        b.put("BuildComplete", true);
        b.put("CurrentPhase", "COMPLETED");
        b.put("StartTime", startTime.toEpochMilli() / 1000.0);
        b.put("EndTime", endTime.toEpochMilli() / 1000.0);
        b.put("Initiator", "dayshift-local");
        ArrayNode ps = b.putArray("Phases");
        for (PhaseResult p : phases) {
            ObjectNode pn = ps.addObject();
            pn.put("PhaseType", p.type());
            if (p.status() != null) {
                pn.put("PhaseStatus", p.status());
            }
            pn.put("StartTime", p.start().toEpochMilli() / 1000.0);
            if (p.end() != null) {
                pn.put("EndTime", p.end().toEpochMilli() / 1000.0);
                pn.put("DurationInSeconds", Math.max(0, p.end().getEpochSecond() - p.start().getEpochSecond()));
            }
            if (p.statusCode().isPresent() || p.message().isPresent()) {
                ObjectNode c = pn.putArray("Contexts").addObject();
                c.put("StatusCode", p.statusCode().orElse(""));
                c.put("Message", p.message().orElse(""));
            }
        }
        ObjectNode logs = b.putObject("Logs");
        logs.put("DeepLink", logLink());
        logs.put("GroupName", "/dayshift/local/" + projectName);
        logs.put("StreamName", id.substring(id.indexOf(':') + 1));
        ArrayNode ev = b.putArray("ExportedEnvironmentVariables");
        exportedVariables.forEach((k, v) -> ev.addObject().put("Name", k).put("Value", v));
        artifactsDirectory.ifPresent(a -> b.putObject("Artifacts").put("Location", a.toUri().toString()));
        return b;
    }
}
