package io.siamese.data;

import java.util.List;

/**
 * One N-way one-shot classification trial: a query image and N candidates, one example each of N different
 * identities; the answer is the index of the candidate showing the query's identity.
 */
public record OneShotTrial(ImageRef query, List<ImageRef> candidates, int answer) {
    public OneShotTrial {
        candidates = List.copyOf(candidates);
        if (candidates.size() < 2) throw new IllegalArgumentException("a one-shot trial needs at least 2 candidates, got " + candidates.size());
        if (answer < 0 || answer >= candidates.size()) throw new IllegalArgumentException("answer " + answer + " is not a candidate index");
    }

    public int ways() {
        return candidates.size();
    }
}
