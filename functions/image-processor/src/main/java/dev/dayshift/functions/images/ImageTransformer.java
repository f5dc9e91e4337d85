package dev.dayshift.functions.images;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.core.config.ImageVariant;
import dev.dayshift.functions.images.ImageRejectedException.Reason;
import dev.dayshift.functions.images.internal.BmpDecoder;
import dev.dayshift.functions.images.internal.HeaderReader;
import dev.dayshift.functions.images.internal.LibVips;
import dev.dayshift.functions.images.internal.NativeLibvips;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one image into the configured variants: guards first (size, sniffed format, declared pixel
 * count, decoding memory), then libvips with shrink-on-load, EXIF orientation applied, colour converted
 * to sRGB when a profile or CMYK says so, metadata dropped unless asked for, never upscaled.
 *
 * <p>Free of AWS types: the CLI and the Lambda handler both use it. Build one per process with
 * {@link #create(int)} and reuse it; it holds no per-image state but libvips' error buffer is global, so
 * call it from one thread at a time (libvips itself uses {@code threads} worker threads per image).
 */
public final class ImageTransformer {

    /**
     * Decoding may hold at most this much in memory (progressive JPEG coefficients, interlaced PNG rows,
     * WebP and GIF canvases): with the JVM's own needs it keeps a 1,024 MB Lambda safe.
     */
    public static final long MAX_DECODE_BYTES = 512L * 1024 * 1024;

    private static final double[] WHITE = {255.0};

    private final LibVips vips;

    private ImageTransformer(LibVips vips) {
        this.vips = vips;
    }

    /**
     * Loads libvips (once per JVM) and returns a transformer.
     *
     * @param threads worker threads libvips uses per image; 0 keeps libvips' default (one per core)
     * @throws LibvipsUnavailableException when libvips cannot be loaded here
     */
    public static ImageTransformer create(int threads) {
        LibVips v = NativeLibvips.get();
        if (threads > 0) {
            v.vips_concurrency_set(threads);
        }
        return new ImageTransformer(v);
    }

    /** The libvips version in use, e.g. {@code 8.18.7}. */
    public String libvipsVersion() {
        return vips.vips_version_string();
    }

    /**
     * Checks the guards that need no decoding: file size, real format, declared pixels, decoding memory.
     *
     * @return the header, never null
     * @throws ImageRejectedException with the reason when a guard refuses the image
     */
    public static ImageHeader inspect(byte[] bytes, ImagePipelineConfig limits) {
        checkSize(bytes.length, limits);
        ImageHeader header = HeaderReader.read(bytes);
        if (header.pixels() > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "%s declares %dx%d = %,d pixels; the limit is %,d (images.maxPixels)",
                    header.format(), header.width(), header.height(), header.pixels(), limits.maxPixels()));
        }
        if (header.decodeBytesEstimate() > MAX_DECODE_BYTES) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "decoding this %dx%d %s%s would hold about %,d MB in memory; the limit is %,d MB",
                    header.width(), header.height(), header.interlaced() ? "interlaced " : "", header.format(),
                    header.decodeBytesEstimate() >> 20, MAX_DECODE_BYTES >> 20));
        }
        return header;
    }

    /**
     * Checks a size before the bytes are even read (S3 reports it up front).
     *
     * @throws ImageRejectedException EMPTY or TOO_LARGE
     */
    public static void checkSize(long size, ImagePipelineConfig limits) {
        if (size == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "the file is empty (0 bytes)");
        }
        if (size > limits.maxFileBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE, String.format(Locale.ROOT,
                    "the file has %,d bytes; the limit is %,d (images.maxFileBytes)", size, limits.maxFileBytes()));
        }
    }

    /**
     * Produces every variant of {@code config}, in its order.
     *
     * @throws ImageRejectedException when a guard refuses the image or libvips cannot decode it
     * @throws ImageFailedException when encoding fails for a reason that is not the input's
     */
    public List<EncodedVariant> transform(byte[] bytes, ImagePipelineConfig config) {
        return transform(bytes, config, config.variants());
    }

    /** Produces the given variants (a subset of the configuration's, e.g. those not yet written). */
    public List<EncodedVariant> transform(byte[] bytes, ImagePipelineConfig config, List<ImageVariant> variants) {
        ImageHeader header = inspect(bytes, config);
        List<EncodedVariant> out = new ArrayList<>(variants.size());
        if (variants.isEmpty()) {
            return out;
        }
        if (header.format() == SourceFormat.BMP) {
            Pointer image = BmpDecoder.decode(bytes, vips);
            try {
                for (ImageVariant v : variants) {
                    out.add(variant(null, 0, image, header, v));
                }
            } finally {
                vips.g_object_unref(image);
            }
            return out;
        }
        try (Memory input = new Memory(bytes.length)) {
            input.write(0, bytes, 0, bytes.length);
            for (ImageVariant v : variants) {
                out.add(variant(input, bytes.length, null, header, v));
            }
        }
        return out;
    }

    private EncodedVariant variant(Pointer buffer, long length, Pointer image, ImageHeader header, ImageVariant v) {
        int width = v.width().orElse(LibVips.MAX_COORD);
        int height = v.height().orElse(LibVips.MAX_COORD);
        List<Object> opts = new ArrayList<>(16);
        opts.add("height");
        opts.add(height);
        opts.add("size");
        opts.add(LibVips.SIZE_DOWN);
        if (v.fit() == ImageVariant.Fit.COVER) {
            opts.add("crop");
            opts.add(LibVips.INTERESTING_CENTRE);
        }
        if (header.hasIccProfile() || header.cmyk()) {
            // Profiles other than sRGB (Adobe RGB, Display P3, CMYK) become sRGB; images without one
            // are taken as sRGB already and skip the (costly) transform, as sharp does.
            opts.add("export_profile");
            opts.add("srgb");
            opts.add("intent");
            opts.add(LibVips.INTENT_PERCEPTUAL);
            if (header.cmyk() && !header.hasIccProfile()) {
                opts.add("import_profile");
                opts.add("cmyk");
            }
        }
        if (buffer != null) {
            // Loader options: refuse truncated or damaged data instead of returning grey bands.
            opts.add("option_string");
            opts.add("fail_on=warning");
        }
        opts.add(null);
        PointerByReference thumb = new PointerByReference();
        int rc = buffer != null
                ? vips.vips_thumbnail_buffer(buffer, length, thumb, width, opts.toArray())
                : vips.vips_thumbnail_image(image, thumb, width, opts.toArray());
        if (rc != 0) {
            throw decodeFailure(header);
        }
        Pointer current = thumb.getValue();
        try {
            if (v.format() == ImageVariant.Format.JPEG && vips.vips_image_hasalpha(current) != 0) {
                current = flattenOnWhite(current, header);
            }
            int outWidth = vips.vips_image_get_width(current);
            int outHeight = vips.vips_image_get_height(current);
            byte[] encoded = save(current, v, header);
            return new EncodedVariant(v, encoded, outWidth, outHeight);
        } finally {
            vips.g_object_unref(current);
        }
    }

    private Pointer flattenOnWhite(Pointer in, ImageHeader header) {
        Pointer background = vips.vips_array_double_new(WHITE, WHITE.length);
        PointerByReference flat = new PointerByReference();
        try {
            if (vips.vips_flatten(in, flat, "background", background, null) != 0) {
                throw decodeFailure(header);
            }
        } finally {
            vips.vips_area_unref(background);
            vips.g_object_unref(in);
        }
        return flat.getValue();
    }

    private byte[] save(Pointer image, ImageVariant v, ImageHeader header) {
        PointerByReference buf = new PointerByReference();
        LongByReference len = new LongByReference();
        int keep = v.keepMetadata() ? LibVips.KEEP_ALL : LibVips.KEEP_NONE;
        int rc = switch (v.format()) {
            case JPEG -> vips.vips_jpegsave_buffer(image, buf, len,
                    "Q", v.quality(), "optimize_coding", 1, "keep", keep, null);
            case WEBP -> vips.vips_webpsave_buffer(image, buf, len,
                    "Q", v.quality(), "keep", keep, null);
            case PNG -> vips.vips_pngsave_buffer(image, buf, len,
                    "compression", 6, "keep", keep, null);
        };
        // Decoding is lazy: errors in the image data surface while saving.
        if (rc != 0) {
            throw decodeFailure(header);
        }
        Pointer data = buf.getValue();
        try {
            long n = len.getValue();
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new ImageFailedException("libvips produced " + n + " bytes for variant '" + v.name() + "'");
            }
            return data.getByteArray(0, (int) n);
        } finally {
            vips.g_free(data);
        }
    }

    private RuntimeException decodeFailure(ImageHeader header) {
        String raw;
        synchronized (ImageTransformer.class) {
            raw = vips.vips_error_buffer();
            vips.vips_error_clear();
        }
        String message = clean(raw);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("out of memory") || lower.contains("unable to allocate")) {
            return new ImageFailedException("libvips ran out of memory: " + message);
        }
        if (lower.contains("premature end") || lower.contains("truncated") || lower.contains("unexpected end")
                || lower.contains("not enough data") || lower.contains("read error") || lower.contains("eof")) {
            return new ImageRejectedException(Reason.TRUNCATED, header.format() + " image data is truncated: " + message);
        }
        return new ImageRejectedException(Reason.CORRUPT, header.format() + " image data cannot be decoded: " + message);
    }

    private static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            return "libvips gave no detail";
        }
        String one = String.join("; ", raw.strip().lines().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList());
        one = one.replaceAll("[^\\x20-\\x7e]", "?");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
