package dev.dayshift.functions.images.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.dayshift.functions.images.ImageRejectedException;
import dev.dayshift.functions.images.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * BMP has no libvips loader in the bundled build, so the JDK's (pure Java) reader decodes it and the
 * pixels are handed to libvips. Called only after the header guard has bounded the pixel count.
 */
public final class BmpDecoder {

    private BmpDecoder() {
    }

    /** Returns a new libvips image (the caller unrefs it). */
    public static Pointer decode(byte[] bytes, LibVips vips) {
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(Reason.CORRUPT, "BMP image data cannot be decoded: " + e.getMessage());
        }
        if (img == null) {
            throw new ImageRejectedException(Reason.CORRUPT, "BMP image data cannot be decoded: no reader accepted it");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        boolean alpha = img.getColorModel().hasAlpha();
        int bands = alpha ? 4 : 3;
        byte[] pixels = new byte[w * h * bands];
        int[] row = new int[w];
        int i = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                pixels[i++] = (byte) (argb >> 16);
                pixels[i++] = (byte) (argb >> 8);
                pixels[i++] = (byte) argb;
                if (alpha) {
                    pixels[i++] = (byte) (argb >>> 24);
                }
            }
        }
        try (Memory m = new Memory(pixels.length)) {
            m.write(0, pixels, 0, pixels.length);
            Pointer image = vips.vips_image_new_from_memory_copy(m, pixels.length, w, h, bands, LibVips.FORMAT_UCHAR);
            if (image == null) {
                throw new ImageRejectedException(Reason.CORRUPT, "BMP pixels were refused by libvips: " + vips.vips_error_buffer());
            }
            return image;
        }
    }
}
