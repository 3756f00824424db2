package io.siamese.data.augment;

import java.util.Random;

/** Argument checks and seed mixing shared by this package's transforms and configuration. */
final class Checks {

    private Checks() {
    }

    static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }

    /**
     * A generator of its own for one transform, seeded from one draw of the caller's. Generators seeded with nearby
     * numbers (PairIterator seeds one per pair) give nearly the same first value, so the draw is mixed (SplitMix64's
     * finaliser) before it seeds anything.
     */
    static Random derive(Random random) {
        long z = random.nextLong() + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }
}
