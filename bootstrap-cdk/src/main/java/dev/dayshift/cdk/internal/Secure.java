package dev.dayshift.cdk.internal;

import dev.dayshift.core.config.Environment;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Builds the resources every stack needs with the same safe settings: customer-managed keys with
 * rotation, private TLS-only buckets, encrypted TLS-only queues, encrypted log groups with retention.
 */
public final class Secure {

    /** How long dead-letter queues keep messages: SQS's maximum, so nobody loses a failure over a long weekend. */
    public static final Duration DLQ_RETENTION = Duration.days(14);

    private Secure() {
    }

    /**
     * A customer-managed key with yearly rotation whose key policy also lets CloudWatch Logs of this
     * account and region use it for log groups (the only service principal every stack needs).
     */
    public static Key key(Construct scope, String id, Environment env, String purpose) {
        Key key = Key.Builder.create(scope, id)
                .alias("alias/" + Names.of(env, purpose))
                .description("Dayshift " + env.name() + ": " + purpose)
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Stack stack = Stack.of(scope);
        // In a key policy "*" as the resource means this key.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsOfThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(java.util.Map.of("ArnLike", java.util.Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount()
                                + ":log-group:*")))
                .build());
        return key;
    }

    /** Lets {@code service} (e.g. {@code sns.amazonaws.com}) use {@code key} on behalf of this account only. */
    public static void allowService(Key key, String sid, String service, String sourceArnPattern) {
        Stack stack = Stack.of(key);
        java.util.Map<String, Object> conditions = new java.util.LinkedHashMap<>();
        conditions.put("StringEquals", java.util.Map.of("aws:SourceAccount", stack.getAccount()));
        if (sourceArnPattern != null) {
            conditions.put("ArnLike", java.util.Map.of("aws:SourceArn", sourceArnPattern));
        }
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .principals(List.of(new ServicePrincipal(service)))
                .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                .resources(List.of("*")) // in a key policy, "*" is this key
                .conditions(conditions)
                .build());
    }

    /** A bucket that receives S3 server access logs: S3-managed encryption (the only kind log delivery supports), private, TLS-only. */
    public static Bucket accessLogBucket(Construct scope, String id, String name) {
        Bucket bucket = Bucket.Builder.create(scope, id)
                .bucketName(name)
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .versioned(true)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(365))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(bucket, "AwsSolutions-S1",
                "This is the access-log bucket itself; logging its own accesses into itself would loop.");
        return bucket;
    }

    /** A private, KMS-encrypted, TLS-only, versioned bucket that logs its accesses. */
    public static Bucket dataBucket(Construct scope, String id, String name, Key key, Bucket accessLogs,
            RemovalPolicy removal, List<LifecycleRule> lifecycle) {
        return Bucket.Builder.create(scope, id)
                .bucketName(name)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(name + "/")
                .lifecycleRules(lifecycle)
                .removalPolicy(removal)
                .build();
    }

    /** An encrypted, TLS-only queue that serves as a dead-letter queue (or on-failure destination). */
    public static Queue deadLetterQueue(Construct scope, String id, String name, Key key, String whatFor) {
        Queue queue = Queue.Builder.create(scope, id)
                .queueName(name)
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .retentionPeriod(DLQ_RETENTION)
                .build();
        Nag.suppress(queue, "AwsSolutions-SQS3", "This queue is itself a dead-letter queue: " + whatFor + ".");
        return queue;
    }

    /** An encrypted, TLS-only work queue whose failed messages go to {@code dlq} after {@code maxReceiveCount} tries. */
    public static Queue workQueue(Construct scope, String id, String name, Key key, Queue dlq, int maxReceiveCount,
            Duration visibilityTimeout) {
        return Queue.Builder.create(scope, id)
                .queueName(name)
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(key)
                .enforceSsl(true)
                .visibilityTimeout(visibilityTimeout)
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(maxReceiveCount).build())
                .build();
    }

    /** A KMS-encrypted log group with retention; deleted with its stack (logs are not state). */
    public static LogGroup logGroup(Construct scope, String id, String name, Key key, RetentionDays retention) {
        return LogGroup.Builder.create(scope, id)
                .logGroupName(name)
                .encryptionKey(key)
                .retention(retention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    /** Log retention: three months for protected environments, one month for the others. */
    public static RetentionDays retention(Environment env) {
        return env.isProtected() ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH;
    }

    /** A statement denying every request to a resource policy's resource that does not use TLS. */
    public static PolicyStatement denyInsecureTransport(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(actions)
                .resources(resources)
                .conditions(java.util.Map.of("Bool", java.util.Map.of("aws:SecureTransport", "false")))
                .build();
    }
}
