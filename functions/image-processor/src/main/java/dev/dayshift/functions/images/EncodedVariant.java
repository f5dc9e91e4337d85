package dev.dayshift.functions.images;

import dev.dayshift.core.config.ImageVariant;
import java.util.Objects;

/**
 * One variant, encoded.
 *
 * @param variant what was asked for
 * @param bytes the encoded file, never empty
 * @param width output width in pixels, after orientation
 * @param height output height in pixels, after orientation
 */
public record EncodedVariant(ImageVariant variant, byte[] bytes, int width, int height) {

    public EncodedVariant {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** The MIME type to store with it. */
    public String contentType() {
        return variant.format().contentType();
    }

    /** The file extension, without the dot. */
    public String extension() {
        return variant.format().extension();
    }
}
