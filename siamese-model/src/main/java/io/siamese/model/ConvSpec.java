package io.siamese.model;

/**
 * One convolution of the embedding tower: {@code filters} kernels of {@code kernel x kernel}, stride 1, no padding,
 * ReLU, optionally followed by a 2x2 max-pool with stride 2.
 */
public record ConvSpec(int filters, int kernel, boolean pool) {
    public ConvSpec {
        if (filters < 1) throw new IllegalArgumentException("filters must be >= 1, got " + filters);
        if (kernel < 1) throw new IllegalArgumentException("kernel must be >= 1, got " + kernel);
    }
}
