package dev.dayshift.aws.snapstart;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The credentials provider every Dayshift SDK client signs with: a delegate (on Lambda the SDK's
 * default chain) that {@link #refresh()} replaces by a new one after a SnapStart restore, so no
 * credentials resolved or cached before the snapshot outlive it. While {@link SnapStart#priming()
 * priming} it answers with throw-away credentials and never asks the delegate, so priming neither
 * calls Lambda's credentials endpoint nor caches anything.
 */
public final class RestorableCredentials implements AwsCredentialsProvider {

    /** What priming signs with: requests signed with it never leave the process. */
    static final AwsCredentials PRIMING = AwsBasicCredentials.create("AKIAPRIMINGPRIMING00", "priming-not-a-secret");

    private final Supplier<? extends AwsCredentialsProvider> factory;
    private volatile AwsCredentialsProvider delegate;

    public RestorableCredentials(Supplier<? extends AwsCredentialsProvider> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public AwsCredentials resolveCredentials() {
        if (SnapStart.priming()) {
            return PRIMING;
        }
        AwsCredentialsProvider d = delegate;
        if (d == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = factory.get();
                }
                d = delegate;
            }
        }
        return d.resolveCredentials();
    }

    /** Drops the current delegate (and whatever it cached); the next request builds a new one. */
    public void refresh() {
        AwsCredentialsProvider old;
        synchronized (this) {
            old = delegate;
            delegate = null;
        }
        if (old instanceof SdkAutoCloseable c) {
            c.close();
        }
    }
}
