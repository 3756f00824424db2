package io.siamese.app.verify;

import io.siamese.app.TestFaces;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.Mats;
import io.siamese.data.NoFaceException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.ModelSpec;
import io.siamese.model.SiameseModel;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceVerifierTest {

    private static SiameseModel model;
    private static List<BufferedImage> faces;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        model = TestFaces.randomModel(7, Calibration.UNCALIBRATED);
        faces = TestFaces.detectable(4);
    }

    @Test
    void scoresTheLiveFaceAgainstEveryReferenceWithTheTrainingPreprocessing() {
        List<Path> files = TestFaces.write(dir, "ref", faces.subList(0, 3));
        FaceVerifier verifier = FaceVerifier.create(model, dir, true);
        Mat live = Mats.fromBufferedImage(faces.get(3));
        VerificationResult result = verifier.verify(live, "live", new Thresholds(0, 1));

        assertTrue(result.verdict().verified());
        assertEquals(3, result.verdict().references());
        assertEquals(3, result.verdict().passed());
        assertEquals(files, result.references());
        assertEquals(3, result.referencesEmbedded());

        // The same numbers by hand: references cropped (whole image if no face), the live face cropped, one tower pass each.
        ModelSpec spec = model.spec();
        ImagePreprocessor plain = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        ImagePreprocessor references = plain.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        List<Embedding> expectedReferences = new ArrayList<>();
        for (Path file : files) expectedReferences.add(model.embed(references.load(new FileImage(file))));
        Mat face = new HaarFaceCropper().crop(live).orElseThrow();
        double[] expected = model.scores(model.embed(plain.fromMat(face, "live")), expectedReferences);
        assertArrayEquals(expected, result.scores(), 1e-6);
        assertEquals(face.cols(), result.face().getWidth(), "the result shows the face that was compared");
        for (double s : result.scores()) assertTrue(s >= 0 && s <= 1, "a probability: " + s);
    }

    @Test
    void anUnchangedReferenceFolderIsNotEmbeddedAgain() throws Exception {
        TestFaces.write(dir, "ref", faces.subList(0, 2));
        FaceVerifier verifier = FaceVerifier.create(model, dir, true);
        Mat live = Mats.fromBufferedImage(faces.get(3));
        verifier.verify(live, "live", new Thresholds(0.5, 0.5));
        VerificationResult second = verifier.verify(live, "live", new Thresholds(0.5, 0.5));
        assertEquals(0, second.referencesEmbedded());
        assertEquals(2, verifier.cache().embeddingsComputed());
        TestFaces.write(dir, "more", faces.subList(2, 3));
        VerificationResult third = verifier.verify(live, "live", new Thresholds(0.5, 0.5));
        assertEquals(1, third.referencesEmbedded());
        assertEquals(3, third.verdict().references());
        assertEquals(3, verifier.cache().embeddingsComputed());
    }

    @Test
    void aSecondVerifierOnTheSameFolderReadsTheCachedEmbeddings() {
        TestFaces.write(dir, "ref", faces.subList(0, 3));
        Mat live = Mats.fromBufferedImage(faces.get(3));
        VerificationResult first = FaceVerifier.create(model, dir, true).verify(live, "live", new Thresholds(0.5, 0.5));
        assertEquals(3, first.referencesEmbedded());
        FaceVerifier second = FaceVerifier.create(model, dir, true);
        VerificationResult again = second.verify(live, "live", new Thresholds(0.5, 0.5));
        assertEquals(0, again.referencesEmbedded(), "another verifier (another run of verify) embeds no reference");
        assertEquals(0, second.cache().embeddingsComputed());
        assertArrayEquals(first.scores(), again.scores(), 0.0);
        VerificationResult whole = FaceVerifier.create(model, dir, false).verify(live, "live", new Thresholds(0.5, 0.5));
        assertEquals(3, whole.referencesEmbedded(), "whole images are another preprocessing: another key");
    }

    @Test
    void severalFramesOfTheLiveFaceArePooled() {
        TestFaces.write(dir, "ref", faces.subList(0, 2));
        FaceVerifier verifier = FaceVerifier.create(model, dir, true);
        List<FaceEmbedder.Face> live = List.of(verifier.embedder().face(Mats.fromBufferedImage(faces.get(2)), "f0"),
                verifier.embedder().face(Mats.fromBufferedImage(faces.get(3)), "f1"));
        VerificationResult result = verifier.verify(live, new Thresholds(0, 1));
        assertEquals(2, result.frames());
        assertEquals(4, result.scores().length);
        assertEquals(4, result.verdict().passed());
        assertEquals(2, result.verdict().references());
        double[] second = model.scores(live.get(1).embedding(), verifier.cache().refresh().embeddings());
        assertArrayEquals(second, java.util.Arrays.copyOfRange(result.scores(), 2, 4), 0.0, "frame after frame");
    }

    @Test
    void theThresholdsDecide() {
        TestFaces.write(dir, "ref", faces.subList(0, 3));
        FaceVerifier verifier = FaceVerifier.create(model, dir, true);
        Mat live = Mats.fromBufferedImage(faces.get(3));
        VerificationResult strict = verifier.verify(live, "live", new Thresholds(1.0, 1.0));
        assertFalse(strict.verdict().verified());
        assertEquals(0, strict.verdict().passed());
        assertEquals(new Thresholds(1.0, 1.0), strict.verdict().thresholds());
    }

    @Test
    void aLiveImageWithoutAFaceIsRefusedUnlessCroppingIsOff() {
        TestFaces.write(dir, "ref", faces.subList(0, 2));
        Mat noise = Mats.fromBufferedImage(TestFaces.noise(160, 120, 3));
        NoFaceException e = assertThrows(NoFaceException.class,
                () -> FaceVerifier.create(model, dir, true).verify(noise, "noise.png", new Thresholds(0.5, 0.5)));
        assertTrue(e.getMessage().contains("noise.png"), e.getMessage());
        VerificationResult whole = FaceVerifier.create(model, dir, false).verify(noise, "noise.png", new Thresholds(0.5, 0.5));
        assertEquals(2, whole.verdict().references());
        assertEquals(160, whole.face().getWidth(), "without cropping the whole image is compared");
    }

    @Test
    void anEmptyOrMissingReferenceFolderIsAClearError() throws Exception {
        Mat live = Mats.fromBufferedImage(faces.get(3));
        Files.writeString(dir.resolve("readme.txt"), "no images");
        DatasetException empty = assertThrows(DatasetException.class,
                () -> FaceVerifier.create(model, dir, true).verify(live, "live", new Thresholds(0.5, 0.5)));
        assertTrue(empty.getMessage().contains("no usable reference images in " + dir), empty.getMessage());
        Files.writeString(dir.resolve("broken.jpg"), "not a JPEG");
        DatasetException broken = assertThrows(DatasetException.class,
                () -> FaceVerifier.create(model, dir, true).verify(live, "live", new Thresholds(0.5, 0.5)));
        assertTrue(broken.getMessage().contains("1 files could not be read"), broken.getMessage());
        DatasetException missing = assertThrows(DatasetException.class,
                () -> FaceVerifier.create(model, dir.resolve("none"), true).verify(live, "live", new Thresholds(0.5, 0.5)));
        assertTrue(missing.getMessage().contains("reference folder not found"), missing.getMessage());
    }

    @Test
    void aPreprocessingOfAnotherSizeThanTheModelIsRefused() {
        ImagePreprocessor wrong = new ImagePreprocessor(32, 32, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FaceEmbedder(model, wrong, wrong, wrong, null));
        assertTrue(e.getMessage().contains("32x32x1") && e.getMessage().contains("48x48x1"), e.getMessage());
    }
}
