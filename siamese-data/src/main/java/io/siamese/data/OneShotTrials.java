package io.siamese.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded N-way one-shot trials over the identities of a dataset (faces): the query and the correct candidate are
 * two different images of one identity, and each other candidate is one image of another identity, so the N
 * candidates show N different identities. Omniglot's within-alphabet trials are in
 * {@code io.siamese.data.omniglot.KochTrials}.
 */
public final class OneShotTrials {

    private OneShotTrials() {
    }

    /**
     * {@code count} trials of {@code ways} candidates each. The same dataset, arguments and seed give the same trials.
     *
     * @throws IllegalArgumentException when {@code ways < 2} or {@code count < 1}
     * @throws DatasetException         when no identity has two images, or there are fewer than {@code ways} identities
     */
    public static List<OneShotTrial> acrossIdentities(ImageDataset dataset, int ways, int count, long seed) {
        if (ways < 2) throw new IllegalArgumentException("ways must be >= 2, got " + ways);
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
        List<List<ImageRef>> identities = new ArrayList<>(dataset.byIdentity().values());
        List<Integer> withTwo = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) if (identities.get(i).size() >= 2) withTwo.add(i);
        if (withTwo.isEmpty()) {
            throw new DatasetException(dataset.name() + ": no identity has two images, so no one-shot trial can be made "
                    + "(the query and its match must be different images of one identity)");
        }
        if (identities.size() < ways) {
            throw new DatasetException(dataset.name() + ": a " + ways + "-way trial needs " + ways + " identities, found only "
                    + identities.size());
        }
        Random random = new Random(seed);
        List<OneShotTrial> trials = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            int target = withTwo.get(random.nextInt(withTwo.size()));
            List<ImageRef> own = identities.get(target);
            int q = random.nextInt(own.size());
            int m = random.nextInt(own.size() - 1);
            if (m >= q) m++;
            List<Integer> others = new ArrayList<>(identities.size() - 1);
            for (int i = 0; i < identities.size(); i++) if (i != target) others.add(i);
            Collections.shuffle(others, random);
            List<ImageRef> candidates = new ArrayList<>(ways);
            candidates.add(own.get(m));
            for (int i = 0; i < ways - 1; i++) {
                List<ImageRef> images = identities.get(others.get(i));
                candidates.add(images.get(random.nextInt(images.size())));
            }
            Collections.shuffle(candidates, random);
            ImageRef match = own.get(m);
            trials.add(new OneShotTrial(own.get(q), candidates, candidates.indexOf(match)));
        }
        return trials;
    }
}
