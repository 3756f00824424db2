package io.siamese.app.live;

import io.siamese.data.face.HaarFaceCropper;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import java.util.Objects;
import java.util.Optional;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * The live feed's face box: the Haar cascade that enrolment and verification crop with, run on a copy shrunk so that
 * its shorter side is at most {@link #DEFAULT_SIDE} pixels. The cascade's cost grows with the pixel count (about
 * 100 ms on a busy 2-core machine for 640x480), so shrinking keeps the feed near the camera's frame rate; the box is
 * only drawn, while enrolment and verification cut the face out of the full-resolution frame.
 */
public final class HaarFaceDetector implements FaceDetector {

    /** The shorter side frames are shrunk to before detection. */
    public static final int DEFAULT_SIDE = 240;

    private final HaarFaceCropper cropper;
    private final int side;

    public HaarFaceDetector(HaarFaceCropper cropper) {
        this(cropper, DEFAULT_SIDE);
    }

    /**
     * @param side frames whose shorter side is longer are shrunk to it before detection; at least 48
     */
    public HaarFaceDetector(HaarFaceCropper cropper, int side) {
        this.cropper = Objects.requireNonNull(cropper, "cropper");
        if (side < 48) throw new IllegalArgumentException("detection side must be >= 48 pixels, got " + side);
        this.side = side;
    }

    @Override
    public Optional<FaceBox> detect(Mat frame) {
        int shorter = Math.min(frame.cols(), frame.rows());
        if (shorter <= side) return cropper.detect(frame).map(r -> new FaceBox(r.x(), r.y(), r.width(), r.height()));
        double scale = side / (double) shorter;
        Mat small = new Mat();
        resize(frame, small, new Size((int) Math.round(frame.cols() * scale), (int) Math.round(frame.rows() * scale)), 0, 0, INTER_AREA);
        return cropper.detect(small).map(r -> new FaceBox((int) Math.round(r.x() / scale), (int) Math.round(r.y() / scale),
                (int) Math.round(r.width() / scale), (int) Math.round(r.height() / scale)));
    }
}
