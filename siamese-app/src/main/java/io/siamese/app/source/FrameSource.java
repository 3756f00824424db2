package io.siamese.app.source;

import org.bytedeco.opencv.opencv_core.Mat;

import java.time.Duration;
import java.util.Optional;

/**
 * A stream of video frames: a camera, a video file or a folder of images. One thread grabs; a source is not
 * thread-safe, but the frames it returns are independent copies that may be handed to any thread.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * The next frame as an 8-bit, 3-channel BGR matrix that the caller owns (a copy, never a view of the grabber's
     * buffers), or empty when the source has ended.
     *
     * @throws FrameSourceException when the device or file fails
     */
    Optional<Mat> grab();

    /** A name for status lines and messages, such as {@code camera 0} or {@code video clip.avi}. */
    String name();

    /**
     * How long one frame should stay on screen so that the source plays at its own pace. A camera answers zero,
     * because its {@link #grab()} already waits for the next frame.
     */
    Duration frameInterval();

    /** Releases the device or file. Closing twice does nothing. */
    @Override
    void close();
}
