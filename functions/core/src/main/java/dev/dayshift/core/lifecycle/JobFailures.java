package dev.dayshift.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a failed job is retried, and after how long. A job task ({@code
 * codebuild:startBuild.sync}) fails with {@code States.TaskFailed} and the build as its cause, or with
 * a CodeBuild service error. Transient, and so retried with exponential backoff and full jitter:
 *
 * <ul>
 *   <li>CodeBuild service errors (throttling, account limits): any error other than
 *       {@code States.TaskFailed} / {@code States.Timeout};</li>
 *   <li>a build that ended in {@code FAULT}, or failed while provisioning or downloading its source;</li>
 *   <li>a command that exited with status {@value #TEMPORARY_FAILURE} (EX_TEMPFAIL): the buildspecs map
 *       known transient tool errors (state lock held, API throttling, connection resets) to it, and
 *       scripts can use it to say "try again".</li>
 * </ul>
 *
 * A command that exited {@value #MISSING_TOOL} during the install phase means the tool is missing
 * ({@link LifecycleErrors#MISSING_TOOL}); anything else is {@link LifecycleErrors#JOB_FAILED}.
 */
public final class JobFailures {

    /** The exit status that marks a failure as transient. */
    public static final int TEMPORARY_FAILURE = 75;
    /** The exit status the buildspecs use when the tool is not installed. */
    public static final int MISSING_TOOL = 3;
    /** Attempts in all, the first included. */
    public static final int MAX_ATTEMPTS = 3;
    /** The first retry's backoff ceiling, in seconds. */
    public static final int BASE_DELAY_SECONDS = 10;
    /** Backoff ceilings grow by this factor per attempt. */
    public static final double BACKOFF_RATE = 2.0;
    /** No wait is longer than this, in seconds. */
    public static final int MAX_DELAY_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXIT_STATUS = Pattern.compile("exit status (\\d+)");

    private JobFailures() {
    }

    /**
     * The verdict on one failure.
     *
     * @param retry whether to run the job again
     * @param waitSeconds how long to wait first (when retrying); at least 1
     * @param error the error the execution fails with when not retrying
     * @param cause one line for people: which phase failed and why
     * @param buildId the build, when known
     * @param logUrl the build's log, when known
     */
    public record Verdict(boolean retry, int waitSeconds, String error, String cause, Optional<String> buildId,
                          Optional<String> logUrl) {
    }

    /**
     * Classifies a failure.
     *
     * @param error the task's error name
     * @param cause the task's cause (the build as JSON for a failed build)
     * @param attempt which attempt failed, from 1
     * @param random uniform in [0, 1), for the jitter
     */
    public static Verdict classify(String error, String cause, int attempt, DoubleSupplier random) {
        JsonNode build = build(cause);
        Optional<String> buildId = text(build, "Id");
        Optional<String> logUrl = text(build.path("Logs"), "DeepLink");
        String status = build.path("BuildStatus").asText("");
        String failedPhase = "";
        String message = "";
        for (JsonNode phase : build.path("Phases")) {
            String ps = phase.path("PhaseStatus").asText("");
            if (!ps.isEmpty() && !"SUCCEEDED".equals(ps)) {
                failedPhase = phase.path("PhaseType").asText("");
                for (JsonNode c : phase.path("Contexts")) {
                    String m = c.path("Message").asText("");
                    if (!m.isEmpty()) {
                        message = m;
                    }
                }
                break;
            }
        }
        int exit = -1;
        Matcher m = EXIT_STATUS.matcher(message);
        if (m.find()) {
            exit = Integer.parseInt(m.group(1));
        }
        String what = build.isMissingNode() || build.isEmpty()
                ? error + (cause == null || cause.isBlank() ? "" : ": " + oneLine(cause))
                : "build " + buildId.orElse("?") + " " + (status.isEmpty() ? "failed" : status)
                        + (failedPhase.isEmpty() ? "" : " in phase " + failedPhase)
                        + (message.isEmpty() ? "" : ": " + message);
        boolean missingTool = exit == MISSING_TOOL && "INSTALL".equals(failedPhase);
        boolean transientFailure = !missingTool && (exit == TEMPORARY_FAILURE
                || "FAULT".equals(status)
                || "PROVISIONING".equals(failedPhase) || "DOWNLOAD_SOURCE".equals(failedPhase) || "QUEUED".equals(failedPhase)
                || (!"States.TaskFailed".equals(error) && !"States.Timeout".equals(error) && !error.startsWith("Dayshift.")));
        boolean retry = transientFailure && attempt < MAX_ATTEMPTS;
        int wait = retry ? backoff(attempt, random) : 0;
        String finalError = missingTool ? LifecycleErrors.MISSING_TOOL : LifecycleErrors.JOB_FAILED;
        String explained = what + (transientFailure && !retry ? " (transient, gave up after " + attempt + " attempts)" : "");
        return new Verdict(retry, wait, finalError, explained, buildId, logUrl);
    }

    /** Full jitter: uniform in [1, min(MAX, BASE * RATE^(attempt-1))] seconds. */
    static int backoff(int attempt, DoubleSupplier random) {
        double ceiling = Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * Math.pow(BACKOFF_RATE, attempt - 1));
        return Math.max(1, (int) Math.ceil(random.getAsDouble() * ceiling));
    }

    private static JsonNode build(String cause) {
        if (cause == null || cause.isBlank() || !cause.strip().startsWith("{")) {
            return JSON.missingNode();
        }
        try {
            JsonNode n = JSON.readTree(cause);
            return n.has("Build") ? n.get("Build") : n;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String oneLine(String s) {
        String l = s.replaceAll("\\s+", " ").strip();
        return l.length() > 300 ? l.substring(0, 299) + "…" : l;
    }
}
