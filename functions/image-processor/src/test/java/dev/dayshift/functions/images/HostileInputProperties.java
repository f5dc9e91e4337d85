package dev.dayshift.functions.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.core.config.ImageVariant;
import dev.dayshift.functions.images.internal.HeaderReader;
import dev.dayshift.functions.images.testutils.Libvips;
import dev.dayshift.functions.images.testutils.TestImages;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Damaged and random files, thrown at the native decoders: each one must end in variants or in a
 * rejection with a reason, never in another exception, a crash of the JVM or a hang.
 */
class HostileInputProperties {

    private static final List<byte[]> SEEDS = List.of(
            TestImages.jpeg(TestImages.photo(64, 48, 1)),
            TestImages.jpeg(TestImages.photo(64, 48, 2), 80, true),
            TestImages.withOrientation(TestImages.jpeg(TestImages.canonical(48, 32)), 6),
            TestImages.encode(TestImages.photo(64, 48, 3), "png"),
            TestImages.png(40, 30, 6, 16),
            TestImages.encode(TestImages.palette(64, 48), "gif"),
            TestImages.encode(TestImages.photo(32, 24, 4), "bmp"),
            TestImages.resource("cmyk.jpg"),
            TestImages.resource("adobe-rgb.jpg"));

    private static final ImagePipelineConfig CONFIG = new ImagePipelineConfig(1 << 20, 4_000_000, List.of(
            new ImageVariant("w", OptionalInt.of(32), OptionalInt.of(32), ImageVariant.Fit.INSIDE, ImageVariant.Format.WEBP, 75, false),
            new ImageVariant("j", OptionalInt.of(24), OptionalInt.of(24), ImageVariant.Fit.COVER, ImageVariant.Format.JPEG, 80, false)));

    @Property(tries = 400)
    void damagedImagesAreTransformedOrRejected(@ForAll("damaged") byte[] input) {
        ImageTransformer t = Libvips.transformer();
        try {
            List<EncodedVariant> out = t.transform(input, CONFIG);
            assertThat(out).hasSize(2).allSatisfy(v -> assertThat(v.bytes()).isNotEmpty());
        } catch (ImageRejectedException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void anyBytesGiveAHeaderOrARejection(@ForAll @Size(max = 64) byte[] prefix, @ForAll("seed") byte[] seed) {
        byte[] input = TestImages.concat(Arrays.copyOf(seed, Math.min(seed.length, 40)), prefix);
        try {
            ImageHeader h = HeaderReader.read(input);
            assertThat(h.pixels()).isPositive();
        } catch (ImageRejectedException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    @Provide
    Arbitrary<byte[]> seed() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> seeds = seed();
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 100);
        Arbitrary<List<Integer>> flips = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(8);
        Arbitrary<Integer> mode = Arbitraries.integers().between(0, 2);
        return Combinators.combine(seeds, cut, flips, mode).as((s, c, f, m) -> {
            byte[] b = s.clone();
            if (m != 1) {
                for (int pos : f) {
                    b[pos % b.length] ^= (byte) (1 + (pos >>> 24));
                }
            }
            if (m != 0) {
                b = Arrays.copyOf(b, Math.max(0, b.length * c / 100));
            }
            return b;
        });
    }
}
