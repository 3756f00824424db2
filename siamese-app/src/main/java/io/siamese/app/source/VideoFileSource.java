package io.siamese.app.source;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A video file decoded by FFmpeg through JavaCV's {@link FFmpegFrameGrabber}; it ends after its last frame. */
public final class VideoFileSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(VideoFileSource.class);
    /** The pace used when a file does not state its frame rate: 25 frames per second. */
    static final Duration UNKNOWN_RATE_INTERVAL = Duration.ofMillis(40);

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private boolean closed;

    private VideoFileSource(Path file, FFmpegFrameGrabber grabber) {
        this.file = file;
        this.grabber = grabber;
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
            release(grabber);
            throw new FrameSourceException("cannot open video " + file + ": " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            release(grabber);
            throw new FrameSourceException(file + " has no video stream");
        }
        log.info("video {} opened: {}x{}, {} fps, about {} frames", file, grabber.getImageWidth(), grabber.getImageHeight(),
                grabber.getFrameRate(), grabber.getLengthInVideoFrames());
        return new VideoFileSource(file, grabber);
    }

    @Override
    public Optional<Mat> grab() {
        try {
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null) return Optional.empty();
            return Optional.of(Frames.bgrCopy(converter.convert(frame)));
        } catch (FrameGrabber.Exception e) {
            throw new FrameSourceException("reading video " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** Frame width in pixels. */
    public int width() {
        return grabber.getImageWidth();
    }

    /** Frame height in pixels. */
    public int height() {
        return grabber.getImageHeight();
    }

    /** The number of frames the container announces; an estimate for some formats, 0 when unknown. */
    public int announcedFrames() {
        return grabber.getLengthInVideoFrames();
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

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        release(grabber);
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception e) {
            log.warn("closing the video failed: {}", e.getMessage());
        }
    }
}
