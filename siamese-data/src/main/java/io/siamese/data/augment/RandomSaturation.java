package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Random;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Moves a colour image towards or away from its own grayscale version by a random factor uniform in
 * {@code [min, max]} (1 leaves it as it is, 0 makes it gray), as PIL's {@code ImageEnhance.Color} does; for factors
 * near 1 this matches TensorFlow's {@code random_saturation}, which scales saturation in HSV. Grayscale images are
 * left unchanged.
 */
public final class RandomSaturation extends RandomImageTransform {

    private final double min;
    private final double max;

    /**
     * @param probability how often an image is changed
     * @param min         the smallest factor, at least 0
     * @param max         the largest factor, at least {@code min}
     */
    public RandomSaturation(double probability, double min, double max) {
        super(probability);
        if (!(min >= 0 && max >= min)) throw new IllegalArgumentException("saturation factors need 0 <= min <= max, got " + min + " and " + max);
        this.min = min;
        this.max = max;
    }

    @Override
    protected Mat apply(Mat image, Random random) {
        double factor = min + random.nextDouble() * (max - min);
        if (image.channels() != 3) return null;
        Mat out = new Mat();
        try (Mat gray = new Mat(); Mat grayBgr = new Mat()) {
            cvtColor(image, gray, COLOR_BGR2GRAY);
            cvtColor(gray, grayBgr, COLOR_GRAY2BGR);
            addWeighted(image, factor, grayBgr, 1 - factor, 0, out);
        }
        return out;
    }
}
