package io.siamese.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pairs in the original projects' layout: an anchor with a positive is label 1, an anchor with a negative is label 0.
 */
public final class AnchorPairSampler implements PairSampler {

    private final String name;
    private final List<ImageRef> anchors;
    private final List<ImageRef> positives;
    private final List<ImageRef> negatives;

    public AnchorPairSampler(ImageDataset dataset) {
        this.name = dataset.name();
        Map<String, List<ImageRef>> roles = dataset.byGroup();
        this.anchors = roles.getOrDefault(ImageDataset.ANCHOR, List.of());
        this.positives = roles.getOrDefault(ImageDataset.POSITIVE, List.of());
        this.negatives = roles.getOrDefault(ImageDataset.NEGATIVE, List.of());
    }

    @Override
    public List<Pair> sample(int count, long seed) {
        if (count < 2) throw new IllegalArgumentException("need at least 2 pairs (one of each kind), got " + count);
        if (anchors.isEmpty() || positives.isEmpty() || negatives.isEmpty()) {
            throw new DatasetException(name + ": needs images in anchor/, positive/ and negative/; found "
                    + anchors.size() + " anchors, " + positives.size() + " positives, " + negatives.size() + " negatives");
        }
        Random random = new Random(seed);
        int genuine = (count + 1) / 2;
        List<Pair> pairs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ImageRef anchor = anchors.get(random.nextInt(anchors.size()));
            List<ImageRef> others = i < genuine ? positives : negatives;
            pairs.add(new Pair(anchor, others.get(random.nextInt(others.size())), i < genuine));
        }
        Collections.shuffle(pairs, random);
        return pairs;
    }
}
