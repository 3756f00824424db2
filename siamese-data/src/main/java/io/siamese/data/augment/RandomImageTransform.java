package io.siamese.data.augment;

import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

import java.util.Random;

/**
 * The common shape of this package's transforms: with probability {@code probability} (drawn from the
 * {@link Random} passed to {@code transform}) the image is changed, otherwise it is returned as it is. The input is
 * never modified; a changed image is a new matrix of the same size and channels.
 *
 * <p>Each call takes exactly one value from the generator passed in and draws everything else from a generator of
 * its own seeded by that value (mixed, so that generators seeded with consecutive numbers do not make the same
 * choices). With no random generator (none passed, none given at construction) the image is returned unchanged, so
 * a transform only ever does what a seed decides. Like DataVec's own transforms, instances remember their last
 * change (for {@link #query}) and are not thread-safe: give each thread its own.
 */
public abstract class RandomImageTransform extends BaseImageTransform<Mat> {

    private final double probability;

    /** @param probability how often the transform changes an image, in [0, 1] */
    protected RandomImageTransform(double probability) {
        super(null);
        Checks.probability("probability", probability);
        this.probability = probability;
        this.converter = new OpenCVFrameConverter.ToMat();
    }

    /** How often the transform changes an image. */
    public double probability() {
        return probability;
    }

    @Override
    protected final ImageWritable doTransform(ImageWritable image, Random random) {
        Random given = random != null ? random : this.random;
        forget();
        if (image == null || given == null) return image;
        Random r = Checks.derive(given);
        boolean apply = r.nextDouble() < probability;
        if (!apply) return image;
        Mat in = converter.convert(image.getFrame());
        if (in == null || in.empty()) return image;
        Mat out = apply(in, r);
        return out == null ? image : new ImageWritable(converter.convert(out));
    }

    /**
     * Changes one image, drawing what it needs from {@code random}.
     *
     * @return a new matrix, or null when this image is left unchanged (for example saturation on grayscale)
     */
    protected abstract Mat apply(Mat image, Random random);

    /** Clears what {@link #query} remembers of the last change; called before each image. */
    protected void forget() {
    }

    /** Coordinates are unchanged by default (photometric transforms). */
    @Override
    public float[] query(float... coordinates) {
        return coordinates.clone();
    }
}
