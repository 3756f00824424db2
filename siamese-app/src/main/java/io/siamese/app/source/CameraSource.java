package io.siamese.app.source;

import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameGrabber;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * A camera through JavaCV's {@link OpenCVFrameGrabber}. Opening first asks OpenCV whether the device exists at all,
 * which answers in milliseconds; the grabber's own {@code start()} would retry reading for ten seconds before
 * failing.
 */
public final class CameraSource extends GrabberSource<OpenCVFrameGrabber> {

    private static final Logger log = LoggerFactory.getLogger(CameraSource.class);

    private final int index;

    private CameraSource(int index, OpenCVFrameGrabber grabber) {
        super(grabber, "the camera", log);
        this.index = index;
    }

    /**
     * Opens camera {@code index} (0 is the system's default camera).
     *
     * @throws FrameSourceException with a message that says what to try instead when there is no such camera
     */
    public static CameraSource open(int index) {
        if (index < 0) throw new IllegalArgumentException("camera index must be >= 0, got " + index);
        VideoCapture probe = new VideoCapture(index);
        try {
            if (!probe.isOpened()) throw new FrameSourceException(noCamera(index));
        } finally {
            probe.release();
            probe.close();
        }
        OpenCVFrameGrabber grabber = new OpenCVFrameGrabber(index);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            release(grabber, "the camera", log);
            throw new FrameSourceException(noCamera(index) + " (" + e.getMessage() + ")", e);
        }
        log.info("camera {} opened: {}x{}", index, grabber.getImageWidth(), grabber.getImageHeight());
        return new CameraSource(index, grabber);
    }

    /** The message shown when a camera cannot be opened. */
    static String noCamera(int index) {
        return "No camera found at index " + index + ". Connect a camera, choose another with --camera INDEX, "
                + "or play a video (--video FILE) or a folder of photos (--folder DIR) instead.";
    }

    @Override
    Frame next() throws FrameGrabber.Exception {
        return grabber.grab();
    }

    @Override
    String grabFailure(String cause) {
        return "camera " + index + " stopped delivering frames: " + cause;
    }


    @Override
    public String name() {
        return "camera " + index;
    }

    @Override
    public Duration frameInterval() {
        return Duration.ZERO;
    }
}
