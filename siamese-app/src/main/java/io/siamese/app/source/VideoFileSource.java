package io.siamese.app.source;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A video file decoded by FFmpeg through JavaCV's {@link FFmpegFrameGrabber}; it ends after its last frame. */
public final class VideoFileSource extends GrabberSource<FFmpegFrameGrabber> {

    private static final Logger log = LoggerFactory.getLogger(VideoFileSource.class);
    /** The pace used when a file does not state its frame rate: 25 frames per second. */
    static final Duration UNKNOWN_RATE_INTERVAL = Duration.ofMillis(40);

    private final Path file;

    private VideoFileSource(Path file, FFmpegFrameGrabber grabber) {
        super(grabber, "the video", log);
        this.file = file;
    }

    /**
     * Opens a video file (any container and codec FFmpeg reads: mp4, avi, mkv, webm, ...).
     *
     * @throws FrameSourceException when the file is missing, unreadable or has no video stream
     */
    public static VideoFileSource open(Path file) {
        if (!Files.isRegularFile(file)) throw new FrameSourceException("video file not found: " + file);
        // FFmpeg logs to standard error on its own; below "error" it would print a stream dump on opening and, for
        // JPEG-range videos (webcam recordings, MJPEG), a "deprecated pixel format" warning on every frame.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            release(grabber, "the video", log);
            throw new FrameSourceException("cannot open video " + file + ": " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            release(grabber, "the video", log);
            throw new FrameSourceException(file + " has no video stream");
        }
        log.info("video {} opened: {}x{}, {} fps, about {} frames", file, grabber.getImageWidth(), grabber.getImageHeight(),
                grabber.getFrameRate(), grabber.getLengthInVideoFrames());
        return new VideoFileSource(file, grabber);
    }

    @Override
    Frame next() throws FrameGrabber.Exception {
        return grabber.grabImage();
    }

    @Override
    String grabFailure(String cause) {
        return "reading video " + file + " failed: " + cause;
    }


    /** Frame width in pixels. */
    public int width() {
        return grabber.getImageWidth();
    }

    /** Frame height in pixels. */
    public int height() {
        return grabber.getImageHeight();
    }

    @Override
    public String name() {
        return "video " + file.getFileName();
    }

    @Override
    public Duration frameInterval() {
        double rate = grabber.getFrameRate();
        return rate > 0 && Double.isFinite(rate) ? Duration.ofNanos(Math.round(1e9 / rate)) : UNKNOWN_RATE_INTERVAL;
    }
}
