package dev.dayshift.functions.images.internal;

import dev.dayshift.functions.images.ImageHeader;
import dev.dayshift.functions.images.ImageRejectedException;
import dev.dayshift.functions.images.ImageRejectedException.Reason;
import dev.dayshift.functions.images.SourceFormat;
import java.nio.charset.StandardCharsets;

/**
 * Sniffs the real format of an image from its first bytes and reads its declared size, without
 * decoding a pixel. Every read is bounds-checked: a short or lying header is reported as truncated or
 * corrupt, never as an exception of another kind.
 */
public final class HeaderReader {

    /**
     * More scans than this make a progressive JPEG a decoding-time bomb (each scan re-walks every
     * coefficient); real encoders write about ten.
     */
    public static final int MAX_PROGRESSIVE_SCANS = 500;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private HeaderReader() {
    }

    /**
     * Reads the header.
     *
     * @throws ImageRejectedException EMPTY, UNSUPPORTED_FORMAT, TRUNCATED or CORRUPT
     */
    public static ImageHeader read(byte[] b) {
        if (b.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "the file is empty (0 bytes)");
        }
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return jpeg(b);
        }
        if (startsWith(b, 0, PNG_SIGNATURE)) {
            return png(b);
        }
        if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return webp(b);
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return gif(b);
        }
        if (ascii(b, 0, "BM") && b.length >= 14) {
            return bmp(b);
        }
        throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                "not a supported image format" + lookalike(b) + "; supported: JPEG, PNG, WebP, GIF, BMP");
    }

    // ------------------------------------------------------------------ JPEG

    private static ImageHeader jpeg(byte[] b) {
        int p = 2;
        boolean icc = false;
        while (true) {
            if (p >= b.length) {
                throw truncated("JPEG", "before its frame header");
            }
            if (u8(b, p) != 0xFF) {
                throw corrupt("JPEG: expected a marker at byte " + p);
            }
            while (p < b.length && u8(b, p) == 0xFF) {
                p++;
            }
            if (p >= b.length) {
                throw truncated("JPEG", "before its frame header");
            }
            int m = u8(b, p++);
            if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                continue;
            }
            if (m == 0xD9 || m == 0xDA) {
                throw corrupt("JPEG: no frame header before " + (m == 0xD9 ? "the end-of-image marker" : "the image data"));
            }
            need(b, p + 2, "JPEG", "in a marker segment");
            int len = u16be(b, p);
            if (len < 2) {
                throw corrupt("JPEG: marker segment with length " + len + " at byte " + p);
            }
            int body = p + 2;
            boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof) {
                need(b, body + 6, "JPEG", "in the frame header");
                int precision = u8(b, body);
                int h = u16be(b, body + 1);
                int w = u16be(b, body + 3);
                int comps = u8(b, body + 5);
                if (h == 0) {
                    throw corrupt("JPEG: the height is defined later by a DNL marker, which is not supported");
                }
                if (w == 0 || comps == 0 || comps > 4) {
                    throw corrupt("JPEG: invalid frame header (" + w + "x" + h + ", " + comps + " components)");
                }
                boolean progressive = m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
                if (progressive) {
                    int scans = countScans(b, body + len - 2);
                    if (scans > MAX_PROGRESSIVE_SCANS) {
                        throw corrupt("JPEG: " + scans + " progressive scans (at most " + MAX_PROGRESSIVE_SCANS
                                + " are accepted; encoders write about ten); such files take minutes to decode");
                    }
                }
                long full = (long) w * h * comps * 2;
                // Progressive images keep every DCT coefficient (2 bytes a sample, upper bound without
                // subsampling); baseline ones are decoded a strip at a time.
                long estimate = progressive ? full : (long) w * comps * 16 * 2;
                return new ImageHeader(SourceFormat.JPEG, w, h, comps == 4 ? 4 : comps, precision > 8 ? 16 : 8,
                        comps == 4, icc, progressive, estimate);
            }
            if (m == 0xE2 && len >= 14 && body + 12 <= b.length && ascii(b, body, "ICC_PROFILE")) {
                icc = true;
            }
            p = body + len - 2;
        }
    }

    /** Counts start-of-scan markers from {@code from} on (entropy-coded data stuffs 0xFF as FF 00). */
    private static int countScans(byte[] b, int from) {
        int scans = 0;
        for (int i = Math.max(0, from); i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xFF && b[i + 1] == (byte) 0xDA) {
                scans++;
                i++;
            }
        }
        return scans;
    }

    // ------------------------------------------------------------------ PNG

    private static ImageHeader png(byte[] b) {
        need(b, 33, "PNG", "in its header");
        if (u32be(b, 8) != 13 || !ascii(b, 12, "IHDR")) {
            throw corrupt("PNG: the first chunk is not a valid IHDR");
        }
        long w = u32be(b, 16);
        long h = u32be(b, 20);
        int depth = u8(b, 24);
        int colour = u8(b, 25);
        int interlace = u8(b, 28);
        if (w == 0 || h == 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw corrupt("PNG: invalid dimensions " + w + "x" + h);
        }
        int bands = switch (colour) {
            case 0 -> 1;
            case 2, 3 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw corrupt("PNG: invalid colour type " + colour);
        };
        if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16) {
            throw corrupt("PNG: invalid bit depth " + depth);
        }
        boolean icc = false;
        long at = 33;
        while (true) {
            if (at + 8 > b.length) {
                throw truncated("PNG", "before its image data");
            }
            int p = (int) at;
            long len = u32be(b, p);
            String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
            if (len > Integer.MAX_VALUE) {
                throw corrupt("PNG: chunk '" + type + "' at byte " + p + " declares " + len + " bytes");
            }
            if (type.equals("IDAT")) {
                break;
            }
            if (type.equals("IEND")) {
                throw corrupt("PNG: no image data before IEND");
            }
            if (type.equals("iCCP")) {
                icc = true;
            } else if (type.equals("tRNS") && bands == 3) {
                bands = 4;
            } else if (type.equals("tRNS") && bands == 1) {
                bands = 2;
            }
            at = at + 12 + len;
        }
        int bytesPerSample = depth == 16 ? 2 : 1;
        long row = w * bands * bytesPerSample;
        long estimate = interlace == 1 ? row * h : row * 16;
        return new ImageHeader(SourceFormat.PNG, (int) w, (int) h, bands, depth == 16 ? 16 : 8, false, icc,
                interlace == 1, estimate);
    }

    // ------------------------------------------------------------------ WebP

    private static ImageHeader webp(byte[] b) {
        need(b, 30, "WebP", "in its header");
        String chunk = new String(b, 12, 4, StandardCharsets.ISO_8859_1);
        int w;
        int h;
        int bands = 3;
        boolean icc = false;
        switch (chunk) {
            case "VP8 " -> {
                if (u8(b, 23) != 0x9d || u8(b, 24) != 0x01 || u8(b, 25) != 0x2a) {
                    throw corrupt("WebP: invalid VP8 start code");
                }
                w = u16le(b, 26) & 0x3fff;
                h = u16le(b, 28) & 0x3fff;
            }
            case "VP8L" -> {
                if (u8(b, 20) != 0x2f) {
                    throw corrupt("WebP: invalid VP8L signature");
                }
                long bits = u32le(b, 21);
                w = (int) (bits & 0x3fff) + 1;
                h = (int) ((bits >>> 14) & 0x3fff) + 1;
                bands = 4;
            }
            case "VP8X" -> {
                int flags = u8(b, 20);
                icc = (flags & 0x20) != 0;
                bands = (flags & 0x10) != 0 ? 4 : 3;
                w = u24le(b, 24) + 1;
                h = u24le(b, 27) + 1;
            }
            default -> throw corrupt("WebP: unknown first chunk '" + printable(chunk) + "'");
        }
        if (w == 0 || h == 0) {
            throw corrupt("WebP: invalid dimensions " + w + "x" + h);
        }
        return new ImageHeader(SourceFormat.WEBP, w, h, bands, 8, false, icc, false, (long) w * h * 4);
    }

    // ------------------------------------------------------------------ GIF

    private static ImageHeader gif(byte[] b) {
        need(b, 13, "GIF", "in its header");
        int w = u16le(b, 6);
        int h = u16le(b, 8);
        int packed = u8(b, 10);
        int p = 13;
        if ((packed & 0x80) != 0) {
            p += 3 * (1 << ((packed & 7) + 1));
        }
        // Frames may reach outside the logical screen; decoders grow the canvas, so the guard must too.
        boolean sawFrame = false;
        while (p < b.length) {
            int block = u8(b, p);
            if (block == 0x3B) {
                break;
            } else if (block == 0x21) {
                p += 2;
                p = skipSubBlocks(b, p);
            } else if (block == 0x2C) {
                need(b, p + 10, "GIF", "in an image descriptor");
                int left = u16le(b, p + 1);
                int top = u16le(b, p + 3);
                w = Math.max(w, left + u16le(b, p + 5));
                h = Math.max(h, top + u16le(b, p + 7));
                int fpacked = u8(b, p + 9);
                p += 10;
                if ((fpacked & 0x80) != 0) {
                    p += 3 * (1 << ((fpacked & 7) + 1));
                }
                p += 1; // LZW minimum code size
                p = skipSubBlocks(b, p);
                sawFrame = true;
            } else {
                break;
            }
        }
        if (!sawFrame) {
            throw truncated("GIF", "before its first frame");
        }
        if (w == 0 || h == 0) {
            throw corrupt("GIF: invalid dimensions " + w + "x" + h);
        }
        return new ImageHeader(SourceFormat.GIF, w, h, 4, 8, false, false, false, (long) w * h * 4 * 2);
    }

    private static int skipSubBlocks(byte[] b, int p) {
        while (p < b.length) {
            int n = u8(b, p);
            p += 1 + n;
            if (n == 0) {
                return p;
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ BMP

    private static ImageHeader bmp(byte[] b) {
        need(b, 18, "BMP", "in its header");
        long dib = u32le(b, 14);
        int w;
        int h;
        int bpp;
        if (dib == 12) {
            need(b, 26, "BMP", "in its header");
            w = u16le(b, 18);
            h = u16le(b, 20);
            bpp = u16le(b, 24);
        } else if (dib >= 40 && dib <= 124) {
            need(b, 34, "BMP", "in its header");
            w = (int) u32le(b, 18);
            h = Math.abs((int) u32le(b, 22));
            bpp = u16le(b, 28);
        } else {
            throw corrupt("BMP: unknown header size " + dib);
        }
        if (w <= 0 || h <= 0) {
            throw corrupt("BMP: invalid dimensions " + w + "x" + h);
        }
        if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
            throw corrupt("BMP: invalid bits per pixel " + bpp);
        }
        long offset = u32le(b, 10);
        long rowBytes = (((long) w * bpp + 31) / 32) * 4;
        boolean uncompressed = dib == 12 || u32le(b, 30) == 0;
        if (offset > b.length || uncompressed && offset + rowBytes * h > b.length) {
            throw truncated("BMP", "before the end of its pixel data");
        }
        int bands = bpp == 32 ? 4 : 3;
        return new ImageHeader(SourceFormat.BMP, w, h, bands, 8, false, false, false, (long) w * h * (4 + bands));
    }

    // ------------------------------------------------------------------ helpers

    private static String lookalike(byte[] b) {
        if (ascii(b, 0, "II*\0") || ascii(b, 0, "MM\0*")) {
            return " (looks like TIFF)";
        }
        if (b.length >= 12 && ascii(b, 4, "ftyp")) {
            String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
            return brand.startsWith("avi") ? " (looks like AVIF)" : brand.startsWith("he") || brand.startsWith("mif")
                    ? " (looks like HEIF)" : " (looks like an ISO media file)";
        }
        if (ascii(b, 0, "%PDF")) {
            return " (looks like PDF)";
        }
        if (ascii(b, 0, "8BPS")) {
            return " (looks like a Photoshop document)";
        }
        if ((b.length >= 2 && u8(b, 0) == 0xFF && u8(b, 1) == 0x0A) || (b.length >= 12 && ascii(b, 4, "JXL "))) {
            return " (looks like JPEG XL)";
        }
        String head = new String(b, 0, Math.min(b.length, 256), StandardCharsets.ISO_8859_1).stripLeading();
        if (head.startsWith("<?xml") || head.startsWith("<svg") || head.contains("<svg")) {
            return " (looks like SVG or XML)";
        }
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) {
            return " (a JPEG start marker without a segment after it)";
        }
        return "";
    }

    private static ImageRejectedException truncated(String format, String where) {
        return new ImageRejectedException(Reason.TRUNCATED, format + ": the file ends " + where);
    }

    private static ImageRejectedException corrupt(String message) {
        return new ImageRejectedException(Reason.CORRUPT, message);
    }

    private static void need(byte[] b, int end, String format, String where) {
        if (end > b.length || end < 0) {
            throw truncated(format, where);
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (b.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        return startsWith(b, at, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16be(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static int u16le(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8);
    }

    private static int u24le(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16);
    }

    private static long u32be(byte[] b, int i) {
        return ((long) u8(b, i) << 24) | (u8(b, i + 1) << 16) | (u8(b, i + 2) << 8) | u8(b, i + 3);
    }

    private static long u32le(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | ((long) u8(b, i + 3) << 24);
    }
}
