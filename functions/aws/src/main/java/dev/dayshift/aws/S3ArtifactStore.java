package dev.dayshift.aws;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.ArtifactStore;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ArtifactStore} on the S3 bucket CodeBuild uploads job artifacts to. */
public final class S3ArtifactStore implements ArtifactStore {

    private final S3Client s3;
    private final String bucket;

    public S3ArtifactStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot read " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    /** HeadObject: needs s3:GetObject, which reading needs too. */
    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false; // HeadObject has no body, so a missing key comes back as a bare 404
            }
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot look up " + describe(key) + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot look up " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
