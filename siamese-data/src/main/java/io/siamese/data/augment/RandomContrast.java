package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import java.util.Random;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.mean;

/**
 * Scales each channel's distance from its mean by a random factor uniform in {@code [min, max]} (TensorFlow's
 * {@code random_contrast}): below 1 the image gets flatter.
 */
public final class RandomContrast extends RandomImageTransform {

    private final double min;
    private final double max;

    /**
     * @param probability how often an image is changed
     * @param min         the smallest factor, at least 0
     * @param max         the largest factor, at least {@code min}
     */
    public RandomContrast(double probability, double min, double max) {
        super(probability);
        if (!(min >= 0 && max >= min)) throw new IllegalArgumentException("contrast factors need 0 <= min <= max, got " + min + " and " + max);
        this.min = min;
        this.max = max;
    }

    @Override
    protected Mat apply(Mat image, Random random) {
        double factor = min + random.nextDouble() * (max - min);
        Mat out = new Mat();
        try (Scalar channelMeans = mean(image); Size size = image.size(); Mat means = new Mat(size, image.type(), channelMeans)) {
            addWeighted(image, factor, means, 1 - factor, 0, out);
        }
        return out;
    }
}
