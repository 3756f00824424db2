package io.siamese.app.source;

import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;

import java.util.Optional;

/**
 * What the JavaCV-backed sources share: a started {@link FrameGrabber}, the conversion of its frames to BGR
 * {@link Mat} copies, and closing once.
 */
abstract class GrabberSource<G extends FrameGrabber> implements FrameSource {

    protected final G grabber;
    private final String closingName;
    private final Logger log;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private boolean closed;

    /**
     * @param grabber     a started grabber, released on {@link #close()}
     * @param closingName what the source is called in the warning logged when closing fails ("the camera")
     * @param log         the logger of the concrete source
     */
    GrabberSource(G grabber, String closingName, Logger log) {
        this.grabber = grabber;
        this.closingName = closingName;
        this.log = log;
    }

    /** The next frame from the grabber, or null at the end. */
    abstract Frame next() throws FrameGrabber.Exception;

    /** The message of the exception thrown when grabbing fails with {@code cause}. */
    abstract String grabFailure(String cause);

    @Override
    public Optional<Mat> grab() {
        try {
            Frame frame = next();
            if (frame == null || frame.image == null) return Optional.empty();
            return Optional.of(Frames.bgrCopy(converter.convert(frame)));
        } catch (FrameGrabber.Exception e) {
            throw new FrameSourceException(grabFailure(e.getMessage()), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        release(grabber, closingName, log);
    }

    /** Releases a grabber, logging (not throwing) a failure: used on close and when opening fails halfway. */
    static void release(FrameGrabber grabber, String name, Logger log) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception e) {
            log.warn("closing {} failed: {}", name, e.getMessage());
        }
    }
}
