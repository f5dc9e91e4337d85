package dev.dayshift.functions.images.testutils;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dayshift.functions.images.ImageTransformer;
import dev.dayshift.functions.images.LibvipsUnavailableException;

/** The transformer for tests, or a skipped test that says why libvips is missing. */
public final class Libvips {

    private static ImageTransformer transformer;
    private static String missing;

    private Libvips() {
    }

    public static synchronized ImageTransformer transformer() {
        if (transformer == null && missing == null) {
            try {
                transformer = ImageTransformer.create(1);
            } catch (LibvipsUnavailableException e) {
                missing = e.getMessage();
            }
        }
        assumeTrue(transformer != null, () -> "libvips is not available, image tests skipped: " + missing);
        return transformer;
    }
}
