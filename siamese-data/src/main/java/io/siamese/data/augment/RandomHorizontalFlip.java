package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Random;

import static org.bytedeco.opencv.global.opencv_core.flip;

/** Mirrors the image left to right. */
public final class RandomHorizontalFlip extends RandomImageTransform {

    private int flippedWidth = -1;

    /** @param probability how often an image is mirrored (0.5 in the original projects) */
    public RandomHorizontalFlip(double probability) {
        super(probability);
    }

    @Override
    protected Mat apply(Mat image, Random random) {
        Mat out = new Mat();
        flip(image, out, 1);
        flippedWidth = image.cols();
        return out;
    }

    @Override
    protected void forget() {
        flippedWidth = -1;
    }

    /** Pixel coordinates {@code x0, y0, x1, y1, ...} in the last input, mapped to the last output. */
    @Override
    public float[] query(float... coordinates) {
        float[] out = coordinates.clone();
        if (flippedWidth < 0) return out;
        for (int i = 0; i + 1 < out.length; i += 2) out[i] = flippedWidth - 1 - out[i];
        return out;
    }
}
