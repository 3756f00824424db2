package io.siamese.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pairs from identity-labelled images: a genuine pair is two different images of one identity (chosen uniformly
 * among identities with at least two images), an impostor pair is one image each of two different identities.
 * An impostor never shares the first image's identity.
 */
public final class IdentityPairSampler implements PairSampler {

    private final String name;
    private final List<List<ImageRef>> all;
    private final List<List<ImageRef>> withTwo;

    public IdentityPairSampler(ImageDataset dataset) {
        this.name = dataset.name();
        Map<String, List<ImageRef>> byIdentity = dataset.byIdentity();
        this.all = new ArrayList<>(byIdentity.values());
        this.withTwo = all.stream().filter(l -> l.size() >= 2).toList();
    }

    @Override
    public List<Pair> sample(int count, long seed) {
        if (count < 2) throw new IllegalArgumentException("need at least 2 pairs (one of each kind), got " + count);
        if (withTwo.isEmpty()) {
            throw new DatasetException(name + ": no identity has two or more usable images, so no genuine (same-identity) pair can be made; "
                    + "expected one folder per identity with at least two images in some of them");
        }
        if (all.size() < 2) {
            throw new DatasetException(name + ": only one identity, so no impostor (different-identity) pair can be made; expected two or more identities");
        }
        Random random = new Random(seed);
        int genuine = (count + 1) / 2;
        List<Pair> pairs = new ArrayList<>(count);
        for (int i = 0; i < genuine; i++) {
            List<ImageRef> images = withTwo.get(random.nextInt(withTwo.size()));
            int a = random.nextInt(images.size());
            int b = random.nextInt(images.size() - 1);
            if (b >= a) b++;
            pairs.add(new Pair(images.get(a), images.get(b), true));
        }
        for (int i = genuine; i < count; i++) {
            int p = random.nextInt(all.size());
            int q = random.nextInt(all.size() - 1);
            if (q >= p) q++;
            List<ImageRef> first = all.get(p), second = all.get(q);
            pairs.add(new Pair(first.get(random.nextInt(first.size())), second.get(random.nextInt(second.size())), false));
        }
        Collections.shuffle(pairs, random);
        return pairs;
    }
}
