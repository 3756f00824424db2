package io.siamese.app.source;

import io.siamese.app.TestFaces;
import io.siamese.data.Mats;
import io.siamese.data.SyntheticFaces;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderSourceTest {

    @TempDir
    Path dir;

    @Test
    void cyclesThroughTheImagesInNameOrderAsBgrFrames() throws Exception {
        // Three images of different sizes, one of them grayscale, written out of name order.
        ImageIO.write(face(0, 64), "png", dir.resolve("c.png").toFile());
        ImageIO.write(face(1, 40), "png", dir.resolve("a.png").toFile());
        BufferedImage gray = new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(gray, "png", dir.resolve("b.png").toFile());
        Files.writeString(dir.resolve("notes.txt"), "not an image");

        try (ImageFolderSource source = ImageFolderSource.open(dir, Duration.ofMillis(250))) {
            assertEquals(List.of(dir.resolve("a.png"), dir.resolve("b.png"), dir.resolve("c.png")), source.images());
            assertEquals(Duration.ofMillis(250), source.frameInterval());
            List<int[]> sizes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Mat frame = source.grab().orElseThrow();
                assertEquals(3, frame.channels(), "every frame is BGR");
                assertEquals(CV_8U, frame.depth());
                sizes.add(new int[] {frame.cols(), frame.rows()});
            }
            assertEquals(List.of("40x40", "30x20", "64x64", "40x40", "30x20"), sizes.stream().map(s -> s[0] + "x" + s[1]).toList());
            assertEquals(dir.resolve("b.png"), source.current().orElseThrow());
        }
    }

    @Test
    void framesAreCopiesThatTheCallerMayChange() throws Exception {
        ImageIO.write(face(0, 48), "png", dir.resolve("only.png").toFile());
        try (ImageFolderSource source = ImageFolderSource.open(dir, Duration.ZERO)) {
            Mat first = source.grab().orElseThrow();
            double before = sumElems(first).get(0);
            first.put(new Scalar(0, 0, 0, 0));
            Mat again = source.grab().orElseThrow();
            assertEquals(before, sumElems(again).get(0), 1e-6);
        }
    }

    @Test
    void undecodableFilesAreSkipped() throws Exception {
        ImageIO.write(face(0, 48), "png", dir.resolve("b.png").toFile());
        Files.writeString(dir.resolve("a.png"), "this is no PNG");
        try (ImageFolderSource source = ImageFolderSource.open(dir, Duration.ZERO)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(48, source.grab().orElseThrow().cols());
                assertEquals(dir.resolve("b.png"), source.current().orElseThrow());
            }
        }
    }

    @Test
    void aFolderOfBrokenImagesFailsClearly() throws Exception {
        Files.writeString(dir.resolve("a.png"), "this is no PNG");
        try (ImageFolderSource source = ImageFolderSource.open(dir, Duration.ZERO)) {
            FrameSourceException e = assertThrows(FrameSourceException.class, source::grab);
            assertTrue(e.getMessage().contains("none of the 1 image files"), e.getMessage());
        }
    }

    @Test
    void aMissingOrEmptyFolderIsRefusedWithItsName() throws Exception {
        FrameSourceException missing = assertThrows(FrameSourceException.class, () -> ImageFolderSource.open(dir.resolve("nope"), Duration.ZERO));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        Files.writeString(dir.resolve("readme.txt"), "no images here");
        FrameSourceException empty = assertThrows(FrameSourceException.class, () -> ImageFolderSource.open(dir, Duration.ZERO));
        assertTrue(empty.getMessage().contains("no image files in " + dir), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageFolderSource.open(dir, Duration.ofMillis(-1)));
    }

    @Test
    void theSpecOpensTheFolderWithItsInterval() throws Exception {
        ImageIO.write(face(0, 48), "png", dir.resolve("a.png").toFile());
        SourceSpec.Folder spec = new SourceSpec.Folder(dir);
        assertEquals(SourceSpec.Folder.DEFAULT_INTERVAL, spec.interval());
        try (FrameSource source = spec.open()) {
            assertEquals(SourceSpec.Folder.DEFAULT_INTERVAL, source.frameInterval());
            assertEquals("folder " + dir, source.name());
            assertTrue(source.grab().isPresent());
        }
    }

    private static BufferedImage face(int identity, int size) {
        return SyntheticFaces.render(identity, 0, TestFaces.FACES.withIdentities(2).withImagesPerIdentity(2).withSeed(3)).getSubimage(0, 0, size, size);
    }

    @Test
    void bgrCopyTurnsGrayAndBgraIntoBgr() {
        Mat gray = Mats.fromBufferedImage(new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY));
        assertEquals(3, Frames.bgrCopy(gray).channels());
        Mat bgra = new Mat(6, 8, org.bytedeco.opencv.global.opencv_core.CV_8UC4, new Scalar(10, 20, 30, 255));
        Mat bgr = Frames.bgrCopy(bgra);
        assertEquals(3, bgr.channels());
        assertEquals(8 * 6 * 10, sumElems(bgr).get(0), 1e-6);
        assertEquals(8 * 6 * 30, sumElems(bgr).get(2), 1e-6);
        assertThrows(FrameSourceException.class, () -> Frames.bgrCopy(new Mat()));
    }
}
