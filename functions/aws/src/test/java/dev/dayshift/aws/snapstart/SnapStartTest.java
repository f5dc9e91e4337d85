package dev.dayshift.aws.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dayshift.aws.AwsClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The SnapStart piece every Lambda shares: priming in memory, per-copy state, class lists. */
class SnapStartTest {

    /** Nothing listens on the discard port: a request that really left would fail. */
    static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    static PrimingReport prime(Class<?> handler, SnapStart.Named... steps) {
        return SnapStart.prime(handler, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), steps);
    }

    @Nested
    class Priming {
        @Test
        void sdkCallsAreAnsweredInsideTheProcessWhilePrimingAndGoOutOtherwise() {
            DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), NOWHERE);
            SfnClient sfn = AwsClients.forEndpoint(SfnClient.builder(), NOWHERE);
            SnsClient sns = AwsClients.forEndpoint(SnsClient.builder(), NOWHERE);
            List<Object> answers = new ArrayList<>();
            PrimingReport report = prime(SnapStartTest.class,
                    SnapStart.step("dynamodb", () -> answers.add(dynamo.getItem(b -> b.tableName("t")
                            .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x"))))
                            .hasItem())),
                    SnapStart.step("sfn", () -> answers.add(sfn.startExecution(b -> b.stateMachineArn(
                            "arn:aws:states:us-east-1:123456789012:stateMachine:m").name("n")).executionArn())),
                    SnapStart.step("sns", () -> answers.add(sns.publish(b -> b.topicArn(
                            "arn:aws:sns:us-east-1:123456789012:t").message("m")).sdkHttpResponse().statusCode())));
            assertThat(report.failedSteps()).isEmpty();
            assertThat(answers).as("the first round, where every call succeeds")
                    .startsWith(false, "arn:aws:states:us-east-1:000000000000:execution:priming:priming", 200);
            assertThatThrownBy(() -> dynamo.getItem(b -> b.tableName("t")
                    .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x")))))
                    .as("outside priming the request really goes out")
                    .isInstanceOf(SdkClientException.class);
            assertThat(SnapStart.priming()).isFalse();
        }

        @Test
        void aLosingRoundAnswersConditionalWritesAndStartsWithTheErrorsOfARace() {
            DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), NOWHERE);
            SfnClient sfn = AwsClients.forEndpoint(SfnClient.builder(), NOWHERE);
            List<String> errors = new ArrayList<>();
            prime(SnapStartTest.class, SnapStart.step("race", () -> {
                try {
                    dynamo.putItem(b -> b.tableName("t").conditionExpression("attribute_not_exists(pk)")
                            .item(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("x"))));
                    errors.add("won");
                } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
                    errors.add("condition");
                }
                try {
                    sfn.startExecution(b -> b.stateMachineArn("arn:aws:states:us-east-1:123456789012:stateMachine:m").name("n"));
                    errors.add("started");
                } catch (software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException e) {
                    errors.add("exists");
                }
            }));
            assertThat(errors).as("the required rounds, then the warm-up's, winning and losing in turn")
                    .startsWith("won", "started", "condition", "exists", "won", "started");
        }

        @Test
        void aRaceIsLostOnceSoAnOptimisticLoopEndsAndItsReadFindsTheWinner() {
            DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), NOWHERE);
            var key = java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("env#dev"),
                    "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("lock"));
            var item = new java.util.HashMap<>(key);
            item.put("holder", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("exec-1"));
            List<String> seen = new ArrayList<>();
            prime(SnapStartTest.class, SnapStart.step("optimistic loop", () -> {
                for (int attempt = 0; attempt < 3; attempt++) {
                    try {
                        dynamo.putItem(b -> b.tableName("t").item(item).conditionExpression("attribute_not_exists(pk)"));
                        seen.add("written");
                        return;
                    } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
                        var held = dynamo.getItem(b -> b.tableName("t").key(key));
                        seen.add(held.hasItem() ? "held by " + held.item().get("holder").s() : "nobody");
                        var other = dynamo.getItem(b -> b.tableName("t").key(java.util.Map.of(
                                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("env#qa"),
                                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("lock"))));
                        seen.add(other.hasItem() ? "other key held" : "other key free");
                    }
                }
            }));
            assertThat(seen).as("the required rounds, then the warm-up's, the same way")
                    .startsWith("written", "held by exec-1", "other key free", "written", "written");
        }

        @Test
        void objectReadsAnswerAsForANewKeyAndAGetAnswersTheObjectAHandlerPutInPlace() {
            S3Client s3 = AwsClients.forEndpoint(S3Client.builder().forcePathStyle(true), NOWHERE);
            byte[] photo = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, (byte) 0xFF, (byte) 0xD9};
            PrimingTransport.primingObject("uploads/a photo.jpg", photo, "image/jpeg");
            List<String> seen = new ArrayList<>();
            PrimingReport report = prime(SnapStartTest.class, SnapStart.step("objects", () -> {
                try {
                    s3.headObject(b -> b.bucket("variants").key("variants/thumb/uploads/a photo.jpg"));
                    seen.add("head: found");
                } catch (NoSuchKeyException e) {
                    seen.add("head: missing");
                }
                ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket("uploads").key("uploads/a photo.jpg"));
                seen.add(got.response().contentType() + " " + java.util.Arrays.equals(got.asByteArray(), photo));
                seen.add("other: " + s3.getObjectAsBytes(b -> b.bucket("uploads").key("uploads/other.jpg")).asByteArray().length);
                seen.add("put: " + s3.putObject(b -> b.bucket("variants").key("variants/thumb/uploads/a photo.jpg"),
                        RequestBody.fromBytes(photo)).eTag());
            }));
            assertThat(report.failedSteps()).isEmpty();
            assertThat(seen).as("a winning round, then a losing one, through the loopback; then the warm-up's, in memory")
                    .startsWith("head: missing", "image/jpeg true", "other: 0", "put: \"priming\"",
                            "head: found", "image/jpeg true", "other: 0", "put: \"priming\"",
                            "head: missing", "image/jpeg true", "other: 0", "put: \"priming\"");
        }

        @Test
        void aFailingStepIsReportedAndTheOthersStillRun() {
            AtomicInteger ran = new AtomicInteger();
            PrimingReport report = prime(SnapStartTest.class,
                    SnapStart.step("breaks", () -> {
                        throw new IllegalStateException("boom");
                    }),
                    SnapStart.step("runs", ran::incrementAndGet));
            assertThat(ran).as("once a round").hasValue(report.rounds());
            assertThat(report.rounds()).isGreaterThanOrEqualTo(SnapStart.rounds());
            assertThat(report.failedSteps()).singleElement().asString().startsWith("breaks: ").contains("boom");
            assertThat(report.toJsonLine()).startsWith("{\"snapstart\":\"primed\"").contains("\"steps\":2")
                    .contains("breaks: java.lang.IllegalStateException: boom");
            assertThat(SnapStart.lastReport(SnapStartTest.class)).isEqualTo(report);
        }

        @Test
        void afterTheRequiredRoundsTheStepsRepeatInMemoryForTheWarmUpTimeOnly() {
            DynamoDbClient dynamo = AwsClients.forEndpoint(DynamoDbClient.builder(), NOWHERE);
            AtomicInteger ran = new AtomicInteger();
            SnapStart.Named step = SnapStart.step("reads", () -> {
                dynamo.getItem(b -> b.tableName("t").key(Map.of("pk", AttributeValue.fromS("k"))));
                ran.incrementAndGet();
            });
            String previous = System.getProperty("dayshift.snapstart.warmupMillis");
            try {
                System.setProperty("dayshift.snapstart.warmupMillis", "0");
                PrimingReport none = prime(SnapStartTest.class, step);
                assertThat(none.rounds()).isEqualTo(SnapStart.rounds());
                assertThat(none.failedSteps()).isEmpty();

                System.setProperty("dayshift.snapstart.warmupMillis", "200");
                ran.set(0);
                long start = System.nanoTime();
                PrimingReport warmed = prime(SnapStartTest.class, step);
                assertThat(warmed.rounds()).isGreaterThan(SnapStart.rounds() + 2);
                assertThat(ran).as("every warm-up round's call was answered, none went out").hasValue(warmed.rounds());
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(200 + JitSettle.MAX_WAIT_NANOS / 1_000_000 + 1000);
            } finally {
                if (previous == null) {
                    System.clearProperty("dayshift.snapstart.warmupMillis");
                } else {
                    System.setProperty("dayshift.snapstart.warmupMillis", previous);
                }
            }
        }

        @Test
        void theHandlersClassListIsLoadedAndNamesTheJarLacksAreCounted() {
            PrimingReport report = prime(Handler.class);
            assertThat(report.classesPreloaded()).isEqualTo(2);
            assertThat(report.classesMissing()).isEqualTo(1);
            assertThat(LISTED_INITIALISED).as("the application's classes are initialised").isTrue();
        }
    }

    @Nested
    class JitSettling {
        @Test
        void primingEndsOnlyAfterTheCompilersHaveBeenQuietForSeveralPollsAndNeverWaitsPastItsBound() {
            long waited = JitSettle.await();
            assertThat(waited).isGreaterThanOrEqualTo(JitSettle.QUIET_POLLS * JitSettle.POLL_MILLIS)
                    .isLessThanOrEqualTo(JitSettle.MAX_WAIT_NANOS / 1_000_000 + 100);
        }
    }

    @Nested
    class PerCopyState {
        @Test
        void twoCopiesOfOneSnapshotDrawTheSameValuesUntilRestoredThenDifferentOnes() {
            PerCopy snapshot = PerCopy.shared().snapshotCopy();
            PerCopy a = snapshot.snapshotCopy();
            PerCopy b = snapshot.snapshotCopy();
            assertThat(a.nextLong()).as("copies of one snapshot share its generator").isEqualTo(b.nextLong());
            assertThat(a.currentId()).isEqualTo(b.currentId());

            a.reseed(freshSeedOf());
            b.reseed(freshSeedOf());
            long[] fromA = new long[4];
            long[] fromB = new long[4];
            for (int i = 0; i < 4; i++) {
                fromA[i] = a.nextLong();
                fromB[i] = b.nextLong();
            }
            assertThat(fromA).as("after restore").isNotEqualTo(fromB);
            assertThat(a.currentId()).isNotEqualTo(b.currentId()).hasSize(16);
        }

        @Test
        void restoreGivesTheSharedCopyANewIdAndSequence() {
            String id = PerCopy.id();
            PerCopy before = PerCopy.shared().snapshotCopy();
            SnapStart.restore();
            assertThat(PerCopy.id()).isNotEqualTo(id);
            assertThat(PerCopy.random().nextLong()).isNotEqualTo(before.nextLong());
        }

        private byte[] freshSeedOf() {
            byte[] seed = new byte[40];
            new java.security.SecureRandom().nextBytes(seed);
            return seed;
        }
    }

    @Nested
    class Credentials {
        @Test
        void primingSignsWithThrowAwayCredentialsAndNeverAsksTheChain() {
            AtomicInteger built = new AtomicInteger();
            RestorableCredentials credentials = new RestorableCredentials(() -> {
                built.incrementAndGet();
                return StaticCredentialsProvider.create(AwsBasicCredentials.create("real", "secret"));
            });
            List<String> seen = new ArrayList<>();
            PrimingReport report = prime(SnapStartTest.class,
                    SnapStart.step("sign", () -> seen.add(credentials.resolveCredentials().accessKeyId())));
            assertThat(seen).hasSize(report.rounds()).containsOnly(RestorableCredentials.PRIMING.accessKeyId());
            assertThat(built).as("the chain is not even built while priming").hasValue(0);
            assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("real");
        }

        @Test
        void refreshDropsTheChainAndWhatItCachedSoTheNextRequestBuildsANewOne() {
            List<AwsCredentialsProvider> providers = new ArrayList<>();
            RestorableCredentials credentials = new RestorableCredentials(() -> {
                AwsCredentialsProvider p = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        "key" + providers.size(), "secret"));
                providers.add(p);
                return p;
            });
            assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("key0");
            assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("key0");
            credentials.refresh();
            assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("key1");
            assertThat(providers).hasSize(2);
        }
    }

    /** A handler whose class list is in the test resources. */
    static final class Handler {
    }

    /** Set by {@link Listed}'s initialiser; nothing else refers to that class. */
    static volatile boolean LISTED_INITIALISED;

    /** Named in {@link Handler}'s class list. */
    static final class Listed {
        static {
            LISTED_INITIALISED = true;
        }
    }
}
