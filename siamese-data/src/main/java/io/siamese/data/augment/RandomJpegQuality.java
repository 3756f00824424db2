package io.siamese.data.augment;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Random;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

/**
 * Re-encodes the image as JPEG at a random quality, an integer uniform in {@code [min, max]}, and decodes it again
 * (TensorFlow's {@code random_jpeg_quality}): the compression artefacts of webcam and web images.
 */
public final class RandomJpegQuality extends RandomImageTransform {

    private final int min;
    private final int max;

    /**
     * @param probability how often an image is re-encoded
     * @param min         the lowest quality, 1 to 100
     * @param max         the highest quality, {@code min} to 100
     */
    public RandomJpegQuality(double probability, int min, int max) {
        super(probability);
        if (min < 1 || max > 100 || min > max) throw new IllegalArgumentException("JPEG qualities need 1 <= min <= max <= 100, got " + min + " and " + max);
        this.min = min;
        this.max = max;
    }

    @Override
    protected Mat apply(Mat image, Random random) {
        int quality = min + random.nextInt(max - min + 1);
        try (BytePointer encoded = new BytePointer(); IntPointer parameters = new IntPointer(IMWRITE_JPEG_QUALITY, quality)) {
            if (!imencode(".jpg", image, encoded, parameters)) {
                throw new IllegalStateException("OpenCV could not encode a " + image.cols() + "x" + image.rows() + " image as JPEG");
            }
            try (Mat bytes = new Mat(encoded)) {
                return imdecode(bytes, image.channels() == 1 ? IMREAD_GRAYSCALE : IMREAD_COLOR);
            }
        }
    }
}
