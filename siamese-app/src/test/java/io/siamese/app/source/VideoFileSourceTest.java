package io.siamese.app.source;

import io.siamese.app.TestFaces;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoFileSourceTest {

    static final int FRAMES = 12;
    static final int WIDTH = TestFaces.VIDEO_WIDTH;
    static final int HEIGHT = TestFaces.VIDEO_HEIGHT;

    @TempDir
    Path dir;

    @Test
    void readsBackEveryFrameOfAGeneratedVideoAtItsSizeAndRate() throws Exception {
        Path video = TestFaces.writeVideo(dir.resolve("clip.avi"), FRAMES, 10);
        try (VideoFileSource source = VideoFileSource.open(video)) {
            assertEquals(WIDTH, source.width());
            assertEquals(HEIGHT, source.height());
            assertEquals(Duration.ofMillis(100), source.frameInterval());
            assertEquals("video clip.avi", source.name());
            List<Mat> frames = new ArrayList<>();
            while (true) {
                var frame = source.grab();
                if (frame.isEmpty()) break;
                frames.add(frame.get());
            }
            assertEquals(FRAMES, frames.size());
            for (Mat frame : frames) {
                assertEquals(WIDTH, frame.cols());
                assertEquals(HEIGHT, frame.rows());
                assertEquals(3, frame.channels());
            }
            // Each frame kept its own pixels although the grabber reuses its buffers: neighbours differ.
            assertTrue(sumElems(frames.get(0)).get(0) != sumElems(frames.get(1)).get(0));
            assertTrue(source.grab().isEmpty(), "the video stays ended");
        }
    }

    @Test
    void aFrameKeepsItsPixelsWhileLaterFramesAreGrabbed() throws Exception {
        Path video = TestFaces.writeVideo(dir.resolve("clip.avi"), 4, 25);
        try (VideoFileSource source = VideoFileSource.open(video)) {
            Mat first = source.grab().orElseThrow();
            double before = sumElems(first).get(1);
            while (source.grab().isPresent()) {
                // Grabbing the rest would overwrite a wrapped buffer.
            }
            assertEquals(before, sumElems(first).get(1), 1e-6);
        }
    }

    @Test
    void missingAndNonVideoFilesAreRefusedWithTheirName() throws Exception {
        FrameSourceException missing = assertThrows(FrameSourceException.class, () -> VideoFileSource.open(dir.resolve("none.mp4")));
        assertTrue(missing.getMessage().contains("none.mp4"), missing.getMessage());
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all");
        FrameSourceException notVideo = assertThrows(FrameSourceException.class, () -> VideoFileSource.open(text));
        assertTrue(notVideo.getMessage().contains("notes.mp4"), notVideo.getMessage());
    }
}
