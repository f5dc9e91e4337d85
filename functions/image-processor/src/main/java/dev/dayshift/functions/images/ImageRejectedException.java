package dev.dayshift.functions.images;

import dev.dayshift.core.DayshiftException;
import java.util.Objects;

/**
 * Thrown when an input image is refused: too large, too many pixels, not a supported format, or
 * truncated or corrupt. It is the input's fault ({@link Kind#BAD_INPUT}); retrying the same bytes
 * gives the same answer, so callers record the {@link #reason()} and move on.
 */
public final class ImageRejectedException extends DayshiftException {

    /** Why an image was refused; the id is what the CLI prints and the DLQ message carries. */
    public enum Reason {
        /** Zero bytes. */
        EMPTY("empty"),
        /** More bytes than {@code images.maxFileBytes}. */
        TOO_LARGE("too-large"),
        /** The header declares more pixels than {@code images.maxPixels}, or more than decoding may hold in memory. */
        TOO_MANY_PIXELS("too-many-pixels"),
        /** The bytes are not JPEG, PNG, WebP, GIF or BMP (whatever the name or content type says). */
        UNSUPPORTED_FORMAT("unsupported-format"),
        /** The file ends before its image data does. */
        TRUNCATED("truncated"),
        /** The header or the image data is invalid. */
        CORRUPT("corrupt");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        /** Stable, lower-case, hyphenated. */
        public String id() {
            return id;
        }
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(Kind.BAD_INPUT, message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Never null. */
    public Reason reason() {
        return reason;
    }
}
