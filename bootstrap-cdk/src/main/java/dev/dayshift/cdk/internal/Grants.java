package dev.dayshift.cdk.internal;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.lambda.DestinationOptions;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Least-privilege grants: the exact actions each use needs, without the action wildcards
 * ({@code kms:GenerateDataKey*}, {@code s3:GetObject*}, ...) of CDK's convenience grants.
 */
public final class Grants {

    private Grants() {
    }

    private static void allow(IRole role, String sid, List<String> actions, List<String> resources) {
        PolicyStatement.Builder b = PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions).resources(resources);
        if (sid != null) {
            b.sid(sid);
        }
        role.addToPrincipalPolicy(b.build());
    }

    /** Use of {@code key} for reading what it encrypts. */
    public static void decrypt(IRole role, IKey key) {
        allow(role, null, List.of("kms:Decrypt"), List.of(key.getKeyArn()));
    }

    /** Use of {@code key} for reading and writing what it encrypts. */
    public static void encryptDecrypt(IRole role, IKey key) {
        allow(role, null, List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"), List.of(key.getKeyArn()));
    }

    /** Item reads and writes on a table (no scans, no table changes). */
    public static void tableItems(IRole role, String tableArn, IKey key) {
        allow(role, null, List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                "dynamodb:Query", "dynamodb:ConditionCheckItem"), List.of(tableArn));
        encryptDecrypt(role, key);
    }

    /** Publishing to an encrypted topic. */
    public static void publish(IRole role, ITopic topic, IKey key) {
        allow(role, null, List.of("sns:Publish"), List.of(topic.getTopicArn()));
        allow(role, null, List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(key.getKeyArn()));
    }

    /** Sending to an encrypted queue. */
    public static void send(IRole role, IQueue queue, IKey key) {
        allow(role, null, List.of("sqs:SendMessage"), List.of(queue.getQueueArn()));
        allow(role, null, List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(key.getKeyArn()));
    }

    /** Reading objects (and their versions) under {@code prefix} (e.g. {@code dev/}), and listing that prefix. */
    public static void readObjects(IRole role, IBucket bucket, String prefix, IKey key) {
        allow(role, null, List.of("s3:GetObject", "s3:GetObjectVersion"), List.of(bucket.arnForObjects(prefix + "*")));
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket")).resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(prefix, prefix + "*"))))
                .build());
        decrypt(role, key);
    }

    /** Reading and writing objects under {@code prefix}. */
    public static void readWriteObjects(IRole role, IBucket bucket, String prefix, IKey key) {
        readObjects(role, bucket, prefix, key);
        allow(role, null, List.of("s3:PutObject", "s3:DeleteObject"), List.of(bucket.arnForObjects(prefix + "*")));
        encryptDecrypt(role, key);
    }

    /**
     * Terraform's S3 backend on one state object with the native lockfile: read and write the state,
     * create and delete {@code <key>.tflock}, and list the key (and the {@code env:/} workspace prefix
     * Terraform lists on init).
     */
    public static void terraformState(IRole role, IBucket bucket, String key, IKey kmsKey) {
        allow(role, null, List.of("s3:GetObject", "s3:PutObject"), List.of(bucket.arnForObjects(key)));
        allow(role, null, List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                List.of(bucket.arnForObjects(key + ".tflock")));
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket")).resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(key, key + ".tflock", "env:/", "env:/*"))))
                .build());
        encryptDecrypt(role, kmsKey);
    }

    /**
     * An on-failure destination that only names the queue; the function's role gets its send
     * permission from {@link #send}, not from CDK's wider grant.
     */
    public static final class QueueDestination implements IDestination {
        private final IQueue queue;

        public QueueDestination(IQueue queue) {
            this.queue = queue;
        }

        @Override
        public DestinationConfig bind(Construct scope, IFunction fn, DestinationOptions options) {
            return DestinationConfig.builder().destination(queue.getQueueArn()).build();
        }

        @Override
        public DestinationConfig bind(Construct scope, IFunction fn) {
            return bind(scope, fn, null);
        }
    }
}
