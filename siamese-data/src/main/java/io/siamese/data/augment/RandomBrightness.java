package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Random;

/**
 * Adds one random offset, uniform in {@code [-maxDelta, maxDelta]} of the 0-255 range, to every pixel and channel
 * (TensorFlow's {@code random_brightness}), saturating at 0 and 255.
 */
public final class RandomBrightness extends RandomImageTransform {

    private final double maxDelta;

    /**
     * @param probability how often an image is changed
     * @param maxDelta    the largest offset as a fraction of the range, in [0, 1] (0.1 is +-25.5 levels)
     */
    public RandomBrightness(double probability, double maxDelta) {
        super(probability);
        if (!(maxDelta >= 0 && maxDelta <= 1)) throw new IllegalArgumentException("maxDelta must be in [0, 1], got " + maxDelta);
        this.maxDelta = maxDelta;
    }

    @Override
    protected Mat apply(Mat image, Random random) {
        double delta = (random.nextDouble() * 2 - 1) * maxDelta * 255;
        Mat out = new Mat();
        image.convertTo(out, -1, 1, delta);
        return out;
    }
}
