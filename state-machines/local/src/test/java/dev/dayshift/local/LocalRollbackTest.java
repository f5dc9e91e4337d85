package dev.dayshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.ExecutionStatus;
import dev.dayshift.asl.VirtualClock;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.ports.EcsServices;
import dev.dayshift.core.rollback.AlarmNotification;
import dev.dayshift.core.rollback.AlarmNotifications;
import dev.dayshift.core.rollback.RollbackDecision;
import dev.dayshift.core.rollback.RollbackTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollback machine on the local runtime: the trigger starts it here, its steps run in-process. */
class LocalRollbackTest {

    static final String TD1 = "arn:aws:ecs:us-east-1:111111111111:task-definition/api:1";
    static final String TD2 = "arn:aws:ecs:us-east-1:111111111111:task-definition/api:2";

    /** A service on TD2 that settles at once on whatever it is pointed at; TD1 completed before it. */
    static final class OneService implements EcsServices {
        String current = TD2;
        final List<String> updates = new ArrayList<>();

        @Override
        public synchronized Service describe(String cluster, String service) {
            return new Service("arn:aws:ecs:us-east-1:111111111111:service/c/s", "ACTIVE", current, 2, 2, List.of(
                    new Deployment("d", "PRIMARY", current, Optional.of("COMPLETED"), 2, 2, Optional.empty())));
        }

        @Override
        public synchronized void update(String cluster, String service, String taskDefinition) {
            updates.add(taskDefinition);
            current = taskDefinition;
        }

        @Override
        public List<String> completedDeployments(String cluster, String service) {
            return List.of(TD2, TD1);
        }
    }

    static Path project(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("runtime"));
        return Files.writeString(dir.resolve("dayshift.yaml"), """
                version: 1
                defaults: {timezone: UTC}
                environments:
                  shop:
                    phases: {runtime: {tool: script, directory: runtime}}
                    rollback:
                      targets:
                        - {name: api, type: ecs-service, cluster: c, service: s, alarms: [shop-5xx]}
                  bank:
                    protected: true
                    phases: {runtime: {tool: script, directory: runtime}}
                    rollback:
                      targets:
                        - {name: api, type: ecs-service, cluster: c, service: s, alarms: [bank-5xx]}
                """);
    }

    static AlarmNotification alarm(String name, String state, String old, String at) {
        String body = "{\"AlarmName\":\"" + name + "\",\"NewStateValue\":\"" + state + "\",\"OldStateValue\":\"" + old
                + "\",\"StateChangeTime\":\"" + at + "\",\"NewStateReason\":\"test\"}";
        return ((Parsed.Ok<AlarmNotification>) AlarmNotifications.fromSnsMessage(body)).value();
    }

    @Test
    void anAlarmRollsTheServiceBackAndTheOkNotificationClearsIt(@TempDir Path dir) throws IOException {
        OneService ecs = new OneService();
        try (LocalRuntime runtime = LocalRuntime.builder(project(dir)).ecs(ecs)
                .clock(VirtualClock.autoAdvancing(Instant.parse("2026-03-09T14:05:30Z"))).build()) {
            RollbackTrigger trigger = runtime.rollbackTrigger();
            RollbackDecision d = trigger.handle(alarm("shop-5xx", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"));
            assertThat(d.action()).isEqualTo(RollbackDecision.Action.START_ROLLBACK);
            trigger.handle(alarm("shop-5xx", "OK", "ALARM", "2026-03-09T14:05:20.000+0000"));
            ExecutionResult r = runtime.startedRollback(d.execution().orElseThrow()).orElseThrow().await();
            assertThat(r.status()).as(r.error() + " " + r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ecs.updates).containsExactly(TD1);
            assertThat(Files.readString(runtime.home().resolve("notifications.jsonl"))).contains("rollback done");
            assertThat(trigger.handle(alarm("shop-5xx", "ALARM", "OK", "2026-03-09T14:05:00.000+0000")).action())
                    .as("a redelivery").isEqualTo(RollbackDecision.Action.IGNORED);
        }
    }

    @Test
    void withoutEcsLocallyTheRollbackChangesNothingAndSaysWhy(@TempDir Path dir) throws IOException {
        try (LocalRuntime runtime = LocalRuntime.builder(project(dir))
                .clock(VirtualClock.autoAdvancing(Instant.parse("2026-03-09T14:05:30Z"))).build()) {
            RollbackDecision d = runtime.rollbackTrigger().handle(alarm("shop-5xx", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"));
            ExecutionResult r = runtime.startedRollback(d.execution().orElseThrow()).orElseThrow().await();
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(Files.readString(runtime.home().resolve("notifications.jsonl")))
                    .contains("there is no ECS locally").contains("nothing was changed");
        }
    }

    @Test
    void aProtectedEnvironmentsRollbackWaitsForTheApprovalAndARejectionChangesNothing(@TempDir Path dir) throws IOException {
        OneService ecs = new OneService();
        List<String> asked = new ArrayList<>();
        try (LocalRuntime runtime = LocalRuntime.builder(project(dir)).ecs(ecs)
                .clock(VirtualClock.autoAdvancing(Instant.parse("2026-03-09T14:05:30Z")))
                .approvals(req -> {
                    asked.add(req.environment() + ": " + req.summary());
                    return Optional.of(new LocalRuntime.ApprovalAnswer(false, "bob", "not now"));
                }).build()) {
            RollbackDecision d = runtime.rollbackTrigger().handle(alarm("bank-5xx", "ALARM", "OK", "2026-03-09T14:05:00.000+0000"));
            ExecutionResult r = runtime.startedRollback(d.execution().orElseThrow()).orElseThrow().await();
            assertThat(asked).singleElement().satisfies(a -> assertThat(a).startsWith("bank: roll back target 'api'"));
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error()).isEqualTo("Dayshift.ApprovalRejected");
            assertThat(ecs.updates).isEmpty();
        }
    }
}
