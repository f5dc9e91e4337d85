package dev.dayshift.functions.images.testutils;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Builds test images in memory: a recognisable "canonical" picture (red top-left quadrant, blue
 * bottom-right, green elsewhere) in every format and layout the pipeline must handle, plus hostile
 * headers. Nothing here touches the disk or the network.
 */
public final class TestImages {

    public static final int RED = 0xFF0000;
    public static final int GREEN = 0x00FF00;
    public static final int BLUE = 0x0000FF;

    private TestImages() {
    }

    /** w x h: red top-left quadrant, blue bottom-right quadrant, green elsewhere. */
    public static BufferedImage canonical(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = x < w / 2 && y < h / 2 ? RED : x >= w / 2 && y >= h / 2 ? BLUE : GREEN;
                img.setRGB(x, y, c);
            }
        }
        return img;
    }

    /** A noisy, photo-like picture (so encoders have real work). */
    public static BufferedImage photo(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int n = r.nextInt(32) - 16;
                int red = clamp(60 + 150 * x / w + n);
                int green = clamp(40 + 170 * y / h + n);
                int blue = clamp(128 + (int) (80 * Math.sin((x + y) / 17.0)) + n);
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    /**
     * The stored picture that, shown with EXIF orientation {@code o}, looks like {@code display}.
     */
    public static BufferedImage storedFor(BufferedImage display, int o) {
        int inverse = o == 6 ? 8 : o == 8 ? 6 : o;
        return orient(display, inverse);
    }

    /** Applies EXIF orientation {@code o} (1-8) to a stored picture, giving what a viewer shows. */
    public static BufferedImage orient(BufferedImage s, int o) {
        int sw = s.getWidth();
        int sh = s.getHeight();
        boolean swap = o >= 5;
        int dw = swap ? sh : sw;
        int dh = swap ? sw : sh;
        BufferedImage d = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                int rgb = switch (o) {
                    case 1 -> s.getRGB(x, y);
                    case 2 -> s.getRGB(sw - 1 - x, y);
                    case 3 -> s.getRGB(sw - 1 - x, sh - 1 - y);
                    case 4 -> s.getRGB(x, sh - 1 - y);
                    case 5 -> s.getRGB(y, x);
                    case 6 -> s.getRGB(y, sh - 1 - x);
                    case 7 -> s.getRGB(sw - 1 - y, sh - 1 - x);
                    case 8 -> s.getRGB(sw - 1 - y, x);
                    default -> throw new IllegalArgumentException("orientation " + o);
                };
                d.setRGB(x, y, rgb);
            }
        }
        return d;
    }

    public static byte[] jpeg(BufferedImage img, int quality, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] jpeg(BufferedImage img) {
        return jpeg(img, 92, false);
    }

    /** Inserts an EXIF APP1 segment with the given orientation right after the JPEG's SOI marker. */
    public static byte[] withOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);                                  // one IFD entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        tiff.putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);                                            // no next IFD
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array());
        int len = exif.length + 2;
        byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (len >> 8), (byte) len}, exif);
        return concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, concat(segment, java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length)));
    }

    /** ImageIO's encoder for PNG (8-bit), GIF, BMP. */
    public static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + img.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The canonical picture as a 4-colour palette image (PNG and GIF use it). */
    public static BufferedImage palette(int w, int h) {
        byte[] r = {(byte) 255, 0, 0, (byte) 255};
        byte[] g = {0, (byte) 255, 0, (byte) 255};
        byte[] b = {0, 0, (byte) 255, (byte) 255};
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
        BufferedImage c = canonical(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, c.getRGB(x, y));
            }
        }
        return img;
    }

    /**
     * A PNG written by hand: colour type 2 (RGB) or 6 (RGBA), 8 or 16 bits a sample, from the
     * canonical picture (alpha: the left half transparent).
     */
    public static byte[] png(int w, int h, int colourType, int bitDepth) {
        BufferedImage c = canonical(w, h);
        int channels = colourType == 6 ? 4 : 3;
        int bytesPerSample = bitDepth / 8;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < h; y++) {
            raw.write(0);
            for (int x = 0; x < w; x++) {
                int rgb = c.getRGB(x, y);
                int[] s = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, x < w / 2 ? 0 : 255};
                for (int i = 0; i < channels; i++) {
                    raw.write(s[i]);
                    if (bytesPerSample == 2) {
                        raw.write(s[i]);
                    }
                }
            }
        }
        return pngFile(w, h, bitDepth, colourType, 0, deflate(raw.toByteArray()));
    }

    /** A PNG whose IHDR declares w x h but whose data is only a few bytes (a "bomb" header). */
    public static byte[] pngHeaderOnly(long w, long h) {
        return pngFile(w, h, 8, 2, 0, deflate(new byte[64]));
    }

    public static byte[] pngFile(long w, long h, int depth, int colourType, int interlace, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt((int) w).putInt((int) h).put((byte) depth).put((byte) colourType).put((byte) 0).put((byte) 0)
                .put((byte) interlace);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A JPEG whose frame header declares w x h (a baseline SOF0) and nothing decodable after it. */
    public static byte[] jpegHeaderOnly(int w, int h) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8,
            (byte) (h >> 8), (byte) h, (byte) (w >> 8), (byte) w, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
            (byte) 0xFF, (byte) 0xD9};
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(9);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** Reads an encoded JPEG, PNG, GIF or BMP with ImageIO. */
    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            if (img == null) {
                throw new IllegalStateException("ImageIO cannot read these bytes");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The average colour of a w x h box centred on (cx, cy), as 0xRRGGBB. */
    public static int averageAround(BufferedImage img, int cx, int cy, int size) {
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = Math.max(0, cy - size / 2); y < Math.min(img.getHeight(), cy + size / 2 + 1); y++) {
            for (int x = Math.max(0, cx - size / 2); x < Math.min(img.getWidth(), cx + size / 2 + 1); x++) {
                int rgb = img.getRGB(x, y);
                r += (rgb >> 16) & 0xFF;
                g += (rgb >> 8) & 0xFF;
                b += rgb & 0xFF;
                n++;
            }
        }
        return (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (b / n);
    }

    /** The colour among red, green, blue, white and black nearest to {@code rgb}. */
    public static String nearestName(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        String[] names = {"red", "green", "blue", "white", "black"};
        int[][] refs = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}, {0, 0, 0}};
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < refs.length; i++) {
            long d = (long) (r - refs[i][0]) * (r - refs[i][0]) + (long) (g - refs[i][1]) * (g - refs[i][1])
                    + (long) (b - refs[i][2]) * (b - refs[i][2]);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return names[best];
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static byte[] resource(String name) {
        try (var in = TestImages.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource images/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
