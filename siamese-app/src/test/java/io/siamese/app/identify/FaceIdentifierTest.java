package io.siamese.app.identify;

import io.siamese.app.TestFaces;
import io.siamese.app.verify.FaceEmbedder;
import io.siamese.app.verify.ReferenceCache;
import io.siamese.app.verify.Thresholds;
import io.siamese.data.DatasetException;
import io.siamese.data.Mats;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identification on tiny synthetic galleries with a model that scores by distance alone: a photo compared with itself
 * scores exactly 0.5 and any other photo less, so with a detection threshold just below 0.5 a person matches only a
 * probe that is one of their references.
 */
class FaceIdentifierTest {

    private static final Thresholds ONE_OF_THREE = new Thresholds(0.4999, 0.3);
    private static SiameseModel model;
    private static List<List<BufferedImage>> people;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        model = TestFaces.distanceModel(31, Calibration.UNCALIBRATED);
        people = TestFaces.detectablePeople(3, 4);
    }

    private Path gallery() {
        Path gallery = dir.resolve("people");
        TestFaces.write(gallery.resolve("Alice"), "alice", people.get(0).subList(0, 3));
        TestFaces.write(gallery.resolve("Bob"), "bob", people.get(1).subList(0, 3));
        return gallery;
    }

    private static Mat image(int person, int sample) {
        return Mats.fromBufferedImage(people.get(person).get(sample));
    }

    @Test
    void theRightPersonIsNamed() {
        FaceIdentifier identifier = FaceIdentifier.create(model, gallery(), new HaarFaceCropper());
        IdentificationResult result = identifier.identify(image(0, 1), "alice's second photo", ONE_OF_THREE);
        Identification id = result.identification();
        assertEquals("Alice", id.identity());
        assertEquals(List.of("Alice", "Bob"), result.people());
        assertEquals(1, id.candidates().stream().filter(c -> c.name().equals("Alice")).findFirst().orElseThrow().agreeing());
        assertEquals(0, id.candidates().stream().filter(c -> c.name().equals("Bob")).findFirst().orElseThrow().agreeing());
        assertEquals(6, result.referencesEmbedded());
        double[] alice = result.pooled().get(0);
        assertEquals(0.5, alice[1], 1e-6, "the probe is Alice's second reference");
        assertTrue(alice[0] < 0.4999 && alice[2] < 0.4999);
    }

    @Test
    void anUnknownPersonIsNobody() {
        FaceIdentifier identifier = FaceIdentifier.create(model, gallery(), new HaarFaceCropper());
        Identification id = identifier.identify(image(2, 0), "a stranger", ONE_OF_THREE).identification();
        assertFalse(id.identified());
        assertEquals(2, id.candidates().size());
        assertTrue(id.score() < 0.5);
    }

    @Test
    void aPersonWithOneReferenceIsNamedOnIt() {
        Path gallery = gallery();
        TestFaces.write(gallery.resolve("Carol"), "carol", people.get(2).subList(3, 4));
        FaceIdentifier identifier = FaceIdentifier.create(model, gallery, new HaarFaceCropper());
        Identification id = identifier.identify(image(2, 3), "carol", ONE_OF_THREE).identification();
        assertEquals("Carol", id.identity());
        Candidate carol = id.candidates().get(0);
        assertEquals(1, carol.references());
        assertEquals(1, carol.required());
        assertEquals(0.5, carol.score(), 1e-6);
    }

    @Test
    void anEmptyGalleryOrOneWithoutUsablePhotosIsAClearError() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        FaceIdentifier identifier = FaceIdentifier.create(model, empty, new HaarFaceCropper());
        DatasetException none = assertThrows(DatasetException.class, () -> identifier.identify(image(0, 0), "x", ONE_OF_THREE));
        assertTrue(none.getMessage().contains("nobody in the gallery " + empty) && none.getMessage().contains("no person folders"), none.getMessage());
        Files.createDirectories(empty.resolve("Dan"));
        Files.writeString(empty.resolve("Dan").resolve("broken.jpg"), "not a JPEG");
        DatasetException unusable = assertThrows(DatasetException.class, () -> identifier.identify(image(0, 0), "x", ONE_OF_THREE));
        assertTrue(unusable.getMessage().contains("none with a readable photo"), unusable.getMessage());
        assertThrows(DatasetException.class, () -> FaceIdentifier.create(model, dir.resolve("missing"), new HaarFaceCropper()).refresh());
    }

    @Test
    void aPersonWithoutUsablePhotosIsLeftOutAndTheOthersStillCount() throws Exception {
        Path gallery = gallery();
        Files.createDirectories(gallery.resolve("Eve"));
        FaceIdentifier identifier = FaceIdentifier.create(model, gallery, new HaarFaceCropper());
        assertEquals(List.of("Alice", "Bob"), identifier.refresh());
    }

    @Test
    void aSecondIdentifierReadsTheCachedEmbeddingsAndNoticesANewPerson() {
        Path gallery = gallery();
        FaceIdentifier.create(model, gallery, new HaarFaceCropper()).identify(image(0, 0), "alice", ONE_OF_THREE);
        assertTrue(Files.isRegularFile(gallery.resolve("Alice").resolve(ReferenceCache.FILE_NAME)));
        FaceIdentifier second = FaceIdentifier.create(model, gallery, new HaarFaceCropper());
        IdentificationResult again = second.identify(image(1, 2), "bob", ONE_OF_THREE);
        assertEquals(0, again.referencesEmbedded(), "every reference came from the cache files");
        assertEquals("Bob", again.identification().identity());
        TestFaces.write(gallery.resolve("Carol"), "carol", people.get(2).subList(0, 2));
        IdentificationResult withCarol = second.identify(image(2, 1), "carol", ONE_OF_THREE);
        assertEquals(2, withCarol.referencesEmbedded(), "only Carol's photos are new");
        assertEquals("Carol", withCarol.identification().identity());
    }

    @Test
    void severalFramesArePooled() {
        FaceIdentifier identifier = FaceIdentifier.create(model, gallery(), new HaarFaceCropper());
        FaceEmbedder embedder = identifier.embedder();
        List<FaceEmbedder.Face> faces = List.of(embedder.face(image(0, 0), "f0"), embedder.face(image(0, 1), "f1"), embedder.face(image(0, 3), "f2"));
        IdentificationResult result = identifier.identify(faces, ONE_OF_THREE);
        assertEquals(3, result.frames());
        assertEquals(9, result.pooled().get(0).length, "3 frames x 3 references");
        Candidate alice = result.identification().candidates().stream().filter(c -> c.name().equals("Alice")).findFirst().orElseThrow();
        assertEquals(2, alice.agreeing(), "two of the frames are Alice's references");
        assertEquals(3, alice.required(), "0.3 of 9 comparisons");
        assertFalse(result.identification().identified(), "2 of 9 is not enough");
        assertEquals("Alice", result.decide(new Thresholds(0.4999, 0.2)).identity(), "0.2 of 9 needs 2");
    }
}
