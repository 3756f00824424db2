package io.siamese.data.face;

import io.siamese.data.FileImage;
import io.siamese.data.ImageFixtures;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.Mats;
import io.siamese.data.NoFaceException;
import io.siamese.data.SharedDatasets;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HaarFaceCropperTest {

    @Test
    void theCascadeComesOutOfTheOpenCvJar() {
        assertTrue(HaarFaceCropper.cascadeFile().isFile());
        assertTrue(HaarFaceCropper.cascadeFile().getName().equals(HaarFaceCropper.CASCADE));
    }

    @Test
    void anImageWithoutAFaceGivesNothing() {
        HaarFaceCropper cropper = new HaarFaceCropper();
        Mat shapes = Mats.fromBufferedImage(ImageFixtures.colour(160, 120, 3));
        assertTrue(cropper.crop(shapes).isEmpty());
        assertTrue(cropper.detect(Mats.fromBufferedImage(ImageFixtures.drawing(100, 4))).isEmpty());
        assertTrue(cropper.crop(new Mat()).isEmpty());
        ImagePreprocessor strict = new ImagePreprocessor(32, 32, 1).withFaceCropper(cropper, ImagePreprocessor.MissingFace.FAIL);
        NoFaceException e = assertThrows(NoFaceException.class, () -> strict.fromMat(shapes, "frame 7"));
        assertTrue(e.getMessage().contains("frame 7"));
    }

    @Test
    void theSquareGrowsByTheMarginOnEachSideAroundTheFace() {
        // A 100x100 face at (200, 150) with 20%: a 140 square centred on (250, 200).
        assertArrayEquals(new int[] {180, 130, 140}, HaarFaceCropper.squareWithMargin(200, 150, 100, 100, 0.2, 640, 480));
        // A taller box is squared on its longer side.
        assertArrayEquals(new int[] {210, 150, 80}, HaarFaceCropper.squareWithMargin(220, 150, 60, 80, 0, 640, 480));
    }

    @Test
    void theSquareIsShiftedIntoTheImageAndShrunkToFit() {
        // Near the top-left corner: moved in, not cut.
        assertArrayEquals(new int[] {0, 0, 140}, HaarFaceCropper.squareWithMargin(5, 5, 100, 100, 0.2, 640, 480));
        // Near the bottom-right corner.
        assertArrayEquals(new int[] {500, 340, 140}, HaarFaceCropper.squareWithMargin(560, 400, 100, 100, 0.2, 640, 480));
        // Larger than the image's shorter side: as large as fits.
        assertArrayEquals(new int[] {5, 0, 120}, HaarFaceCropper.squareWithMargin(10, 10, 110, 110, 0.5, 160, 120));
    }

    @Test
    void oneCropperDetectsFromManyThreadsAtOnceWithTheSerialResults() throws Exception {
        HaarFaceCropper cropper = new HaarFaceCropper();
        io.siamese.data.SyntheticFaces.Config faces = new io.siamese.data.SyntheticFaces.Config(4, 3, 160, 1);
        Mat face = null;
        int[] expected = null;
        for (int id = 0; id < 4 && face == null; id++) {
            for (int v = 0; v < 3 && face == null; v++) {
                Mat candidate = Mats.fromBufferedImage(io.siamese.data.SyntheticFaces.render(id, v, faces));
                Optional<org.bytedeco.opencv.opencv_core.Rect> box = cropper.detect(candidate);
                if (box.isPresent()) {
                    face = candidate;
                    expected = new int[] {box.get().x(), box.get().y(), box.get().width(), box.get().height()};
                }
            }
        }
        Assumptions.assumeTrue(face != null, "the cascade finds none of the synthetic faces");
        Mat image = face;
        List<int[]> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    org.bytedeco.opencv.opencv_core.Rect r = cropper.detect(image).orElseThrow();
                    results.add(new int[] {r.x(), r.y(), r.width(), r.height()});
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join(60_000);
        assertEquals(40, results.size());
        for (int[] r : results) assertArrayEquals(expected, r);
    }

    @Test
    void marginsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new HaarFaceCropper(-0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new HaarFaceCropper(0.2, 0));
    }

    @Tag("dataset")
    @Test
    void findsAFaceInEveryYalePhotoAndCropsItInTheInputsColours() throws Exception {
        Path yale = SharedDatasets.yaleFaces().orElse(null);
        Assumptions.assumeTrue(yale != null && Files.isDirectory(yale), "no yale_faces in the shared datasets");
        List<Path> photos;
        try (Stream<Path> files = Files.walk(yale)) {
            photos = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(164, photos.size());
        HaarFaceCropper cropper = new HaarFaceCropper();
        List<Path> missed = new ArrayList<>();
        for (Path photo : photos) {
            Mat image = new FileImage(photo).decode();
            Optional<Mat> crop = cropper.crop(image);
            if (crop.isEmpty()) {
                missed.add(photo);
                continue;
            }
            assertEquals(crop.get().cols(), crop.get().rows(), "square");
            assertEquals(1, crop.get().channels());
            // Yale photos are 320x243 head-and-shoulders shots: a face at least 60 px wide, so a crop of at least 84.
            assertTrue(crop.get().cols() >= 84 && crop.get().cols() <= 243, photo + ": crop " + crop.get().cols());
        }
        assertEquals(List.of(), missed);

        Mat colour = new Mat();
        cvtColor(new FileImage(photos.get(0)).decode(), colour, COLOR_GRAY2BGR);
        assertEquals(3, cropper.crop(colour).orElseThrow().channels());
    }
}
