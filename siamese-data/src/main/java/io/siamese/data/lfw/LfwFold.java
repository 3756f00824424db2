package io.siamese.data.lfw;

import io.siamese.data.ImageDataset;
import io.siamese.data.Pair;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One fold of LFW's official pairs: matched pairs (two images of one person) first, then mismatched pairs, as in
 * the file. Pairs whose images are missing have been left out, so a fold may hold fewer than the file promised.
 *
 * @param index counted from 1, as LFW's protocol numbers folds
 * @param pairs the usable pairs
 */
public record LfwFold(int index, List<Pair> pairs) {

    public LfwFold {
        pairs = List.copyOf(pairs);
    }

    /** The people who appear in this fold, sorted. */
    public Set<String> identities() {
        Set<String> names = new TreeSet<>();
        for (Pair pair : pairs) {
            names.add(pair.left().identity());
            names.add(pair.right().identity());
        }
        return names;
    }

    /** How many matched (same person) pairs. */
    public long matchedCount() {
        return pairs.stream().filter(Pair::same).count();
    }

    /** How many mismatched (different people) pairs. */
    public long mismatchedCount() {
        return pairs.size() - matchedCount();
    }

    /**
     * The tree without this fold's people: a training set that shares no identity with the pairs this fold tests.
     */
    public ImageDataset trainingDataset(ImageDataset tree) {
        Set<String> excluded = new HashSet<>(identities());
        List<String> keep = tree.identities().stream().filter(name -> !excluded.contains(name)).toList();
        return tree.restrictTo(keep, tree.name() + "/without-fold-" + index);
    }
}
