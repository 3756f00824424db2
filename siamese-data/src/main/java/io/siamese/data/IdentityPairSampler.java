package io.siamese.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Pairs from identity-labelled images: a genuine pair is two different images of one identity (chosen uniformly
 * among identities with at least two images), an impostor pair is one image each of two different identities.
 * An impostor never shares the first image's identity.
 *
 * <p>With a {@code sameGroupFraction} above 0, that fraction of the impostor pairs takes both identities from one
 * group (on Omniglot: two characters of one alphabet, which are harder to tell apart than characters of two
 * alphabets); the rest are drawn from all identities as before. Datasets without groups (faces) are one group, so
 * the fraction changes nothing there. A fraction of 0 draws exactly the pairs it always did.
 */
public final class IdentityPairSampler implements PairSampler {

    private final IdentityIndex index;
    private final double sameGroupFraction;

    public IdentityPairSampler(ImageDataset dataset) {
        this(dataset, 0);
    }

    /** @param sameGroupFraction the share of impostor pairs drawn within one group, in [0, 1] */
    public IdentityPairSampler(ImageDataset dataset, double sameGroupFraction) {
        if (!(sameGroupFraction >= 0 && sameGroupFraction <= 1)) {
            throw new IllegalArgumentException("sameGroupFraction must be in [0, 1], got " + sameGroupFraction);
        }
        this.index = new IdentityIndex(dataset);
        this.sameGroupFraction = sameGroupFraction;
    }

    @Override
    public List<Pair> sample(int count, long seed) {
        if (count < 2) throw new IllegalArgumentException("need at least 2 pairs (one of each kind), got " + count);
        index.checkBothKinds();
        Random random = new Random(seed);
        int genuine = (count + 1) / 2;
        List<Pair> pairs = new ArrayList<>(count);
        for (int i = 0; i < genuine; i++) pairs.add(index.genuine(random));
        for (int i = 0; i < count - genuine; i++) pairs.add(index.impostor(IdentityIndex.evenlySpread(i, sameGroupFraction), random));
        Collections.shuffle(pairs, random);
        return pairs;
    }
}
