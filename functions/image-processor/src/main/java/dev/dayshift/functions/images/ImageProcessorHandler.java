package dev.dayshift.functions.images;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda: S3 object-created notifications arrive through SQS; each becomes the configured variants
 * in the variants bucket. Messages are independent: one bad image never fails its neighbours, and the
 * response lists only the messages to retry ({@code batchItemFailures}; the event source mapping must
 * have {@code ReportBatchItemFailures} on). What happens to each message is one JSON log line.
 */
public final class ImageProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final MessageProcessor processor;

    /** Used by Lambda: the shared runtime, from the environment variables. */
    public ImageProcessorHandler() {
        this(ImageProcessorRuntime.shared());
    }

    public ImageProcessorHandler(ImageProcessorRuntime runtime) {
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

    private static void log(Context context, String line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        } else {
            System.out.println(line);
        }
    }
}
