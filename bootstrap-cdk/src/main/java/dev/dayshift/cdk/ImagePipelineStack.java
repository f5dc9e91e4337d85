package dev.dayshift.cdk;

import dev.dayshift.cdk.internal.Alarms;
import dev.dayshift.cdk.internal.ConfigLayer;
import dev.dayshift.cdk.internal.DayshiftFunction;
import dev.dayshift.cdk.internal.Grants;
import dev.dayshift.cdk.internal.Nag;
import dev.dayshift.cdk.internal.LambdaArtifacts;
import dev.dayshift.cdk.internal.LambdaModule;
import dev.dayshift.cdk.internal.Names;
import dev.dayshift.cdk.internal.Secure;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.ImagePipelineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueuePolicy;
import software.constructs.Construct;

/**
 * The image pipeline of one environment: uploads bucket, its object-created events into an SQS
 * queue (with a dead-letter queue after {@value #MAX_RECEIVES} receives), the processor Lambda
 * reading that queue through its alias with partial batch failure reporting, and the variants
 * bucket it writes. Both buckets are KMS-encrypted, private and TLS-only.
 */
public final class ImagePipelineStack extends Stack {

    /** Receives before a message moves to the dead-letter queue. */
    public static final int MAX_RECEIVES = 5;
    /** Where the processor writes: {@code variants/<variant>/<original key>.<ext>}. */
    public static final String VARIANTS_PREFIX = "variants/";
    /** Records per Lambda invocation. */
    public static final int BATCH_SIZE = 10;

    private final Bucket uploads;
    private final Bucket variants;
    private final Queue queue;
    private final Queue deadLetters;
    private final DayshiftFunction processor;

    public ImagePipelineStack(Construct scope, String id, StackProps props, Environment env, Path configFile,
            ImagePipelineConfig images, LambdaArtifacts artifacts, ITopic notifications) {
        super(scope, id, props);
        Key key = Secure.key(this, "Key", env, "images");
        String uploadsName = Names.bucket(this, env, "uploads");
        String uploadsArn = "arn:" + getPartition() + ":s3:::" + uploadsName;
        // S3 sends the bucket's events into the encrypted queue on this account's behalf.
        Secure.allowService(key, "S3EventsOfTheUploadsBucket", "s3.amazonaws.com", uploadsArn);

        Bucket logs = Secure.accessLogBucket(this, "AccessLogs", Names.bucket(this, env, "images-logs"));
        List<LifecycleRule> lifecycle = List.of(LifecycleRule.builder()
                .id("expire-old-versions")
                .noncurrentVersionExpiration(Duration.days(30))
                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                .build());

        this.deadLetters = Secure.deadLetterQueue(this, "DeadLetters", Names.of(env, "image-events-dlq"), key,
                "image events the processor failed " + MAX_RECEIVES + " times");
        this.variants = Secure.dataBucket(this, "Variants", Names.bucket(this, env, "variants"), key, logs,
                RemovalPolicy.RETAIN, lifecycle);
        // The processor's settings (ProcessorSettings): it reads the images section from a variable,
        // not the configuration file, and sends what it refuses straight to the dead-letter queue.
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("VARIANTS_BUCKET", variants.getBucketName());
        variables.put("DEAD_LETTER_QUEUE_URL", deadLetters.getQueueUrl());
        variables.put("MAX_RECEIVE_COUNT", String.valueOf(MAX_RECEIVES));
        ConfigLayer.imagesSetting(configFile, images).ifPresent(json -> variables.put("DAYSHIFT_IMAGES_CONFIG", json));
        // libvips comes in a layer (the function's jar stays small); DAYSHIFT_LIBVIPS tells NativeLibvips where.
        LambdaArtifacts.LibvipsLayer staged = artifacts.libvipsLayer("x86_64");
        LayerVersion libvips = LayerVersion.Builder.create(this, "Libvips")
                .layerVersionName(Names.of(env, "libvips"))
                .description("libvips (" + staged.library() + ", the build sharp ships) for the Dayshift image processor")
                .code(Code.fromAsset(staged.directory().toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.X86_64))
                .license("LGPL-3.0-or-later")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        variables.put("DAYSHIFT_LIBVIPS", staged.pathInFunction());
        this.processor = new DayshiftFunction(this, "Processor", LambdaModule.IMAGE_PROCESSOR,
                artifacts.jar(LambdaModule.IMAGE_PROCESSOR), env, key, null, variables, notifications);
        processor.function().addLayers(libvips);
        Grants.send(processor.role(), deadLetters, key);
        // SQS recommends a visibility timeout of six times the function's timeout for event source mappings.
        Duration visibility = Duration.seconds(6 * LambdaModule.IMAGE_PROCESSOR.timeout().toSeconds());
        this.queue = Secure.workQueue(this, "Events", Names.of(env, "image-events"), key, deadLetters, MAX_RECEIVES,
                visibility);

        QueuePolicy s3CanSend = QueuePolicy.Builder.create(this, "EventsPolicy").queues(List.of(queue)).build();
        s3CanSend.getDocument().addStatements(
                PolicyStatement.Builder.create().sid("UploadsBucketEvents").effect(Effect.ALLOW)
                        .principals(List.of(new ServicePrincipal("s3.amazonaws.com")))
                        .actions(List.of("sqs:SendMessage"))
                        .resources(List.of(queue.getQueueArn()))
                        .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", uploadsArn),
                                "StringEquals", Map.of("aws:SourceAccount", getAccount())))
                        .build(),
                Secure.denyInsecureTransport("DenyInsecureTransport", List.of("sqs:*"), List.of(queue.getQueueArn())));

        this.uploads = Secure.dataBucket(this, "Uploads", uploadsName, key, logs, RemovalPolicy.RETAIN, lifecycle);
        // The notification is set on the bucket itself (no custom-resource Lambda); S3 checks it can
        // send to the queue when the bucket is created, so the queue policy must exist first.
        CfnBucket cfnUploads = (CfnBucket) uploads.getNode().getDefaultChild();
        cfnUploads.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                .queueConfigurations(List.of(CfnBucket.QueueConfigurationProperty.builder()
                        .event("s3:ObjectCreated:*")
                        .queue(queue.getQueueArn())
                        .build()))
                .build());
        cfnUploads.addDependency((software.amazon.awscdk.CfnResource) s3CanSend.getNode().getDefaultChild());

        Grants.readObjects(processor.role(), uploads, "", key);
        Grants.readWriteObjects(processor.role(), variants, VARIANTS_PREFIX, key);
        Nag.suppressMatching(processor.role(), "AwsSolutions-IAM5", "The processor reads any uploaded object and writes "
                + "under " + VARIANTS_PREFIX + " of the variants bucket; object keys are the uploads' names, known "
                + "only at run time.", List.of("/^Resource::<Uploads[0-9A-F]+\\.Arn>\\/\\*$/",
                "/^Resource::<Variants[0-9A-F]+\\.Arn>\\/variants\\/\\*$/"));
        processor.alias().addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(Duration.seconds(5))
                .reportBatchItemFailures(true)
                .maxConcurrency(10)
                .build()));

        Alarms.queueDepth(this, "DeadLettersAlarm", deadLetters, Names.of(env, "image-events-dlq-depth"),
                "an image event failed " + MAX_RECEIVES + " times and was dead-lettered", notifications);
        Alarms.queueAge(this, "EventsAgeAlarm", queue, Names.of(env, "image-events-age"), Duration.minutes(15),
                notifications);

        CfnOutput.Builder.create(this, "UploadsBucketName").value(uploads.getBucketName()).build();
        CfnOutput.Builder.create(this, "VariantsBucketName").value(variants.getBucketName()).build();
    }

    public Bucket uploads() {
        return uploads;
    }

    public Bucket variants() {
        return variants;
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public DayshiftFunction processor() {
        return processor;
    }
}
