package dev.dayshift.core.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The image pipeline: guards checked before any pixel is decoded, and the variants to produce.
 *
 * @param maxFileBytes larger uploads are rejected unread (default 50 MiB)
 * @param maxPixels images whose header declares more pixels are rejected undecoded (default 100 MP)
 * @param variants the outputs, never empty
 */
public record ImagePipelineConfig(long maxFileBytes, long maxPixels, List<ImageVariant> variants) {

    /** 50 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 50L * 1024 * 1024;
    /** 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    public ImagePipelineConfig {
        variants = List.copyOf(variants);
        if (maxFileBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
        Objects.requireNonNull(variants, "variants");
    }

    /** The defaults: 320 px WebP q75, 1280 px JPEG q82, 2560 px JPEG q85, all fit inside. */
    public static ImagePipelineConfig defaults() {
        return new ImagePipelineConfig(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_PIXELS, List.of(
                new ImageVariant("thumb", OptionalInt.of(320), OptionalInt.of(320),
                        ImageVariant.Fit.INSIDE, ImageVariant.Format.WEBP, 75, false),
                new ImageVariant("medium", OptionalInt.of(1280), OptionalInt.of(1280),
                        ImageVariant.Fit.INSIDE, ImageVariant.Format.JPEG, 82, false),
                new ImageVariant("large", OptionalInt.of(2560), OptionalInt.of(2560),
                        ImageVariant.Fit.INSIDE, ImageVariant.Format.JPEG, 85, false)));
    }
}
