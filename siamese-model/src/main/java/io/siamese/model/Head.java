package io.siamese.model;

/**
 * The Siamese head evaluated in plain Java over cached embeddings: {@code sigmoid(sum_i w_i |a_i - b_i| + bias)}.
 * Comparing one face against many stored references costs one dot product each, not a network pass.
 */
record Head(float[] weights, double bias) {

    double score(Embedding a, Embedding b) {
        if (a.dimension() != weights.length || b.dimension() != weights.length) {
            throw new IllegalArgumentException("embeddings must have dimension " + weights.length + ", got " + a.dimension() + " and " + b.dimension());
        }
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * Math.abs(a.get(i) - b.get(i));
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
