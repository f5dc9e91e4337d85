package dev.dayshift.functions.images;

import dev.dayshift.core.DayshiftException;

/**
 * Thrown when a valid-looking image could not be turned into a variant for a reason that is not the
 * input's fault (libvips ran out of memory, an encoder failed). Callers may retry.
 */
public final class ImageFailedException extends DayshiftException {

    public ImageFailedException(String message) {
        super(Kind.FAILED, message);
    }
}
