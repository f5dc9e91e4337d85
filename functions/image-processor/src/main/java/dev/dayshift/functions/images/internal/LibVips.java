package dev.dayshift.functions.images.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of libvips' C API the pipeline calls (libvips 8.18, https://www.libvips.org/API/current/).
 * Optional arguments are name/value pairs closed by a null, as in C. {@code size_t} is mapped to
 * {@code long}: only 64-bit Linux is supported. Use through {@link NativeLibvips}, never directly.
 */
public interface LibVips extends Library {

    /** {@code VipsSize}: only ever shrink. */
    int SIZE_DOWN = 2;
    /** {@code VipsInteresting}: crop around the centre. */
    int INTERESTING_CENTRE = 1;
    /** {@code VipsIntent}: perceptual rendering intent, as sharp uses. */
    int INTENT_PERCEPTUAL = 0;
    /** {@code VipsForeignKeep}: keep nothing. */
    int KEEP_NONE = 0;
    /** {@code VipsForeignKeep}: EXIF, XMP, IPTC, ICC and other metadata. */
    int KEEP_ALL = 1 | 2 | 4 | 8 | 16;
    /** {@code VipsBandFormat}: unsigned 8-bit samples. */
    int FORMAT_UCHAR = 0;
    /** A width or height larger than any image: "unbounded" for thumbnail. */
    int MAX_COORD = 10_000_000;

    int vips_init(String argv0);

    /** libc's setenv, which libvips is linked against; used for VIPS_WARNING before {@link #vips_init}. */
    int setenv(String name, String value, int overwrite);

    String vips_version_string();

    void vips_concurrency_set(int concurrency);

    void vips_cache_set_max(int max);

    void vips_cache_set_max_mem(long maxMem);

    void vips_cache_set_max_files(int maxFiles);

    void vips_block_untrusted_set(int state);

    void vips_operation_block_set(String name, int state);

    String vips_error_buffer();

    void vips_error_clear();

    int vips_thumbnail_buffer(Pointer buf, long len, PointerByReference out, int width, Object... options);

    int vips_thumbnail_image(Pointer in, PointerByReference out, int width, Object... options);

    Pointer vips_image_new_from_memory_copy(Pointer data, long size, int width, int height, int bands, int format);

    int vips_image_get_width(Pointer image);

    int vips_image_get_height(Pointer image);

    int vips_image_hasalpha(Pointer image);

    int vips_flatten(Pointer in, PointerByReference out, Object... options);

    Pointer vips_array_double_new(double[] array, int n);

    void vips_area_unref(Pointer area);

    int vips_jpegsave_buffer(Pointer in, PointerByReference buf, LongByReference len, Object... options);

    int vips_pngsave_buffer(Pointer in, PointerByReference buf, LongByReference len, Object... options);

    int vips_webpsave_buffer(Pointer in, PointerByReference buf, LongByReference len, Object... options);

    void g_object_unref(Pointer object);

    void g_free(Pointer memory);
}
