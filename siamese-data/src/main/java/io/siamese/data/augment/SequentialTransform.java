package io.siamese.data.augment;

import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;
import org.datavec.image.transform.ImageTransform;

import java.util.List;
import java.util.Random;

/**
 * Applies transforms one after the other, all drawing from the one {@link Random} passed in, so a seed fixes the
 * whole chain. It stands in for DataVec's {@code PipelineImageTransform}, whose constructor resets ND4J's global
 * random seed. Not thread-safe, like the transforms it holds.
 */
public final class SequentialTransform extends BaseImageTransform<Mat> {

    private final List<ImageTransform> transforms;

    public SequentialTransform(List<? extends ImageTransform> transforms) {
        super(null);
        this.transforms = List.copyOf(transforms);
        this.converter = new OpenCVFrameConverter.ToMat();
    }

    /** The transforms, in the order they run. */
    public List<ImageTransform> transforms() {
        return transforms;
    }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        Random r = random != null ? random : this.random;
        ImageWritable current = image;
        for (ImageTransform transform : transforms) current = transform.transform(current, r);
        return current;
    }

    /** Coordinates in the input, mapped through every transform in turn. */
    @Override
    public float[] query(float... coordinates) {
        float[] current = coordinates.clone();
        for (ImageTransform transform : transforms) current = transform.query(current);
        return current;
    }
}
