package io.siamese.app.live;

import io.siamese.data.face.HaarFaceCropper;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Optional;

/** Finds the face to draw a box around in a live frame. */
@FunctionalInterface
public interface FaceDetector {

    /** The largest face in an 8-bit BGR frame, or empty. Must not modify the frame. */
    Optional<FaceBox> detect(Mat frame);

    /** A detector that never finds a face: the feed then shows frames without a box. */
    static FaceDetector none() {
        return frame -> Optional.empty();
    }

    /** The Haar cascade detector the enrolment store and the verifier crop with, on a shrunk copy of the frame. */
    static FaceDetector haar(HaarFaceCropper cropper) {
        return new HaarFaceDetector(cropper);
    }
}
