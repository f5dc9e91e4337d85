package dev.dayshift.functions.images;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.dayshift.aws.snapstart.PrimingTransport;
import dev.dayshift.aws.snapstart.SnapStart;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.crac.Resource;

/**
 * The Lambda: S3 object-created notifications arrive through SQS; each becomes the configured variants
 * in the variants bucket. Messages are independent: one bad image never fails its neighbours, and the
 * response lists only the messages to retry ({@code batchItemFailures}; the event source mapping must
 * have {@code ReportBatchItemFailures} on). What happens to each message is one JSON log line.
 *
 * <p>SnapStart (docs/snapstart.md): before the snapshot the handler transforms a small generated JPEG
 * and PNG through every configured variant (libvips' codecs and thread pool warm) and runs its message
 * path on a synthetic S3 event for that JPEG, every AWS call answered in memory (variants missing, the
 * photo read, its variants written); after a restore it renews what each copy must own.
 */
public final class ImageProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    /** The key of the photo priming's synthetic event announces ({@link PrimingTransport#primingObject}). */
    private static final String PRIMING_KEY = "priming/photo.jpg";

    private final ImageProcessorRuntime runtime;
    private final MessageProcessor processor;

    /** Used by Lambda: the shared runtime, from the environment variables. */
    public ImageProcessorHandler() {
        this(ImageProcessorRuntime.shared());
        SnapStart.register(this);
    }

    /** From explicit environment variables, registered for SnapStart as the Lambda one is (tests, benchmarks). */
    ImageProcessorHandler(Map<String, String> env) {
        this(ImageProcessorRuntime.fromEnvironment(env));
        SnapStart.register(this);
    }

    public ImageProcessorHandler(ImageProcessorRuntime runtime) {
        this.runtime = runtime;
        this.processor = new MessageProcessor(runtime);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            MessageProcessor.Result result = processor.process(message);
            log(context, result.logLine());
            if (result.retry()) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /**
     * SnapStart: libvips on generated images, then the message path on a synthetic S3 event for a new
     * JPEG, AWS answered in memory: the variants are looked up (missing), the photo read, its variants
     * made and written, as for a real upload.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        byte[] photo = sampleOrNothing("jpeg");
        byte[] drawing = sampleOrNothing("png");
        PrimingTransport.primingObject(PRIMING_KEY, photo, "image/jpeg");
        int size = photo.length;
        SnapStart.prime(getClass(),
                SnapStart.step("transform", () -> {
                    for (byte[] image : new byte[][] {photo, drawing}) {
                        runtime.transformer().transform(image, runtime.settings().images());
                    }
                }),
                SnapStart.step("s3 event", () -> {
                    // Reported (init log, benchmark, tests) when priming stopped short of writing the variants.
                    String line = processor.process(syntheticMessage(size)).logLine();
                    if (!runtime.json().readTree(line).path("records").path(0).path("status").asText().equals("done")) {
                        throw new IllegalStateException("the priming photo was not made into variants: " + line);
                    }
                }));
    }

    /** Renews this copy's randomness and credentials; libvips and the clients hold nothing per copy. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        SnapStart.restore();
    }

    /**
     * {@link #sample}, made once before the priming rounds; no bytes if the JDK cannot encode it, which the
     * steps then report as a rejected image.
     */
    private static byte[] sampleOrNothing(String format) {
        try {
            return sample(format);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** A 96 x 64 gradient with a shape on it, encoded by the JDK. */
    private static byte[] sample(String format) throws IOException {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int x = 0; x < 96; x++) {
            g.setColor(new Color(x * 2, 128, 255 - x * 2));
            g.drawLine(x, 0, x, 63);
        }
        g.setColor(Color.WHITE);
        g.fillOval(24, 12, 40, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /** An SQS message carrying an S3 ObjectCreated:Put notification of {@link #PRIMING_KEY}, as S3 sends it. */
    private static SQSEvent.SQSMessage syntheticMessage(int size) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("00000000-0000-0000-0000-000000000000");
        m.setReceiptHandle("priming");
        m.setEventSource("aws:sqs");
        m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:priming");
        m.setAwsRegion("us-east-1");
        m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        m.setMessageAttributes(Map.of());
        m.setBody("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"" + Instant.now() + "\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"priming-uploads\","
                + "\"arn\":\"arn:aws:s3:::priming-uploads\"},\"object\":{\"key\":\"" + PRIMING_KEY + "\",\"size\":" + size + ","
                + "\"eTag\":\"priming\",\"versionId\":\"priming\",\"sequencer\":\"00\"}}}]}");
        return m;
    }

    private static void log(Context context, String line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        } else {
            System.out.println(line);
        }
    }
}
