package dev.dayshift.functions.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.aws.testutils.snapstart.IsolatedLambda;
import dev.dayshift.aws.testutils.snapstart.SnapStartChecks;
import dev.dayshift.functions.images.testutils.Libvips;
import dev.dayshift.functions.images.testutils.TestImages;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The image processor's SnapStart hooks, on a fresh class loader, against S3 and SQS in moto over
 * HTTP: priming transforms generated images and runs the message path with AWS answered in memory,
 * the first real message after it loads no SDK or Jackson class, and a restore renews the copy's
 * randomness.
 */
@ExtendWith(MotoServer.class)
class SnapStartTest {

    static final String HANDLER = ImageProcessorHandler.class.getName();
    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        Libvips.transformer();
        S3Client s3 = AwsClients.forEndpoint(S3Client.builder().forcePathStyle(true), moto.endpoint());
        s3.createBucket(b -> b.bucket("dayshift-bench-uploads"));
        s3.createBucket(b -> b.bucket("dayshift-bench-variants"));
        byte[] photo = TestImages.jpeg(TestImages.photo(800, 600, 7));
        for (String key : new String[] {"photos/photo-0.jpg", "photos/photo-1.jpg"}) {
            s3.putObject(b -> b.bucket("dayshift-bench-uploads").key(key).contentType("image/jpeg"), RequestBody.fromBytes(photo));
        }
        String dlq = AwsClients.forEndpoint(SqsClient.builder(), moto.endpoint())
                .createQueue(b -> b.queueName("dayshift-bench-image-events-dlq")).queueUrl();
        env = Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", "us-east-1",
                "VARIANTS_BUCKET", "dayshift-bench-variants", "DEAD_LETTER_QUEUE_URL", dlq);
    }

    @Test
    void afterPrimingTheFirstMessageLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(HANDLER, env);
        assertThat(first.output()).contains("batchItemFailures=[]");
    }

    @Test
    void afterRestoreThisCopyHasItsOwnRandomness() throws Exception {
        SnapStartChecks.restoreRenewsThisCopysRandomness(HANDLER, env);
    }
}
