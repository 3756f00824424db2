package io.siamese.app.enrol;

import io.siamese.app.TestFaces;
import io.siamese.data.FaceCropper;
import io.siamese.data.FileImage;
import io.siamese.data.Mats;
import io.siamese.data.NoFaceException;
import io.siamese.data.face.HaarFaceCropper;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrolmentStoreTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2024-01-31T14:25:01.123Z"), ZoneOffset.UTC);
    /** Cuts out the centre square: face finding without a face detector, for the store's own logic. */
    private static final FaceCropper CENTRE = image -> {
        int side = Math.min(image.cols(), image.rows());
        return Optional.of(new Mat(image, new Rect((image.cols() - side) / 2, (image.rows() - side) / 2, side, side)).clone());
    };

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheOriginalProjectsFolders() {
        assertEquals(Path.of("data/anchor"), EnrolmentFolders.DEFAULTS.anchors());
        assertEquals(Path.of("data/positive"), EnrolmentFolders.DEFAULTS.positives());
        assertEquals(Path.of("application_data/verification_images"), EnrolmentFolders.DEFAULTS.references());
        assertEquals(Path.of("application_data/people"), EnrolmentFolders.DEFAULTS.people());
        EnrolmentFolders moved = EnrolmentFolders.DEFAULTS.withData(dir).withReferences(dir.resolve("refs"));
        assertEquals(dir.resolve("anchor"), moved.anchors());
        assertEquals(dir.resolve("positive"), moved.positives());
        assertEquals(dir.resolve("refs"), moved.references());
    }

    @Test
    void eachKindGoesToItsFolderAsAFixedSizeJpegInOriginalColours() {
        EnrolmentStore store = new EnrolmentStore(folders(), CENTRE, FIXED);
        // A red 320x240 frame: the centre 240x240 square is shrunk to 250x250 and stays red.
        Mat red = new Mat(240, 320, CV_8UC3, new Scalar(0, 0, 255, 0));
        Path anchor = store.save(EnrolmentStore.Kind.ANCHOR, red);
        Path positive = store.save(EnrolmentStore.Kind.POSITIVE, red);
        Path reference = store.save(EnrolmentStore.Kind.REFERENCE, red);
        assertEquals(dir.resolve("data/anchor/anchor-20240131-142501-123.jpg"), anchor);
        assertEquals(dir.resolve("data/positive/positive-20240131-142501-123.jpg"), positive);
        assertEquals(dir.resolve("verification_images/reference-20240131-142501-123.jpg"), reference);
        Mat saved = new FileImage(anchor).decode();
        assertEquals(EnrolmentStore.SIZE, saved.cols());
        assertEquals(EnrolmentStore.SIZE, saved.rows());
        assertEquals(3, saved.channels());
        Scalar bgr = mean(saved);
        assertTrue(bgr.get(0) < 10 && bgr.get(1) < 10 && bgr.get(2) > 240, "still red: " + bgr.get(0) + ", " + bgr.get(1) + ", " + bgr.get(2));
        assertEquals(1, store.count(EnrolmentStore.Kind.ANCHOR));
        assertEquals(1, store.count(EnrolmentStore.Kind.REFERENCE));
    }

    @Test
    void savesInTheSameMillisecondGetDistinctNamesAndNothingIsOverwritten() throws Exception {
        EnrolmentStore store = new EnrolmentStore(folders(), CENTRE, FIXED);
        Mat frame = new Mat(100, 100, CV_8UC3, new Scalar(10, 200, 30, 0));
        Path first = store.save(EnrolmentStore.Kind.ANCHOR, frame);
        long firstSize = Files.size(first);
        Path second = store.save(EnrolmentStore.Kind.ANCHOR, new Mat(100, 100, CV_8UC3, new Scalar(0, 0, 0, 0)));
        Path third = store.save(EnrolmentStore.Kind.ANCHOR, frame);
        assertNotEquals(first, second);
        assertEquals("anchor-20240131-142501-123-2.jpg", second.getFileName().toString());
        assertEquals("anchor-20240131-142501-123-3.jpg", third.getFileName().toString());
        assertEquals(firstSize, Files.size(first));
        assertEquals(3, store.count(EnrolmentStore.Kind.ANCHOR));
    }

    @Test
    void aFrameWithoutAFaceSavesNothing() {
        EnrolmentStore store = new EnrolmentStore(folders(), image -> Optional.empty(), FIXED);
        NoFaceException e = assertThrows(NoFaceException.class,
                () -> store.save(EnrolmentStore.Kind.POSITIVE, new Mat(50, 50, CV_8UC3, new Scalar(0, 0, 0, 0))));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data/positive")));
        assertEquals(0, store.count(EnrolmentStore.Kind.POSITIVE));
    }

    @Test
    void theHaarCropperSavesTheFaceOfASyntheticFrame() {
        EnrolmentStore store = new EnrolmentStore(folders(), new HaarFaceCropper(), Clock.systemUTC());
        Path saved = store.save(EnrolmentStore.Kind.REFERENCE, Mats.fromBufferedImage(TestFaces.detectable(1).get(0)));
        Mat image = new FileImage(saved).decode();
        assertEquals(EnrolmentStore.SIZE, image.cols());
        assertEquals(EnrolmentStore.SIZE, image.rows());
        assertTrue(saved.getFileName().toString().matches("reference-\\d{8}-\\d{6}-\\d{3}\\.jpg"), saved.toString());
        assertThrows(NoFaceException.class, () -> store.save(EnrolmentStore.Kind.REFERENCE, Mats.fromBufferedImage(TestFaces.noise(120, 90, 1))));
    }

    @Test
    void aReferenceOfANamedPersonGoesToTheirGalleryFolderAndTrainingImagesStayWhereTheyWere() {
        EnrolmentStore store = new EnrolmentStore(folders().withPeople(dir.resolve("people")), CENTRE, FIXED);
        Mat frame = new Mat(100, 100, CV_8UC3, new Scalar(10, 200, 30, 0));
        assertEquals(dir.resolve("people/Alice/reference-20240131-142501-123.jpg"), store.save(EnrolmentStore.Kind.REFERENCE, " Alice ", frame));
        assertEquals(dir.resolve("verification_images/reference-20240131-142501-123.jpg"), store.save(EnrolmentStore.Kind.REFERENCE, "", frame));
        assertEquals(dir.resolve("data/anchor/anchor-20240131-142501-123.jpg"), store.save(EnrolmentStore.Kind.ANCHOR, "Alice", frame));
        assertThrows(io.siamese.model.BadInputException.class, () -> store.save(EnrolmentStore.Kind.REFERENCE, "../x", frame));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    private EnrolmentFolders folders() {
        return EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("verification_images"));
    }
}
