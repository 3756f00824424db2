package io.siamese.app.live;

import io.siamese.app.TestFaces;
import io.siamese.app.source.FrameSourceException;
import io.siamese.app.source.SourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveFeedTest {

    @TempDir
    Path dir;

    /** Collects what a feed reports. */
    static final class Recorder implements LiveFeed.Listener {
        final List<LiveFrame> frames = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch enough;
        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicReference<String> message = new AtomicReference<>();
        final AtomicReference<Exception> failure = new AtomicReference<>();

        Recorder(int wanted) {
            enough = new CountDownLatch(wanted);
        }

        @Override
        public void frame(LiveFrame frame) {
            frames.add(frame);
            threads.add(Thread.currentThread().getName());
            enough.countDown();
        }

        @Override
        public void stopped(String text, Exception cause) {
            message.set(text);
            failure.set(cause);
            stopped.countDown();
        }
    }

    @Test
    void deliversNumberedFramesWithFaceBoxesFromItsOwnThread() throws Exception {
        TestFaces.write(dir, "face", TestFaces.detectable(3));
        Recorder recorder = new Recorder(5);
        FaceDetector everywhere = frame -> Optional.of(new FaceBox(1, 2, 10, 12));
        try (LiveFeed feed = new LiveFeed(new SourceSpec.Folder(dir, Duration.ZERO), everywhere, recorder)) {
            feed.start();
            assertTrue(recorder.enough.await(20, TimeUnit.SECONDS));
            assertTrue(feed.isRunning());
            assertTrue(feed.latest().isPresent());
        }
        assertTrue(recorder.stopped.await(5, TimeUnit.SECONDS));
        List<LiveFrame> frames = recorder.frames;
        for (int i = 0; i < 5; i++) {
            LiveFrame frame = frames.get(i);
            assertEquals(i, frame.index());
            assertEquals(64, frame.picture().getWidth());
            assertEquals(64, frame.image().cols());
            assertEquals(3, frame.image().channels());
            assertEquals(Optional.of(new FaceBox(1, 2, 10, 12)), frame.face());
        }
        assertEquals("frame 4", frames.get(4).name());
        assertTrue(recorder.threads.stream().allMatch("live-feed"::equals), recorder.threads.toString());
        assertNull(recorder.failure.get(), "closing is not a failure");
    }

    @Test
    void theHaarDetectorBoxesTheSyntheticFace() throws Exception {
        TestFaces.write(dir, "face", TestFaces.detectable(1));
        Recorder recorder = new Recorder(1);
        try (LiveFeed feed = new LiveFeed(new SourceSpec.Folder(dir, Duration.ZERO),
                FaceDetector.haar(new io.siamese.data.face.HaarFaceCropper()), recorder)) {
            feed.start();
            assertTrue(recorder.enough.await(20, TimeUnit.SECONDS));
        }
        FaceBox box = recorder.frames.get(0).face().orElseThrow();
        assertTrue(box.x() >= 0 && box.y() >= 0 && box.x() + box.width() <= 64 && box.y() + box.height() <= 64, box.toString());
    }

    @Test
    void keepsTheSourcesPace() throws Exception {
        TestFaces.write(dir, "face", TestFaces.detectable(2));
        Recorder recorder = new Recorder(4);
        long start = System.nanoTime();
        try (LiveFeed feed = new LiveFeed(new SourceSpec.Folder(dir, Duration.ofMillis(60)), FaceDetector.none(), recorder)) {
            feed.start();
            assertTrue(recorder.enough.await(20, TimeUnit.SECONDS));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 180, "4 frames 60 ms apart take at least 180 ms, took " + millis);
        assertTrue(recorder.frames.get(0).face().isEmpty());
    }

    @Test
    void aSourceThatCannotOpenStopsTheFeedWithItsMessage() throws Exception {
        Recorder recorder = new Recorder(1);
        LiveFeed feed = new LiveFeed(new SourceSpec.Camera(99), FaceDetector.none(), recorder);
        feed.start();
        assertTrue(recorder.stopped.await(20, TimeUnit.SECONDS));
        assertTrue(feed.awaitStop(Duration.ofSeconds(5)));
        assertTrue(recorder.message.get().startsWith("No camera found at index 99"), recorder.message.get());
        assertTrue(recorder.failure.get() instanceof FrameSourceException);
        assertTrue(recorder.frames.isEmpty());
        assertFalse(feed.isRunning());
        assertTrue(feed.latest().isEmpty());
        feed.close();
    }

    @Test
    void aVideoThatEndsStopsTheFeedWithoutAFailure() throws Exception {
        Path video = TestFaces.writeVideo(dir.resolve("clip.avi"), 3, 100);
        Recorder recorder = new Recorder(3);
        try (LiveFeed feed = new LiveFeed(new SourceSpec.Video(video), FaceDetector.none(), recorder)) {
            feed.start();
            assertTrue(recorder.stopped.await(20, TimeUnit.SECONDS));
        }
        assertEquals(3, recorder.frames.size());
        assertEquals("video clip.avi has ended.", recorder.message.get());
        assertNull(recorder.failure.get());
    }
}
