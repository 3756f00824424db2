package io.siamese.experiments;

import io.siamese.data.DatasetException;
import io.siamese.data.ImageDataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Cross-validation by person: the people of a dataset shuffled with a seed and cut into {@code k} folds of (nearly)
 * equal size. Fold {@code i} tests on its own people; its validation people (who choose the epoch and the
 * threshold) are drawn from the other folds' people, and the rest of those train. No person ever has two roles in a
 * fold, and every person is tested in exactly one fold.
 */
final class PersonFolds {

    /**
     * One fold's three disjoint sets of people.
     *
     * @param index counted from 1
     */
    record Fold(int index, ImageDataset train, ImageDataset validation, ImageDataset test) {
    }

    private PersonFolds() {
    }

    /**
     * @param validationShare the share of each fold's non-test people that validates (at least 2 people when there
     *                        are 4 or more, so that validation has impostor pairs)
     * @throws DatasetException when there are too few people for {@code k} folds with at least 2 training people each
     */
    static List<Fold> split(ImageDataset dataset, int k, double validationShare, long seed) {
        if (k < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        if (!(validationShare > 0 && validationShare < 1)) throw new IllegalArgumentException("validationShare must be in (0, 1), got " + validationShare);
        List<String> people = dataset.identities();
        int n = people.size();
        if (n < k) throw new DatasetException(dataset.name() + ": " + n + " people cannot make " + k + " folds");
        Collections.shuffle(people, new Random(seed));
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int from = f * n / k, to = (f + 1) * n / k;
            List<String> test = people.subList(from, to);
            List<String> rest = new ArrayList<>(people.subList(0, from));
            rest.addAll(people.subList(to, n));
            Collections.shuffle(rest, new Random(seed + 1 + f));
            int validation = (int) Math.round(rest.size() * validationShare);
            if (validation < 2 && rest.size() >= 4) validation = 2;
            if (rest.size() - validation < 2 || validation < 1) {
                throw new DatasetException(dataset.name() + ": " + n + " people are too few for " + k + " folds (fold " + (f + 1) + " would train on "
                        + (rest.size() - validation) + " people and validate on " + validation + ")");
            }
            String name = dataset.name() + "/fold-" + (f + 1);
            folds.add(new Fold(f + 1, dataset.restrictTo(rest.subList(validation, rest.size()), name + "/train"),
                    dataset.restrictTo(rest.subList(0, validation), name + "/validation"), dataset.restrictTo(test, name + "/test")));
        }
        return folds;
    }
}
