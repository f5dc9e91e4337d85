package dev.dayshift.functions.images;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.core.config.ImageVariant;
import dev.dayshift.functions.images.internal.S3Notification;
import dev.dayshift.functions.images.internal.S3Notification.ObjectCreated;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One SQS message: its S3 records, each turned into the variants not yet written for that exact source.
 *
 * <p>Idempotency: variant keys are deterministic ({@code variants/<variant>/<original key>.<ext>}) and
 * each variant records the source's ETag and version and the variant's own settings in its metadata; a
 * redelivered message finds them up to date and does no work. A source overwritten since the event
 * (its ETag no longer matches) is left to the newer event.
 *
 * <p>Outcomes: refused images (guards, undecodable data) and bodies that are not S3 events are not
 * retried: with a dead-letter queue configured they are sent there at once with the reason in message
 * attributes, otherwise reported as failures for SQS' redrive. Other failures are retried, and on the
 * last attempt ({@code MAX_RECEIVE_COUNT}) also sent to the DLQ with their reason.
 */
final class MessageProcessor {

    /** S3 user metadata written on every variant. */
    static final String META_SOURCE_ETAG = "dayshift-source-etag";
    static final String META_SOURCE_VERSION = "dayshift-source-version";
    static final String META_SOURCE = "dayshift-source";
    static final String META_VARIANT = "dayshift-variant";

    /** SQS message attributes on dead-lettered messages. */
    static final String ATTR_REASON = "dayshift-reason";
    static final String ATTR_MESSAGE = "dayshift-message";
    static final String ATTR_SOURCE = "dayshift-source";
    static final String ATTR_MESSAGE_ID = "dayshift-original-message-id";

    /** What to do with a message, and its log line. */
    record Result(boolean retry, String logLine) {
    }

    private enum Status { DONE, UP_TO_DATE, SKIPPED, REJECTED, FAILED }

    private record RecordOutcome(ObjectCreated object, Status status, String reason, String message, int written) {
    }

    private final ImageProcessorRuntime runtime;
    private final ProcessorSettings settings;

    MessageProcessor(ImageProcessorRuntime runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.settings = runtime.settings();
    }

    Result process(SQSEvent.SQSMessage message) {
        ObjectNode log = runtime.json().createObjectNode();
        log.put("messageId", message.getMessageId());
        S3Notification.Body body = S3Notification.parse(runtime.json(), message.getBody());
        return switch (body) {
            case S3Notification.TestEvent t -> done(log.put("outcome", "skipped").put("detail", "s3:TestEvent"));
            case S3Notification.NotAnS3Event bad -> refuse(message, log, "not-an-s3-event", bad.problem(), null);
            case S3Notification.Records records -> records(message, log, records);
        };
    }

    private Result records(SQSEvent.SQSMessage message, ObjectNode log, S3Notification.Records records) {
        List<RecordOutcome> outcomes = new ArrayList<>();
        for (ObjectCreated object : records.created()) {
            outcomes.add(object(object));
        }
        ArrayNode list = log.putArray("records");
        for (RecordOutcome o : outcomes) {
            ObjectNode n = list.addObject().put("source", "s3://" + o.object().bucket() + "/" + o.object().key())
                    .put("status", o.status().name().toLowerCase(Locale.ROOT)).put("written", o.written());
            if (o.reason() != null) {
                n.put("reason", o.reason()).put("message", o.message());
            }
        }
        log.put("ignoredRecords", records.ignored());
        RecordOutcome failed = outcomes.stream().filter(o -> o.status() == Status.FAILED).findFirst().orElse(null);
        if (failed != null) {
            return retryOrGiveUp(message, log, failed);
        }
        RecordOutcome rejected = outcomes.stream().filter(o -> o.status() == Status.REJECTED).findFirst().orElse(null);
        if (rejected != null) {
            return refuse(message, log, rejected.reason(), rejected.message(), rejected.object());
        }
        return done(log.put("outcome", "done"));
    }

    private RecordOutcome object(ObjectCreated o) {
        ImagePipelineConfig images = settings.images();
        if (o.bucket().equals(settings.variantsBucket()) && o.key().startsWith("variants/")) {
            return new RecordOutcome(o, Status.SKIPPED, null, null, 0);
        }
        try {
            if (o.size() >= 0) {
                ImageTransformer.checkSize(o.size(), images);
            }
            List<ImageVariant> missing = new ArrayList<>();
            for (ImageVariant v : images.variants()) {
                if (!upToDate(o, v)) {
                    missing.add(v);
                }
            }
            if (missing.isEmpty()) {
                return new RecordOutcome(o, Status.UP_TO_DATE, null, null, 0);
            }
            byte[] bytes;
            String eTag;
            String version;
            try (ResponseInputStream<GetObjectResponse> in = runtime.s3().getObject(b -> {
                b.bucket(o.bucket()).key(o.key());
                if (o.eTag() != null) {
                    b.ifMatch(quoted(o.eTag()));
                }
            })) {
                // The event's size may be missing or stale: check the real one before reading a byte.
                Long length = in.response().contentLength();
                if (length != null) {
                    ImageTransformer.checkSize(length, images);
                }
                bytes = in.readNBytes((int) Math.min(images.maxFileBytes() + 1, Integer.MAX_VALUE - 8));
                ImageTransformer.checkSize(bytes.length, images);
                eTag = o.eTag() != null ? o.eTag() : unquoted(in.response().eTag());
                version = o.versionId() != null ? o.versionId() : in.response().versionId();
            } catch (NoSuchKeyException e) {
                return new RecordOutcome(o, Status.SKIPPED, "deleted", "the object was deleted since the event", 0);
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return new RecordOutcome(o, Status.SKIPPED, "superseded",
                            "the object was overwritten since the event; its own event will process it", 0);
                }
                throw e;
            } catch (IOException e) {
                return new RecordOutcome(o, Status.FAILED, "aws-error", "reading the object failed: " + e.getMessage(), 0);
            }
            List<EncodedVariant> encoded = runtime.transformer().transform(bytes, images, missing);
            for (EncodedVariant v : encoded) {
                put(o, v, eTag, version);
            }
            return new RecordOutcome(o, Status.DONE, null, null, encoded.size());
        } catch (ImageRejectedException e) {
            return new RecordOutcome(o, Status.REJECTED, e.reason().id(), e.getMessage(), 0);
        } catch (ImageFailedException e) {
            return new RecordOutcome(o, Status.FAILED, "failed", e.getMessage(), 0);
        } catch (SdkException e) {
            return new RecordOutcome(o, Status.FAILED, "aws-error", e.getClass().getSimpleName() + ": " + e.getMessage(), 0);
        }
    }

    private boolean upToDate(ObjectCreated o, ImageVariant v) {
        HeadObjectResponse head;
        try {
            head = runtime.s3().headObject(b -> b.bucket(settings.variantsBucket()).key(variantKey(o.key(), v)));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
        Map<String, String> meta = head.metadata();
        return o.eTag() != null
                && o.eTag().equals(meta.get(META_SOURCE_ETAG))
                && Objects.equals(o.versionId() == null ? "" : o.versionId(), meta.getOrDefault(META_SOURCE_VERSION, ""))
                && spec(v).equals(meta.get(META_VARIANT));
    }

    private void put(ObjectCreated o, EncodedVariant v, String eTag, String version) {
        Map<String, String> meta = new HashMap<>();
        meta.put(META_SOURCE, "s3://" + o.bucket() + "/" + o.key());
        meta.put(META_SOURCE_ETAG, eTag == null ? "" : eTag);
        meta.put(META_SOURCE_VERSION, version == null ? "" : version);
        meta.put(META_VARIANT, spec(v.variant()));
        PutObjectRequest request = PutObjectRequest.builder().bucket(settings.variantsBucket())
                .key(variantKey(o.key(), v.variant())).contentType(v.contentType()).cacheControl(settings.cacheControl())
                .metadata(meta).build();
        runtime.s3().putObject(request, RequestBody.fromBytes(v.bytes()));
    }

    /** {@code variants/<variant>/<original key>.<ext>}. */
    static String variantKey(String sourceKey, ImageVariant v) {
        return "variants/" + v.name() + "/" + sourceKey + "." + v.format().extension();
    }

    /** The variant's settings as recorded on its output: a change of settings makes outputs stale. */
    static String spec(ImageVariant v) {
        return "w" + (v.width().isPresent() ? v.width().getAsInt() : "-") + ",h"
                + (v.height().isPresent() ? v.height().getAsInt() : "-") + "," + v.fit().name().toLowerCase(Locale.ROOT)
                + "," + v.format().id() + ",q" + v.quality() + (v.keepMetadata() ? ",keep" : "");
    }

    private Result retryOrGiveUp(SQSEvent.SQSMessage message, ObjectNode log, RecordOutcome failed) {
        int receiveCount = receiveCount(message);
        log.put("receiveCount", receiveCount);
        if (receiveCount >= settings.maxReceiveCount() && settings.deadLetterQueueUrl().isPresent()) {
            return refuse(message, log, failed.reason(), "gave up after " + receiveCount + " attempts: " + failed.message(),
                    failed.object());
        }
        return new Result(true, log.put("outcome", "retry").toString());
    }

    private Result refuse(SQSEvent.SQSMessage message, ObjectNode log, String reason, String detail, ObjectCreated source) {
        log.put("reason", reason).put("detail", detail);
        if (settings.deadLetterQueueUrl().isEmpty()) {
            return new Result(true, log.put("outcome", "failed-for-redrive").toString());
        }
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(ATTR_REASON, text(reason));
        attributes.put(ATTR_MESSAGE, text(detail.length() > 1000 ? detail.substring(0, 1000) : detail));
        attributes.put(ATTR_MESSAGE_ID, text(message.getMessageId()));
        if (source != null) {
            attributes.put(ATTR_SOURCE, text("s3://" + source.bucket() + "/" + source.key()));
        }
        try {
            runtime.sqs().sendMessage(b -> b.queueUrl(settings.deadLetterQueueUrl().get())
                    .messageBody(message.getBody() == null || message.getBody().isEmpty() ? "(empty body)" : message.getBody())
                    .messageAttributes(attributes));
        } catch (SdkException e) {
            return new Result(true, log.put("outcome", "retry").put("deadLetterError", e.getMessage()).toString());
        }
        return new Result(false, log.put("outcome", "dead-lettered").toString());
    }

    private static Result done(ObjectNode log) {
        return new Result(false, log.toString());
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attrs = message.getAttributes();
        try {
            return attrs == null ? 1 : Integer.parseInt(attrs.getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static String quoted(String eTag) {
        return eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
    }

    private static String unquoted(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
