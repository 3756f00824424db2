package io.siamese.app.live;

import org.bytedeco.opencv.opencv_core.Mat;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * One frame of the live feed, ready for every thread: the BGR matrix for the network and the enrolment store, a
 * Java2D copy for painting, and the face box. Nothing here is modified after the feed publishes it; readers must not
 * modify {@code image} either.
 *
 * @param index   0 for the first frame of the feed, counting up
 * @param image   the frame, 8-bit BGR, owned by this record
 * @param picture the same pixels as a Java2D image with its own buffer
 * @param face    the face found in the frame, if any
 */
public record LiveFrame(long index, Mat image, BufferedImage picture, Optional<FaceBox> face) {

    /** A name for messages: "frame 120". */
    public String name() {
        return "frame " + index;
    }
}
