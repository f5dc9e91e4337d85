package dev.dayshift.functions.budget;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.dayshift.aws.lambda.LambdaSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hooks run the policy without touching AWS: the clients point at a closed port, so any
 * AWS call would fail the priming.
 */
class SnapStartHooksTest {

    static final LambdaSettings SETTINGS = new LambdaSettings(Map.of(
            "DAYSHIFT_CONFIG", Path.of("../../docs/examples/dayshift.example.yaml").toString(),
            "DAYSHIFT_STATE_TABLE", "dayshift-state",
            "DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:111111111111:stateMachine:dayshift-lifecycle",
            "DAYSHIFT_NOTIFICATION_TOPIC_ARN", "arn:aws:sns:us-east-1:111111111111:dayshift-notifications",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:9"));

    @Test
    void theGuardPrimesOnSyntheticNotificationsWithoutCallingAws() {
        BudgetGuardHandler h = new BudgetGuardHandler(SETTINGS);
        assertThatCode(() -> {
            h.beforeCheckpoint(null);
            h.afterRestore(null);
        }).doesNotThrowAnyException();
    }

    @Test
    void theDailyCheckPrimesWithoutCallingAws() {
        BudgetCheckHandler h = new BudgetCheckHandler(SETTINGS);
        assertThatCode(() -> {
            h.beforeCheckpoint(null);
            h.afterRestore(null);
        }).doesNotThrowAnyException();
    }
}
