package io.siamese.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The pairs a run validates and calibrates on: every pair of the validation images when there are at most
 * {@code maxPairs} of them (the 80 images of 8 ORL people give 3,160 pairs), otherwise every genuine pair (or a seeded
 * half of the budget when even those are too many) and distinct seeded impostor pairs for the rest. Embeddings are
 * computed once per image, so a pair costs one head evaluation: validation can afford thousands, and a calibration at
 * a false-accept rate of 0.1% needs well over a thousand impostor pairs. The anchor layout draws balanced pairs from
 * its own sampler.
 */
public final class ValidationPairs {

    private ValidationPairs() {
    }

    public static List<Pair> of(ImageDataset dataset, int maxPairs, long seed) {
        if (maxPairs < 2) throw new IllegalArgumentException("maxPairs must be >= 2, got " + maxPairs);
        if (dataset.layout() == ImageDataset.Layout.ANCHOR_POSITIVE_NEGATIVE) return dataset.pairSampler().sample(maxPairs, seed);
        List<ImageRef> images = dataset.images();
        long n = images.size();
        List<Pair> genuine = new ArrayList<>();
        for (List<ImageRef> person : dataset.byIdentity().values()) {
            for (int i = 0; i < person.size(); i++) {
                for (int j = i + 1; j < person.size(); j++) genuine.add(new Pair(person.get(i), person.get(j), true));
            }
        }
        if (genuine.isEmpty() || dataset.byIdentity().size() < 2) {
            throw new DatasetException(dataset.name() + ": validation needs two identities and one with two images; found "
                    + dataset.byIdentity().size() + " identities and " + genuine.size() + " genuine pairs");
        }
        Random random = new Random(seed);
        if (n * (n - 1) / 2 <= maxPairs) {
            List<Pair> all = new ArrayList<>(genuine);
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (!images.get(i).identity().equals(images.get(j).identity())) all.add(new Pair(images.get(i), images.get(j), false));
                }
            }
            return all;
        }
        if (genuine.size() > maxPairs / 2) {
            Collections.shuffle(genuine, random);
            genuine = new ArrayList<>(genuine.subList(0, maxPairs / 2));
        }
        List<Pair> out = new ArrayList<>(genuine);
        int impostors = maxPairs - genuine.size();
        Set<Long> seen = new HashSet<>();
        int attempts = 0;
        while (out.size() - genuine.size() < impostors && attempts++ < impostors * 50) {
            int i = random.nextInt((int) n), j = random.nextInt((int) n);
            if (i == j || images.get(i).identity().equals(images.get(j).identity())) continue;
            long key = (long) Math.min(i, j) * n + Math.max(i, j);
            if (seen.add(key)) out.add(new Pair(images.get(i), images.get(j), false));
        }
        return out;
    }
}
