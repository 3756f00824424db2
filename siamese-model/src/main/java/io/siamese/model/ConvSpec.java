package io.siamese.model;

/**
 * One convolution of the embedding tower: {@code filters} kernels of {@code kernel x kernel}, stride 1, ReLU
 * (after batch normalisation when the spec has it), optionally followed by a 2x2 max-pool with stride 2.
 *
 * @param filters output channels
 * @param kernel  kernel side
 * @param pool    a 2x2 max-pool follows
 * @param same    zero padding that keeps the feature map's size (VGG-style 3x3 blocks); false: no padding, the map
 *                shrinks by {@code kernel - 1} (Koch et al.'s tower, and every model file written before this field)
 */
public record ConvSpec(int filters, int kernel, boolean pool, boolean same) {
    public ConvSpec {
        if (filters < 1) throw new IllegalArgumentException("filters must be >= 1, got " + filters);
        if (kernel < 1) throw new IllegalArgumentException("kernel must be >= 1, got " + kernel);
        if (same && kernel % 2 == 0) throw new IllegalArgumentException("same padding needs an odd kernel, got " + kernel);
    }

    /** A convolution without padding (Koch et al.'s). */
    public ConvSpec(int filters, int kernel, boolean pool) {
        this(filters, kernel, pool, false);
    }

    /** The feature map side after this convolution (and its pooling) from an input side. */
    int outputSide(int side) {
        int out = same ? side : side - kernel + 1;
        return pool ? out / 2 : out;
    }
}
