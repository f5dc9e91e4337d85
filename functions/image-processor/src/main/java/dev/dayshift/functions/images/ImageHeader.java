package dev.dayshift.functions.images;

import java.util.Objects;

/**
 * What the header of an image says, read without decoding any pixel.
 *
 * @param format the sniffed format
 * @param width declared width in pixels, positive
 * @param height declared height in pixels, positive
 * @param bands colour components (1 grey, 2 grey+alpha, 3 colour, 4 colour+alpha or CMYK)
 * @param bitsPerSample 8 or 16 (1-8 for palette and low-depth images: reported as 8)
 * @param cmyk the image stores CMYK (or YCCK) samples
 * @param hasIccProfile an embedded colour profile was seen before the image data
 * @param interlaced progressive JPEG or interlaced PNG, which decoders must hold whole in memory
 * @param decodeBytesEstimate an upper bound of what decoding at full size may hold in memory
 */
public record ImageHeader(
        SourceFormat format, int width, int height, int bands, int bitsPerSample, boolean cmyk,
        boolean hasIccProfile, boolean interlaced, long decodeBytesEstimate) {

    public ImageHeader {
        Objects.requireNonNull(format, "format");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
        }
    }

    /** Width times height. */
    public long pixels() {
        return (long) width * height;
    }
}
