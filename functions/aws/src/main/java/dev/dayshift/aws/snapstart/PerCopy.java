package dev.dayshift.aws.snapstart;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * What must differ between the copies of one SnapStart snapshot: a fast random generator and an id
 * for this copy. Both are drawn from {@link SecureRandom} (the kernel's entropy, which Lambda keeps
 * unique per restored copy) when first used and again by {@link #refresh()} after every restore, so
 * two execution environments restored from the same snapshot never share a seed or an id.
 *
 * <p>Use {@link #random()} for anything that must not repeat across copies (retry jitter, sampling).
 */
public final class PerCopy {

    private static final String ALGORITHM = "Xoshiro256PlusPlus";
    private static final PerCopy SHARED = new PerCopy(freshSeed());

    private RandomGenerator.JumpableGenerator generator;
    private String id;

    private PerCopy(byte[] seed) {
        reseed(seed);
    }

    /** This copy's random source. Thread-safe. */
    public static RandomGenerator random() {
        return SHARED.generatorView();
    }

    /** This copy's id: 16 hex digits, new after each restore. */
    public static String id() {
        return SHARED.currentId();
    }

    /** New seed and id from {@link SecureRandom}; called by {@link SnapStart#restore()}. */
    public static void refresh() {
        SHARED.reseed(freshSeed());
    }

    /**
     * Tests: a second object whose state is exactly this one's, as two environments restored from one
     * snapshot have.
     */
    PerCopy snapshotCopy() {
        synchronized (this) {
            PerCopy copy = new PerCopy(new byte[32]);
            copy.generator = generator.copy();
            copy.id = id;
            return copy;
        }
    }

    /** Tests: the shared instance. */
    static PerCopy shared() {
        return SHARED;
    }

    synchronized long nextLong() {
        return generator.nextLong();
    }

    synchronized String currentId() {
        return id;
    }

    synchronized void reseed(byte[] seed) {
        generator = (RandomGenerator.JumpableGenerator) RandomGeneratorFactory.of(ALGORITHM).create(seed);
        // The generator takes the first 32 bytes; the id is the last 8, so it reveals nothing of the seed.
        id = HexFormat.of().formatHex(seed, seed.length - 8, seed.length);
    }

    private RandomGenerator generatorView() {
        return this::nextLong;
    }

    private static byte[] freshSeed() {
        byte[] seed = new byte[40];
        new SecureRandom().nextBytes(seed);
        return seed;
    }
}
