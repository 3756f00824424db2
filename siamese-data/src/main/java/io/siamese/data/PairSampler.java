package io.siamese.data;

import java.util.List;

/** Draws balanced, labelled pairs. The same seed gives the same pairs. */
public interface PairSampler {

    /**
     * {@code count} pairs, half genuine (label 1; an odd count gets the extra one) and half impostor (label 0), shuffled.
     *
     * @throws DatasetException when the dataset cannot give both kinds of pair
     */
    List<Pair> sample(int count, long seed);
}
