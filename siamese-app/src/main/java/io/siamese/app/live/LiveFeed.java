package io.siamese.app.live;

import io.siamese.app.source.FrameSource;
import io.siamese.app.source.FrameSourceException;
import io.siamese.app.source.SourceSpec;
import io.siamese.data.Mats;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live feed: one background thread opens the frame source, grabs frames at the source's pace, finds the face box
 * and publishes each finished {@link LiveFrame} to a listener and to {@link #latest()}. The window only paints what it
 * is given, so it stays smooth while the network runs on another thread.
 *
 * <p>When the source cannot be opened (no camera), fails, or ends (a video's last frame), the feed stops and tells the
 * listener why, in words meant for the person at the window.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    /** What the feed reports. Called on the feed's thread. */
    public interface Listener {
        /** A new frame; the latest one is also in {@link LiveFeed#latest()}. */
        void frame(LiveFrame frame);

        /**
         * The feed has stopped and will deliver no more frames.
         *
         * @param message what happened, for the window
         * @param failure the cause when the source failed, null when it simply ended or the feed was closed
         */
        void stopped(String message, Exception failure);
    }

    private final SourceSpec spec;
    private final FaceDetector detector;
    private final Listener listener;
    private final AtomicReference<LiveFrame> latest = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running;
    private Thread thread;

    public LiveFeed(SourceSpec spec, FaceDetector detector, Listener listener) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Starts the feed's thread. A feed starts once. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("the live feed was already started");
        running = true;
        thread = new Thread(this::run, "live-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** The newest frame, if one has arrived. */
    public Optional<LiveFrame> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** True until the feed has stopped. */
    public boolean isRunning() {
        return running && finished.getCount() > 0;
    }

    /** Waits until the feed's thread has finished; true when it did within the timeout. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the feed and closes the source; waits up to two seconds for the feed's thread. */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) return;
        t.interrupt();
        try {
            if (!finished.await(2, TimeUnit.SECONDS)) log.warn("the live feed did not stop within 2 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        String stopMessage = null;
        Exception failure = null;
        FrameSource source = null;
        try {
            source = spec.open();
            log.info("live feed from {}", source.name());
            Duration interval = source.frameInterval();
            long index = 0;
            while (running) {
                long start = System.nanoTime();
                Optional<Mat> grabbed = source.grab();
                if (grabbed.isEmpty()) {
                    stopMessage = source.name() + " has ended.";
                    break;
                }
                Mat image = grabbed.get();
                LiveFrame frame = new LiveFrame(index++, image, Mats.toBufferedImage(image), detector.detect(image));
                latest.set(frame);
                listener.frame(frame);
                long wait = interval.toNanos() - (System.nanoTime() - start);
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (FrameSourceException e) {
            // An expected failure, such as a missing camera: the message says it all, no stack trace is needed.
            stopMessage = e.getMessage();
            failure = e;
            log.warn("live feed from {} stopped: {}", spec.describe(), stopMessage);
        } catch (RuntimeException e) {
            stopMessage = "The feed from " + spec.describe() + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            failure = e;
            log.error("live feed from {} failed", spec.describe(), e);
        } finally {
            if (source != null) source.close();
            if (stopMessage == null) stopMessage = "The feed from " + spec.describe() + " was stopped.";
            running = false;
            try {
                listener.stopped(stopMessage, failure);
            } finally {
                finished.countDown();
            }
        }
    }
}
