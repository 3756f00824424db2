package io.siamese.model;

/**
 * The Siamese head evaluated in plain Java over cached embeddings: {@code sigmoid(sum_i w_i |a_i - b_i| + bias)}.
 * Comparing one face against many stored references costs one dot product each, not a network pass.
 */
record Head(float[] weights, double bias) {

    double score(Embedding a, Embedding b) {
        return sigmoid(logit(a, b));
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** {@code w . |a - b| + bias}: the score before the sigmoid. */
    double logit(Embedding a, Embedding b) {
        return logit(a, b.raw());
    }

    /** The logit against a raw vector (a cohort member). */
    double logit(Embedding a, float[] b) {
        if (a.dimension() != weights.length || b.length != weights.length) {
            throw new IllegalArgumentException("embeddings must have dimension " + weights.length + ", got " + a.dimension() + " and " + b.length);
        }
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * Math.abs(a.get(i) - b[i]);
        }
        return z;
    }
}
