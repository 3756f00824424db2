package io.siamese.data;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Decodes encoded image bytes (JPEG, PNG, BMP, PGM, ...) with OpenCV, as DataVec's NativeImageLoader does. The
 * native copies made on the way (the encoded bytes, a 16-bit or 4-channel intermediate) are released before it
 * returns; the result belongs to the caller.
 */
final class Decoding {

    private Decoding() {
    }

    /** Decodes to an 8-bit BGR or grayscale matrix; refuses what is not an image, naming {@code name}. */
    static Mat decode(byte[] bytes, String name) {
        if (bytes.length == 0) throw new ImageDecodeException(name + " is empty (0 bytes)");
        Mat image;
        try (BytePointer data = new BytePointer(bytes); Mat encoded = new Mat(1, bytes.length, CV_8UC1, data)) {
            image = imdecode(encoded, IMREAD_UNCHANGED);
        } catch (RuntimeException e) {
            throw new ImageDecodeException(name + " is not a decodable image: " + e.getMessage(), e);
        }
        if (image == null || image.empty()) {
            if (image != null) image.close();
            throw new ImageDecodeException(name + " is not a decodable image (corrupt, truncated or not JPEG/PNG/BMP/PGM)");
        }
        if (image.depth() != CV_8U) {
            Mat eight = new Mat();
            double scale = image.depth() == 2 /* CV_16U */ ? 1.0 / 257.0 : 1.0;
            image.convertTo(eight, CV_8U, scale, 0);
            image.close();
            image = eight;
        }
        if (image.channels() == 4) {
            Mat bgr = new Mat();
            cvtColor(image, bgr, COLOR_BGRA2BGR);
            image.close();
            image = bgr;
        }
        if (image.channels() != 1 && image.channels() != 3) {
            int channels = image.channels();
            image.close();
            throw new ImageDecodeException(name + " has " + channels + " channels; expected 1, 3 or 4");
        }
        return image;
    }
}
