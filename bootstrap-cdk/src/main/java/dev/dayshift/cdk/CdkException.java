package dev.dayshift.cdk;

import dev.dayshift.core.DayshiftException;

/**
 * Thrown when the CDK app cannot synthesize what it was asked to: a missing or invalid
 * configuration, a Lambda jar that was not built, an ASL definition or buildspec that is missing or
 * refers to something the app does not provide. The message names the file or setting and says
 * what to do about it.
 */
public final class CdkException extends DayshiftException {

    private static final long serialVersionUID = 1L;

    public CdkException(Kind kind, String message) {
        super(kind, message);
    }

    public CdkException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
