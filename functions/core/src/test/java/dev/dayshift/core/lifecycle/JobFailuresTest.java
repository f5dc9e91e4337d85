package dev.dayshift.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JobFailuresTest {

    static String build(String status, String phase, String message) {
        return "{\"Build\":{\"Id\":\"dayshift-script:42\",\"BuildStatus\":\"" + status + "\",\"Logs\":{\"DeepLink\":\"file:///b/42.log\"},"
                + "\"Phases\":[{\"PhaseType\":\"SUBMITTED\",\"PhaseStatus\":\"SUCCEEDED\"},{\"PhaseType\":\"" + phase
                + "\",\"PhaseStatus\":\"FAILED\",\"Contexts\":[{\"StatusCode\":\"COMMAND_EXECUTION_ERROR\",\"Message\":\""
                + message + "\"}]}]}}";
    }

    @Nested
    class Classification {
        @Test
        void aTemporaryFailureIsRetriedWithTheBuildsLogAtHand() {
            JobFailures.Verdict v = JobFailures.classify("States.TaskFailed",
                    build("FAILED", "BUILD", "Error while executing command: ./apply.sh. Reason: exit status 75"), 1, () -> 0.5);
            assertThat(v.retry()).isTrue();
            assertThat(v.waitSeconds()).isEqualTo(5);
            assertThat(v.logUrl()).contains("file:///b/42.log");
            assertThat(v.cause()).contains("dayshift-script:42", "BUILD", "exit status 75");
        }

        @Test
        void retriesStopAfterTheLastAttempt() {
            JobFailures.Verdict v = JobFailures.classify("States.TaskFailed",
                    build("FAILED", "BUILD", "Reason: exit status 75"), JobFailures.MAX_ATTEMPTS, () -> 0.5);
            assertThat(v.retry()).isFalse();
            assertThat(v.error()).isEqualTo(LifecycleErrors.JOB_FAILED);
            assertThat(v.cause()).contains("gave up after 3 attempts");
        }

        @Test
        void anOrdinaryFailureIsNotRetried() {
            JobFailures.Verdict v = JobFailures.classify("States.TaskFailed",
                    build("FAILED", "BUILD", "Reason: exit status 1"), 1, () -> 0.5);
            assertThat(v.retry()).isFalse();
            assertThat(v.error()).isEqualTo(LifecycleErrors.JOB_FAILED);
        }

        @Test
        void exitThreeInTheInstallPhaseIsAMissingTool() {
            JobFailures.Verdict v = JobFailures.classify("States.TaskFailed",
                    build("FAILED", "INSTALL", "Reason: exit status 3"), 1, () -> 0.5);
            assertThat(v.retry()).isFalse();
            assertThat(v.error()).isEqualTo(LifecycleErrors.MISSING_TOOL);
        }

        @Test
        void aFaultedBuildAndAServiceErrorAreTransient() {
            assertThat(JobFailures.classify("States.TaskFailed", build("FAULT", "PROVISIONING", ""), 1, () -> 0.1).retry()).isTrue();
            assertThat(JobFailures.classify("CodeBuild.AccountLimitExceededException", "limit", 1, () -> 0.1).retry()).isTrue();
            assertThat(JobFailures.classify("States.Timeout", "", 1, () -> 0.1).retry()).isFalse();
        }
    }

    @Property
    void backoffStaysWithinItsCeiling(@ForAll @IntRange(min = 1, max = 30) int attempt,
                                      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
        int wait = JobFailures.backoff(attempt, () -> r);
        double ceiling = Math.min(JobFailures.MAX_DELAY_SECONDS,
                JobFailures.BASE_DELAY_SECONDS * Math.pow(JobFailures.BACKOFF_RATE, attempt - 1));
        assertThat(wait).isBetween(1, (int) Math.ceil(ceiling));
    }
}
