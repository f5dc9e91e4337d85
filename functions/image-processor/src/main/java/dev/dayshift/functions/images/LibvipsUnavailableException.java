package dev.dayshift.functions.images;

import dev.dayshift.core.DayshiftException;

/**
 * Thrown when the native image library (libvips) cannot be loaded on this machine: no build for this
 * operating system or architecture was bundled, or {@code DAYSHIFT_LIBVIPS} names a file that does not
 * load. The machine lacks something ({@link Kind#MISSING_TOOL}); no input is at fault.
 */
public final class LibvipsUnavailableException extends DayshiftException {

    public LibvipsUnavailableException(String message) {
        super(Kind.MISSING_TOOL, message);
    }

    public LibvipsUnavailableException(String message, Throwable cause) {
        super(Kind.MISSING_TOOL, message, cause);
    }
}
