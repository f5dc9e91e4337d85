package dev.dayshift.functions.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.core.config.ImageVariant;
import dev.dayshift.functions.images.testutils.Libvips;
import dev.dayshift.functions.images.testutils.MotoServer;
import dev.dayshift.functions.images.testutils.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The handler against S3 and SQS over HTTP (moto): uploads to a bucket whose notifications go to a
 * queue, messages received from it as Lambda's poller does and handed over as the SQSEvent it builds.
 */
class ImageProcessorHandlerTest {

    static final String UPLOADS = "uploads";
    static final String VARIANTS = "variants";
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    static final ImagePipelineConfig IMAGES = new ImagePipelineConfig(1 << 20, 4_000_000, List.of(
            new ImageVariant("thumb", OptionalInt.of(64), OptionalInt.of(64), ImageVariant.Fit.INSIDE, ImageVariant.Format.WEBP, 75, false),
            new ImageVariant("medium", OptionalInt.of(200), OptionalInt.of(200), ImageVariant.Fit.INSIDE, ImageVariant.Format.JPEG, 82, false)));

    static MotoServer moto;

    ImageProcessorRuntime runtime;
    String queueUrl;
    String dlqUrl;

    @BeforeAll
    static void startMoto() throws Exception {
        Libvips.transformer();
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void freshAccount() throws IOException {
        moto.reset();
        runtime = runtime(true, 5);
        runtime.s3().createBucket(b -> b.bucket(UPLOADS));
        runtime.s3().createBucket(b -> b.bucket(VARIANTS));
        // Visibility 0: a message reported as failed is visible again at once (instead of after 30 s).
        queueUrl = runtime.sqs().createQueue(b -> b.queueName("uploads")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0"))).queueUrl();
        dlqUrl = runtime.sqs().createQueue(b -> b.queueName("uploads-dlq")).queueUrl();
        String arn = runtime.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        runtime.s3().putBucketNotificationConfiguration(b -> b.bucket(UPLOADS).notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn(arn).eventsWithStrings("s3:ObjectCreated:*"))));
        // S3 announces the configuration with an s3:TestEvent; the handler must take it in its stride.
        SQSBatchResponse first = deliver(runtime);
        assertThat(first.getBatchItemFailures()).isEmpty();
    }

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    ImageProcessorRuntime runtime(boolean withDlq, int maxReceiveCount) {
        String dlq = moto.endpoint() + "/123456789012/uploads-dlq";
        ProcessorSettings settings = new ProcessorSettings(VARIANTS, IMAGES, withDlq ? Optional.of(dlq) : Optional.empty(),
                maxReceiveCount, ProcessorSettings.DEFAULT_CACHE_CONTROL, Optional.of(moto.endpoint()), "us-east-1");
        return ImageProcessorRuntime.create(settings, CREDENTIALS);
    }

    void upload(String key, byte[] bytes) {
        runtime.s3().putObject(b -> b.bucket(UPLOADS).key(key), RequestBody.fromBytes(bytes));
    }

    /** What Lambda's SQS poller does: receive, build the SQSEvent, invoke, delete what did not fail. */
    SQSBatchResponse deliver(ImageProcessorRuntime using) {
        List<Message> messages = using.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
        SQSBatchResponse response = new ImageProcessorHandler(using).handleRequest(event(messages), null);
        List<String> failed = response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                using.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return response;
    }

    static SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            Map<String, String> attrs = new HashMap<>();
            m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
            r.setAttributes(attrs);
            r.setMessageAttributes(Map.of());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn("arn:aws:sqs:us-east-1:123456789012:uploads");
            r.setAwsRegion("us-east-1");
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    List<Message> deadLetters() {
        return runtime.sqs().receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).messageAttributeNames("All")).messages();
    }

    HeadObjectResponse head(String key) {
        return runtime.s3().headObject(b -> b.bucket(VARIANTS).key(key));
    }

    @Nested
    class ABatch {

        @Test
        void goodImagesBecomeVariantsWithContentTypeCacheHeadersAndTheirSource() {
            upload("photos/summer day.jpg", TestImages.jpeg(TestImages.photo(400, 300, 1)));
            SQSBatchResponse response = deliver(runtime);
            assertThat(response.getBatchItemFailures()).isEmpty();
            HeadObjectResponse thumb = head("variants/thumb/photos/summer day.jpg.webp");
            assertThat(thumb.contentType()).isEqualTo("image/webp");
            assertThat(thumb.cacheControl()).isEqualTo(ProcessorSettings.DEFAULT_CACHE_CONTROL);
            assertThat(thumb.metadata()).containsEntry(MessageProcessor.META_SOURCE, "s3://uploads/photos/summer day.jpg")
                    .containsKey(MessageProcessor.META_SOURCE_ETAG);
            assertThat(head("variants/medium/photos/summer day.jpg.jpg").contentType()).isEqualTo("image/jpeg");
        }

        @Test
        void oneBadImageNeverFailsItsNeighboursAndLandsInTheDlqWithItsReason() {
            upload("a.jpg", TestImages.jpeg(TestImages.photo(300, 200, 2)));
            upload("bomb.png", TestImages.pngHeaderOnly(30_000, 30_000));
            upload("b.png", TestImages.encode(TestImages.photo(300, 200, 3), "png"));
            SQSBatchResponse response = deliver(runtime);
            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(head("variants/medium/a.jpg.jpg").contentLength()).isPositive();
            assertThat(head("variants/medium/b.png.jpg").contentLength()).isPositive();
            List<Message> dead = deadLetters();
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(m.messageAttributes().get("dayshift-reason").stringValue()).isEqualTo("too-many-pixels");
                assertThat(m.messageAttributes().get("dayshift-source").stringValue()).isEqualTo("s3://uploads/bomb.png");
                assertThat(m.messageAttributes().get("dayshift-message").stringValue()).contains("30000x30000");
                assertThat(m.body()).contains("bomb.png");
            });
        }

        @Test
        void withoutADlqRefusedMessagesAreReportedAsBatchItemFailuresForTheRedrive() {
            ImageProcessorRuntime noDlq = runtime(false, 5);
            try {
                upload("ok.jpg", TestImages.jpeg(TestImages.photo(300, 200, 4)));
                upload("empty.jpg", new byte[0]);
                SQSBatchResponse response = deliver(noDlq);
                assertThat(response.getBatchItemFailures()).hasSize(1);
                assertThat(head("variants/thumb/ok.jpg.webp").contentLength()).isPositive();
                // The failed one is still on the queue for SQS to redeliver or redrive.
                List<Message> left = noDlq.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
                assertThat(left).singleElement().satisfies(m -> assertThat(m.body()).contains("empty.jpg"));
            } finally {
                noDlq.close();
            }
        }

        @Test
        void theRealSizeIsCheckedBeforeReadingWhateverTheEventSays() {
            byte[] big = new byte[(1 << 20) + 10];
            big[0] = (byte) 0xFF;
            runtime.s3().putBucketNotificationConfiguration(b -> b.bucket(UPLOADS).notificationConfiguration(n -> n.queueConfigurations(List.of())));
            runtime.s3().putObject(b -> b.bucket(UPLOADS).key("big.jpg"), RequestBody.fromBytes(big));
            String body = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":"
                    + "{\"name\":\"uploads\"},\"object\":{\"key\":\"big.jpg\",\"size\":10}}}]}";
            runtime.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            assertThat(deliver(runtime).getBatchItemFailures()).isEmpty();
            assertThat(deadLetters()).singleElement().satisfies(
                    m -> assertThat(m.messageAttributes().get("dayshift-reason").stringValue()).isEqualTo("too-large"));
        }

        @Test
        void aBodyThatIsNotAnS3EventIsDeadLetteredWithTheProblem() {
            runtime.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"hello\": 1}"));
            assertThat(deliver(runtime).getBatchItemFailures()).isEmpty();
            assertThat(deadLetters()).singleElement().satisfies(m -> {
                assertThat(m.messageAttributes().get("dayshift-reason").stringValue()).isEqualTo("not-an-s3-event");
                assertThat(m.messageAttributes().get("dayshift-message").stringValue()).contains("Records");
            });
        }

        @Test
        void aFailureThatIsNotTheImagesIsRetriedAndOnTheLastAttemptDeadLetteredWithItsReason() {
            String body = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":"
                    + "{\"name\":\"no-such-bucket\"},\"object\":{\"key\":\"x.jpg\",\"size\":10,\"eTag\":\"abc\"}}}]}";
            runtime.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            upload("fine.jpg", TestImages.jpeg(TestImages.photo(300, 200, 5)));
            SQSBatchResponse first = deliver(runtime);
            assertThat(first.getBatchItemFailures()).hasSize(1);
            assertThat(head("variants/thumb/fine.jpg.webp").contentLength()).isPositive();
            assertThat(deadLetters()).isEmpty();

            ImageProcessorRuntime lastAttempt = runtime(true, 2);
            SQSBatchResponse second = deliver(lastAttempt);
            assertThat(second.getBatchItemFailures()).isEmpty();
            assertThat(deadLetters()).singleElement().satisfies(m -> {
                assertThat(m.messageAttributes().get("dayshift-reason").stringValue()).isEqualTo("aws-error");
                assertThat(m.messageAttributes().get("dayshift-message").stringValue()).startsWith("gave up after 2 attempts");
            });
            lastAttempt.close();
        }

    }

    @Nested
    class Redelivery {

        @Test
        void aRedeliveredMessageDoesNoWorkTwice() {
            upload("once.jpg", TestImages.jpeg(TestImages.photo(300, 200, 6)));
            List<Message> messages = runtime.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            ImageProcessorHandler handler = new ImageProcessorHandler(runtime);
            assertThat(handler.handleRequest(event(messages), null).getBatchItemFailures()).isEmpty();
            String key = "variants/medium/once.jpg.jpg";
            HeadObjectResponse written = head(key);
            // Mark the variant: a second write would replace this body.
            runtime.s3().putObject(b -> b.bucket(VARIANTS).key(key).metadata(written.metadata()).contentType("image/jpeg"),
                    RequestBody.fromString("marker"));

            assertThat(handler.handleRequest(event(messages), null).getBatchItemFailures()).isEmpty();

            byte[] after = runtime.s3().getObjectAsBytes(b -> b.bucket(VARIANTS).key(key)).asByteArray();
            assertThat(new String(after, StandardCharsets.UTF_8)).isEqualTo("marker");
        }

        @Test
        void aNewVersionOfTheSourceIsProcessedAgain() {
            upload("changing.jpg", TestImages.jpeg(TestImages.photo(300, 200, 7)));
            deliver(runtime);
            long before = head("variants/medium/changing.jpg.jpg").contentLength();
            upload("changing.jpg", TestImages.jpeg(TestImages.canonical(400, 100)));
            assertThat(deliver(runtime).getBatchItemFailures()).isEmpty();
            HeadObjectResponse now = head("variants/medium/changing.jpg.jpg");
            assertThat(now.contentLength()).isNotEqualTo(before);
            assertThat(now.metadata().get(MessageProcessor.META_SOURCE_ETAG))
                    .isEqualTo(runtime.s3().headObject(b -> b.bucket(UPLOADS).key("changing.jpg")).eTag().replace("\"", ""));
        }

        @Test
        void aStaleEventForAnOverwrittenSourceIsSkipped() {
            upload("raced.jpg", TestImages.jpeg(TestImages.photo(300, 200, 8)));
            List<Message> stale = runtime.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            upload("raced.jpg", TestImages.jpeg(TestImages.canonical(200, 200)));
            ImageProcessorHandler handler = new ImageProcessorHandler(runtime);
            assertThat(handler.handleRequest(event(stale), null).getBatchItemFailures()).isEmpty();
            // Nothing was written from the stale event; the newer event writes the variants.
            assertThat(runtime.s3().listObjectsV2(b -> b.bucket(VARIANTS)).contents()).isEmpty();
            assertThat(deliver(runtime).getBatchItemFailures()).isEmpty();
            assertThat(head("variants/medium/raced.jpg.jpg").contentLength()).isPositive();
        }
    }
}
