package dev.dayshift.functions.images;

import static dev.dayshift.functions.images.testutils.TestImages.averageAround;
import static dev.dayshift.functions.images.testutils.TestImages.canonical;
import static dev.dayshift.functions.images.testutils.TestImages.decode;
import static dev.dayshift.functions.images.testutils.TestImages.nearestName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.core.config.ImageVariant;
import dev.dayshift.core.config.ImageVariant.Fit;
import dev.dayshift.core.config.ImageVariant.Format;
import dev.dayshift.functions.images.ImageRejectedException.Reason;
import dev.dayshift.functions.images.testutils.Libvips;
import dev.dayshift.functions.images.testutils.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTransformerTest {

    static ImageVariant variant(String name, Integer w, Integer h, Fit fit, Format format) {
        return new ImageVariant(name, w == null ? OptionalInt.empty() : OptionalInt.of(w),
                h == null ? OptionalInt.empty() : OptionalInt.of(h), fit, format, 85, false);
    }

    static ImagePipelineConfig config(ImageVariant... variants) {
        return new ImagePipelineConfig(ImagePipelineConfig.DEFAULT_MAX_FILE_BYTES, ImagePipelineConfig.DEFAULT_MAX_PIXELS,
                List.of(variants));
    }

    static EncodedVariant one(byte[] input, ImageVariant v) {
        List<EncodedVariant> out = Libvips.transformer().transform(input, config(v));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    static final ImageVariant PNG_200 = variant("p", 200, 200, Fit.INSIDE, Format.PNG);

    /** Checks the output shows the canonical picture: red top-left, blue bottom-right, green elsewhere. */
    static void assertCanonical(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int box = Math.max(1, Math.min(w, h) / 8);
        assertThat(nearestName(averageAround(img, w / 4, h / 4, box))).as("top-left").isEqualTo("red");
        assertThat(nearestName(averageAround(img, 3 * w / 4, 3 * h / 4, box))).as("bottom-right").isEqualTo("blue");
        assertThat(nearestName(averageAround(img, 3 * w / 4, h / 4, box))).as("top-right").isEqualTo("green");
        assertThat(nearestName(averageAround(img, w / 4, 3 * h / 4, box))).as("bottom-left").isEqualTo("green");
    }

    @Nested
    class Variants {

        @Test
        void theDefaultVariantsAreWebpAndJpegWithinTheirBounds() {
            byte[] input = TestImages.jpeg(TestImages.photo(3000, 2000, 1));
            List<EncodedVariant> out = Libvips.transformer().transform(input, ImagePipelineConfig.defaults());
            assertThat(out).extracting(v -> v.variant().name()).containsExactly("thumb", "medium", "large");
            assertThat(out.get(0).bytes()).startsWith("RIFF".getBytes(StandardCharsets.US_ASCII));
            assertThat(out.get(0).contentType()).isEqualTo("image/webp");
            assertThat(out.get(0).width()).isEqualTo(320);
            assertThat(out.get(0).height()).isEqualTo(213);
            assertThat(out.get(1).bytes()).startsWith(0xFF, 0xD8, 0xFF);
            assertThat(out.get(1).width()).isEqualTo(1280);
            assertThat(out.get(2).width()).isEqualTo(2560);
            assertThat(out.get(2).height()).isEqualTo(1707);
        }

        @Test
        void smallImagesAreNeverUpscaled() {
            byte[] input = TestImages.jpeg(canonical(120, 80));
            EncodedVariant out = one(input, variant("big", 2000, 2000, Fit.INSIDE, Format.JPEG));
            assertThat(out.width()).isEqualTo(120);
            assertThat(out.height()).isEqualTo(80);
        }

        @Test
        void aWidthAloneBoundsOnlyTheWidth() {
            EncodedVariant out = one(TestImages.jpeg(canonical(400, 1000)), variant("w", 100, null, Fit.INSIDE, Format.PNG));
            assertThat(out.width()).isEqualTo(100);
            assertThat(out.height()).isEqualTo(250);
        }

        @Test
        void aHeightAloneBoundsOnlyTheHeight() {
            EncodedVariant out = one(TestImages.jpeg(canonical(1000, 400)), variant("h", null, 100, Fit.INSIDE, Format.PNG));
            assertThat(out.width()).isEqualTo(250);
            assertThat(out.height()).isEqualTo(100);
        }

        @Test
        void coverFillsTheBoxAndCropsTheCentre() {
            EncodedVariant out = one(TestImages.jpeg(canonical(800, 400)), variant("sq", 100, 100, Fit.COVER, Format.PNG));
            assertThat(out.width()).isEqualTo(100);
            assertThat(out.height()).isEqualTo(100);
            BufferedImage img = decode(out.bytes());
            // The centre crop of the canonical picture keeps red top-left and blue bottom-right.
            assertThat(nearestName(averageAround(img, 10, 10, 5))).isEqualTo("red");
            assertThat(nearestName(averageAround(img, 90, 90, 5))).isEqualTo("blue");
        }

        @Test
        void pngOutputKeepsAlpha() {
            EncodedVariant out = one(TestImages.png(64, 64, 6, 8), variant("a", 32, 32, Fit.INSIDE, Format.PNG));
            BufferedImage img = decode(out.bytes());
            assertThat(img.getColorModel().hasAlpha()).isTrue();
            assertThat(img.getRGB(2, 16) >>> 24).isZero();
            assertThat(img.getRGB(28, 16) >>> 24).isEqualTo(255);
        }

        @Test
        void jpegOutputOfATransparentImageIsFlattenedOnWhite() {
            EncodedVariant out = one(TestImages.png(64, 64, 6, 8), variant("j", 32, 32, Fit.INSIDE, Format.JPEG));
            BufferedImage img = decode(out.bytes());
            assertThat(nearestName(averageAround(img, 4, 8, 3))).isEqualTo("white");
            assertThat(nearestName(averageAround(img, 28, 28, 3))).isEqualTo("blue");
        }

        @Test
        void onlyTheRequestedVariantsAreProduced() {
            ImagePipelineConfig defaults = ImagePipelineConfig.defaults();
            List<EncodedVariant> out = Libvips.transformer().transform(TestImages.jpeg(canonical(600, 400)), defaults,
                    List.of(defaults.variants().get(1)));
            assertThat(out).extracting(v -> v.variant().name()).containsExactly("medium");
        }
    }

    @Nested
    class Orientation {

        @ParameterizedTest(name = "EXIF orientation {0}")
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
        void everyExifOrientationIsAppliedToTheOutput(int orientation) {
            BufferedImage display = canonical(160, 96);
            byte[] input = TestImages.withOrientation(TestImages.jpeg(TestImages.storedFor(display, orientation)), orientation);
            EncodedVariant out = one(input, variant("o", 80, 80, Fit.INSIDE, Format.JPEG));
            assertThat(out.width()).isEqualTo(80);
            assertThat(out.height()).isEqualTo(48);
            assertCanonical(decode(out.bytes()));
        }

        @Test
        void theOrientationTagIsNotKeptWhenMetadataIsKept() {
            byte[] input = TestImages.withOrientation(TestImages.jpeg(TestImages.storedFor(canonical(160, 96), 6)), 6);
            ImageVariant keep = new ImageVariant("k", OptionalInt.of(80), OptionalInt.of(80), Fit.INSIDE, Format.JPEG, 85, true);
            EncodedVariant out = one(input, keep);
            // Pixels are rotated; a viewer must not rotate them again.
            assertCanonical(decode(out.bytes()));
            assertThat(exifOrientation(out.bytes())).isIn(-1, 1);
        }

        private int exifOrientation(byte[] jpeg) {
            for (int i = 0; i + 12 < jpeg.length; i++) {
                if (jpeg[i] == 0x01 && jpeg[i + 1] == 0x12 && jpeg[i + 2] == 0 && jpeg[i + 3] == 3) {
                    return jpeg[i + 9];
                }
            }
            return -1;
        }
    }

    @Nested
    class Metadata {

        @Test
        void exifIsDroppedByDefault() {
            byte[] input = TestImages.withOrientation(TestImages.jpeg(canonical(100, 60)), 1);
            EncodedVariant out = one(input, variant("d", 50, 50, Fit.INSIDE, Format.JPEG));
            assertThat(indexOf(out.bytes(), "Exif\0\0".getBytes(StandardCharsets.US_ASCII))).isNegative();
        }

        @Test
        void exifIsKeptWhenAsked() {
            byte[] input = TestImages.withOrientation(TestImages.jpeg(canonical(100, 60)), 1);
            ImageVariant keep = new ImageVariant("k", OptionalInt.of(50), OptionalInt.of(50), Fit.INSIDE, Format.JPEG, 85, true);
            assertThat(indexOf(one(input, keep).bytes(), "Exif\0\0".getBytes(StandardCharsets.US_ASCII))).isPositive();
        }

        private int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    @Nested
    class Colour {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"cmyk.jpg", "adobe-rgb.jpg", "display-p3.jpg"})
        void imagesInOtherColourSpacesComeOutInSrgb(String fixture) {
            // Each fixture is sRGB red | sRGB blue stored in another space (see make-fixtures.js).
            EncodedVariant out = one(TestImages.resource(fixture), PNG_200);
            BufferedImage img = decode(out.bytes());
            int left = averageAround(img, 20, 32, 8);
            int right = averageAround(img, 76, 32, 8);
            // Read without their profiles these would be dull, shifted or (CMYK) inverted; CMYK cannot
            // reach sRGB's blue, so sharp gives (28, 60, 139) there too.
            assertThat(nearestName(left)).as("left half").isEqualTo("red");
            assertThat(nearestName(right)).as("right half").isEqualTo("blue");
            assertThat((left >> 16) & 0xFF).as("red of the left half").isGreaterThan(225);
            assertThat((left >> 8) & 0xFF).as("green of the left half").isLessThan(30);
        }

        @Test
        void anAdobeRgbProfileIsAppliedNotIgnored() {
            // Adobe RGB stores sRGB red as about (219, 0, 0); shown without its profile it would stay dull.
            BufferedImage img = decode(one(TestImages.resource("adobe-rgb.jpg"), PNG_200).bytes());
            assertThat((averageAround(img, 20, 32, 8) >> 16) & 0xFF).isGreaterThan(245);
        }
    }

    @Nested
    class Inputs {

        @Test
        void progressiveJpeg() {
            assertCanonical(decode(one(TestImages.jpeg(canonical(300, 200), 90, true), PNG_200).bytes()));
        }

        @Test
        void sixteenBitPng() {
            EncodedVariant out = one(TestImages.png(120, 80, 2, 16), variant("j", 60, 60, Fit.INSIDE, Format.JPEG));
            assertCanonical(decode(out.bytes()));
        }

        @Test
        void sixteenBitPngWithAlphaToWebp() {
            EncodedVariant out = one(TestImages.png(120, 80, 6, 16), variant("w", 60, 60, Fit.INSIDE, Format.WEBP));
            assertThat(out.width()).isEqualTo(60);
            assertThat(out.height()).isEqualTo(40);
        }

        @Test
        void palettePng() {
            assertCanonical(decode(one(TestImages.encode(TestImages.palette(120, 80), "png"), PNG_200).bytes()));
        }

        @Test
        void greyscaleJpeg() {
            BufferedImage grey = new BufferedImage(100, 60, BufferedImage.TYPE_BYTE_GRAY);
            EncodedVariant out = one(TestImages.jpeg(grey), variant("g", 50, 50, Fit.INSIDE, Format.JPEG));
            assertThat(out.width()).isEqualTo(50);
        }

        @Test
        void gifFirstFrame() {
            assertCanonical(decode(one(TestImages.encode(TestImages.palette(120, 80), "gif"), PNG_200).bytes()));
        }

        @Test
        void bmp() {
            assertCanonical(decode(one(TestImages.encode(canonical(120, 80), "bmp"), PNG_200).bytes()));
        }

        @Test
        void webp() {
            byte[] webp = one(TestImages.jpeg(canonical(300, 200), 95, false),
                    new ImageVariant("w", OptionalInt.of(300), OptionalInt.of(300), Fit.INSIDE, Format.WEBP, 95, false)).bytes();
            assertCanonical(decode(one(webp, PNG_200).bytes()));
        }

        @Test
        void theRealFormatWinsOverAMisleadingName() {
            // The transformer never sees names; PNG bytes are PNG whatever the key said.
            byte[] png = TestImages.encode(canonical(100, 60), "png");
            assertThat(Libvips.transformer().transform(png, config(PNG_200))).hasSize(1);
        }
    }

    @Nested
    class Guards {

        @Test
        void zeroBytesAreRejectedAsEmpty() {
            assertRejected(new byte[0], config(PNG_200), Reason.EMPTY);
        }

        @Test
        void aFileOverTheSizeLimitIsRejectedUnread() {
            byte[] input = TestImages.jpeg(canonical(100, 100));
            ImagePipelineConfig small = new ImagePipelineConfig(input.length - 1, 1_000_000, List.of(PNG_200));
            assertRejected(input, small, Reason.TOO_LARGE);
        }

        @Test
        void aPngBombIsRejectedFromItsHeader() {
            assertThatThrownBy(() -> Libvips.transformer().transform(TestImages.pngHeaderOnly(30_000, 30_000), config(PNG_200)))
                    .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
                        assertThat(e.getMessage()).contains("30000x30000").contains("images.maxPixels");
                    });
        }

        @Test
        void aJpegDeclaringHugeDimensionsIsRejectedFromItsHeader() {
            assertRejected(TestImages.jpegHeaderOnly(65_000, 65_000), config(PNG_200), Reason.TOO_MANY_PIXELS);
        }

        @Test
        void thePixelLimitIsTheConfiguredOne() {
            byte[] input = TestImages.jpeg(canonical(200, 100));
            ImagePipelineConfig tight = new ImagePipelineConfig(1_000_000, 19_999, List.of(PNG_200));
            assertRejected(input, tight, Reason.TOO_MANY_PIXELS);
        }

        @Test
        void anInterlacedPngThatWouldNeedTooMuchMemoryIsRejected() {
            byte[] input = TestImages.pngFile(16_000, 6_000, 16, 6, 1, new byte[] {0x78, (byte) 0x9c, 3, 0, 0, 0, 0, 1});
            assertRejected(input, config(PNG_200), Reason.TOO_MANY_PIXELS);
        }

        @Test
        void aProgressiveJpegWithThousandsOfScansIsRejectedBeforeDecoding() {
            byte[] sof2 = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC2, 0, 11, 8, 0, 64, 0, 64, 1, 1, 0x11, 0};
            byte[] scans = new byte[4 * 2000];
            for (int i = 0; i < scans.length; i += 4) {
                scans[i] = (byte) 0xFF;
                scans[i + 1] = (byte) 0xDA;
            }
            assertThatThrownBy(() -> Libvips.transformer().transform(TestImages.concat(sof2, scans), config(PNG_200)))
                    .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
                        assertThat(e.getMessage()).contains("2000 progressive scans");
                    });
        }

        @Test
        void textIsNotAnImage() {
            assertRejected("hello, I am not a picture".getBytes(StandardCharsets.UTF_8), config(PNG_200),
                    Reason.UNSUPPORTED_FORMAT);
        }

        @Test
        void svgIsRefusedAndNamed() {
            assertThatThrownBy(() -> Libvips.transformer().transform(
                    "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>".getBytes(StandardCharsets.UTF_8),
                    config(PNG_200)))
                    .isInstanceOf(ImageRejectedException.class).hasMessageContaining("SVG");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"jpeg", "progressive-jpeg", "png", "gif", "bmp"})
        void truncatedFilesAreRejectedWithAReason(String kind) {
            byte[] whole = switch (kind) {
                case "jpeg" -> TestImages.jpeg(TestImages.photo(300, 200, 3));
                case "progressive-jpeg" -> TestImages.jpeg(TestImages.photo(300, 200, 3), 90, true);
                case "png" -> TestImages.encode(TestImages.photo(300, 200, 3), "png");
                case "gif" -> TestImages.encode(TestImages.palette(300, 200), "gif");
                default -> TestImages.encode(TestImages.photo(300, 200, 3), "bmp");
            };
            byte[] half = Arrays.copyOf(whole, whole.length / 2);
            assertThatThrownBy(() -> Libvips.transformer().transform(half, config(PNG_200)))
                    .isInstanceOfSatisfying(ImageRejectedException.class,
                            e -> assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.CORRUPT));
        }

        @Test
        void aJpegWithDamagedImageDataIsRejected() {
            byte[] jpeg = TestImages.jpeg(TestImages.photo(300, 200, 4));
            java.util.Random random = new java.util.Random(7);
            for (int i = jpeg.length / 3; i < jpeg.length / 3 + 400; i++) {
                jpeg[i] = (byte) random.nextInt(256);
            }
            assertThatThrownBy(() -> Libvips.transformer().transform(jpeg, config(PNG_200)))
                    .isInstanceOf(ImageRejectedException.class);
        }

        private void assertRejected(byte[] input, ImagePipelineConfig config, Reason reason) {
            assertThatThrownBy(() -> Libvips.transformer().transform(input, config))
                    .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        }
    }
}
