package dev.dayshift.cdk;

import dev.dayshift.cdk.internal.Names;
import dev.dayshift.cdk.internal.Secure;
import dev.dayshift.core.config.Environment;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The Terraform state backend of one environment: a versioned, KMS-encrypted, private, TLS-only
 * bucket with access logging and a lifecycle for old versions, kept when the stack is deleted.
 * Locking is Terraform's native S3 lockfile ({@code use_lockfile = true}, Terraform 1.10+); the
 * DynamoDB lock table for older Terraform is only created when asked for.
 */
public final class StateBackendStack extends Stack {

    /** How long superseded state versions are kept (and how many at least), so a bad apply can be undone. */
    public static final int NONCURRENT_DAYS = 90;
    public static final int NONCURRENT_VERSIONS_KEPT = 10;

    private final Key key;
    private final Bucket bucket;
    private final Optional<TableV2> lockTable;

    public StateBackendStack(Construct scope, String id, StackProps props, Environment env, boolean lockTable) {
        super(scope, id, props);
        this.key = Secure.key(this, "StateKey", env, "tfstate");
        Bucket logs = Secure.accessLogBucket(this, "AccessLogs", Names.bucket(this, env, "tfstate-logs"));
        this.bucket = Secure.dataBucket(this, "StateBucket", Names.bucket(this, env, "tfstate"), key, logs,
                RemovalPolicy.RETAIN, List.of(LifecycleRule.builder()
                        .id("expire-old-state-versions")
                        .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
                        .noncurrentVersionsToRetain(NONCURRENT_VERSIONS_KEPT)
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .expiredObjectDeleteMarker(true)
                        .build()));
        this.lockTable = lockTable
                ? Optional.of(TableV2.Builder.create(this, "LockTable")
                        .tableName(Names.of(env, "tflock"))
                        .partitionKey(Attribute.builder().name("LockID").type(AttributeType.STRING).build())
                        .billing(Billing.onDemand())
                        .encryption(TableEncryptionV2.customerManagedKey(key))
                        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                                .pointInTimeRecoveryEnabled(true).build())
                        .deletionProtection(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build())
                : Optional.empty();

        CfnOutput.Builder.create(this, "StateBucketName").value(bucket.getBucketName())
                .description("Terraform backend \"s3\": bucket (with use_lockfile = true)").build();
        CfnOutput.Builder.create(this, "StateKeyArn").value(key.getKeyArn())
                .description("Terraform backend \"s3\": kms_key_id").build();
        this.lockTable.ifPresent(t -> CfnOutput.Builder.create(this, "LockTableName").value(t.getTableName())
                .description("Terraform < 1.10 backend \"s3\": dynamodb_table").build());
    }

    /** The state bucket. */
    public Bucket bucket() {
        return bucket;
    }

    /** The key the state (and the lock table) is encrypted with. */
    public Key key() {
        return key;
    }

    /** The DynamoDB lock table, when asked for. */
    public Optional<TableV2> lockTable() {
        return lockTable;
    }
}
