package dev.dayshift.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One output of the image pipeline. Images are never upscaled.
 *
 * @param name unique, used in the output key {@code variants/<name>/<original key>.<ext>}
 * @param width maximum width in pixels, if bounded
 * @param height maximum height in pixels, if bounded (at least one of width and height is set)
 * @param fit INSIDE keeps the whole image within the bounds; COVER fills them and crops the centre
 * @param format output format
 * @param quality 1-100, for lossy formats
 * @param keepMetadata keep EXIF/GPS/XMP (default false: dropped after orientation is applied)
 */
public record ImageVariant(
        String name, OptionalInt width, OptionalInt height, Fit fit, Format format, int quality, boolean keepMetadata) {

    /** How an image is fitted to the bounds. */
    public enum Fit { INSIDE, COVER }

    /** Output formats. */
    public enum Format {
        JPEG("jpg", "image/jpeg"),
        PNG("png", "image/png"),
        WEBP("webp", "image/webp");

        private final String extension;
        private final String contentType;

        Format(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        /** File extension without the dot. */
        public String extension() {
            return extension;
        }

        /** The MIME type written as Content-Type. */
        public String contentType() {
            return contentType;
        }

        /** The configuration spelling. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ImageVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(height, "height");
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(format, "format");
        if (width.isEmpty() && height.isEmpty()) {
            throw new IllegalArgumentException("variant '" + name + "' needs a width or a height");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("variant '" + name + "' quality must be 1-100, was " + quality);
        }
    }
}
