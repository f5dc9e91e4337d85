package dev.dayshift.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.records.LockRecord;
import dev.dayshift.core.records.LockRepository;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

@ExtendWith(MotoServer.class)
class AdaptersOverMotoTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    class Locks {
        @Test
        void twoExecutionsRacingForTheLockOnDynamoDbHaveExactlyOneWinner(MotoServer moto) throws Exception {
            DynamoDbClient client = AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint());
            Dynamo.createStateTable(client, "state");
            LockRepository locks = new LockRepository(new DynamoDbStateStore(client, "state"));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<LockRepository.Attempt>> attempts = new ArrayList<>();
            Instant now = Instant.now();
            for (String holder : List.of("exec-a", "exec-b")) {
                attempts.add(pool.submit(() -> {
                    go.await();
                    return locks.acquire(new LockRecord("dev", holder, "up", now, now.plusSeconds(3600)));
                }));
            }
            go.countDown();
            long winners = 0;
            for (Future<LockRepository.Attempt> f : attempts) {
                winners += f.get().acquired() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(winners).isEqualTo(1);
            String holder = locks.current("dev").orElseThrow().holder();
            assertThat(locks.release("dev", holder.equals("exec-a") ? "exec-b" : "exec-a")).isFalse();
            assertThat(locks.release("dev", holder)).isTrue();
        }

        @Test
        void aMissingTableIsAClearFailure(MotoServer moto) {
            DynamoDbStateStore store = new DynamoDbStateStore(
                    AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint()), "no-such-table");
            assertThatThrownBy(() -> store.get("env#dev", "lock")).isInstanceOf(DayshiftException.class)
                    .hasMessageContaining("DynamoDB table no-such-table: cannot read env#dev/lock");
        }
    }

    @Nested
    class StepFunctions {
        @Test
        void aSecondStartWithTheSameNameReportsTheExistingExecution(MotoServer moto) {
            SfnClient sfn = AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint());
            String arn = sfn.createStateMachine(b -> b.name("dayshift-lifecycle").roleArn("arn:aws:iam::123456789012:role/sfn")
                    .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
            ExecutionStarter starter = new StepFunctionsExecutionStarter(sfn, Map.of(ExecutionStarter.Machine.LIFECYCLE, arn));
            ExecutionStarter.StartResult first = starter.start(ExecutionStarter.Machine.LIFECYCLE, "sched-dev-up-1", "{\"a\":1}");
            ExecutionStarter.StartResult second = starter.start(ExecutionStarter.Machine.LIFECYCLE, "sched-dev-up-1", "{\"a\":2}");
            assertThat(first.alreadyExisted()).isFalse();
            assertThat(second.alreadyExisted()).isTrue();
            assertThat(second.executionId()).isEqualTo(first.executionId())
                    .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:dayshift-lifecycle:sched-dev-up-1");
            assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).hasSize(1);
        }

        @Test
        void aMachineWithoutAnArnIsAClearError(MotoServer moto) {
            ExecutionStarter starter = new StepFunctionsExecutionStarter(
                    AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint()), Map.of());
            assertThatThrownBy(() -> starter.start(ExecutionStarter.Machine.ROLLBACK, "x", "{}"))
                    .hasMessageContaining("no state machine ARN configured for ROLLBACK");
        }

        @Test
        void approvalAnswersReachStepFunctions(MotoServer moto) {
            // moto accepts SendTaskSuccess/Failure for any token (it does not track task tokens), so this
            // holds the request shape and the call path; a real stale token maps to BAD_INPUT.
            StepFunctionsTaskTokens tokens = new StepFunctionsTaskTokens(AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint()));
            tokens.succeed("token-1", "{\"approvedBy\":\"alice\"}");
            tokens.fail("token-2", "Dayshift.ApprovalRejected", "x".repeat(40_000));
        }
    }

    @Nested
    class Notifications {
        @Test
        void publishesSubjectMessageAndAttributes(MotoServer moto) throws Exception {
            SnsClient sns = AwsClients.forEndpoint(SnsClient.builder(), moto.endpoint());
            String topic = sns.createTopic(b -> b.name("dayshift-notifications")).topicArn();
            new SnsNotifier(sns, topic).publish(new Notifier.Notification("dev", "dev runtime up\n(3 to create) ✓",
                    "runtime is up; log: file:///x", Map.of("event", "lifecycle-succeeded")));
            JsonNode sent = sentNotifications(moto.endpoint());
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).get(1).asText()).isEqualTo("runtime is up; log: file:///x");
            assertThat(sent.get(0).get(2).asText()).isEqualTo("dev runtime up (3 to create) ?");
            assertThat(sent.get(0).get(3).toString()).contains("environment", "dev", "lifecycle-succeeded");
        }

        @Test
        void aDeliveryFailureIsLoggedNotThrown(MotoServer moto) {
            SnsClient sns = AwsClients.forEndpoint(SnsClient.builder(), moto.endpoint());
            new SnsNotifier(sns, "arn:aws:sns:us-east-1:123456789012:missing")
                    .publish(new Notifier.Notification("dev", "s", "m", Map.of()));
        }

        static JsonNode sentNotifications(URI endpoint) throws Exception {
            try (InputStream in = endpoint.resolve("/moto-api/data.json").toURL().openStream()) {
                JsonNode data = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return data.path("sns").path("Topic").get(0).path("sent_notifications");
            }
        }
    }

    @Nested
    class Artifacts {
        @Test
        void readsAPlanAndReportsAMissingOneAsEmpty(MotoServer moto) {
            S3Client s3 = AwsClients.forEndpoint(S3Client.builder().forcePathStyle(true), moto.endpoint());
            s3.createBucket(b -> b.bucket("dayshift-artifacts"));
            s3.putObject(b -> b.bucket("dayshift-artifacts").key("dev/runtime/p1/plan.json"), RequestBody.fromString("{}"));
            S3ArtifactStore store = new S3ArtifactStore(s3, "dayshift-artifacts");
            assertThat(store.read("dev/runtime/p1/plan.json")).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("{}"));
            assertThat(store.read("dev/runtime/p1/diff.txt")).isEmpty();
            assertThat(store.describe("k")).isEqualTo("s3://dayshift-artifacts/k");
        }

        @Test
        void tellsWhetherASnapshotExistsWithoutReadingIt(MotoServer moto) {
            S3Client s3 = AwsClients.forEndpoint(S3Client.builder().forcePathStyle(true), moto.endpoint());
            s3.createBucket(b -> b.bucket("dayshift-artifacts"));
            s3.putObject(b -> b.bucket("dayshift-artifacts").key("dev/runtime/p1/source.tar.gz"), RequestBody.fromBytes(new byte[] {1}));
            S3ArtifactStore store = new S3ArtifactStore(s3, "dayshift-artifacts");
            assertThat(store.exists("dev/runtime/p1/source.tar.gz")).isTrue();
            assertThat(store.exists("dev/runtime/p0/source.tar.gz")).isFalse();
        }
    }
}
