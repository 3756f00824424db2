package io.siamese.training.floor;

/**
 * A way to compare two preprocessed images without any training: a distance, lower for more alike images. Each image
 * is described once ({@link #describe}: its pixels, a histogram, a point set) and the descriptions are compared pair
 * by pair, so thousands of pairs cost one pass over the images plus cheap comparisons. Implementations are immutable
 * and thread-safe.
 *
 * @param <D> what {@link #describe} keeps of an image
 */
public interface ImageDistance<D> {

    /** The JSON key of this floor: {@code pixel_l1}, {@code lbp}, {@code mhd}. */
    String key();

    /** A short name for reports: "raw-pixel L1". */
    String title();

    /** What the distance needs of one image, computed once per image. */
    D describe(Pixels image);

    /** The distance between two described images: zero for identical images, symmetric, never negative. */
    double distance(D a, D b);
}
