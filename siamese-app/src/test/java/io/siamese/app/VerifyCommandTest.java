package io.siamese.app;

import io.siamese.data.SharedDatasets;
import io.siamese.model.Calibration;
import io.siamese.model.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {

    /** A calibration no code path would guess: the printed threshold must come from the model file. */
    private static final Calibration CALIBRATION = Calibration.UNCALIBRATED.withThreshold(0.4375).withVerificationFraction(0.6);

    @TempDir
    static Path shared;
    private static Path model;
    private static Path references;
    private static Path face;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        model = TestFaces.randomModelFile(shared, 11, CALIBRATION);
        var faces = TestFaces.detectable(4);
        references = shared.resolve("references");
        TestFaces.write(references, "ref", faces.subList(0, 3));
        face = TestFaces.write(shared.resolve("query"), "face", faces.subList(3, 4)).get(0);
    }

    /** The outcome of one run: exit status, standard output and standard error. */
    record Run(int status, String out, String err) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return Json.read(out.strip(), Map.class);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static String[] args(Path image, Path refs, String... more) {
        List<String> all = new ArrayList<>(List.of("--model", model.toString(), "--references", refs.toString(), "--image", image.toString(), "--json"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void verifiedExitsZeroAndPrintsOneJsonLine() {
        Run run = run(args(face, references, "--detection-threshold", "0", "--verification-threshold", "1"));
        assertEquals(VerifyCommand.VERIFIED, run.status(), run.err());
        assertEquals(1, run.out().lines().count(), run.out());
        Map<String, Object> json = run.json();
        assertEquals(List.of("verified", "score", "threshold", "passed", "references", "millis"), new ArrayList<>(json.keySet()));
        assertEquals(true, json.get("verified"));
        assertEquals(3, json.get("passed"));
        assertEquals(3, json.get("references"));
        assertEquals(0.0, ((Number) json.get("threshold")).doubleValue());
        double score = ((Number) json.get("score")).doubleValue();
        assertTrue(score > 0 && score < 1, "mean score " + score);
        assertTrue(((Number) json.get("millis")).longValue() >= 0);
    }

    @Test
    void notVerifiedExitsOne() {
        Run run = run(args(face, references, "--detection-threshold", "1", "--verification-threshold", "1"));
        assertEquals(VerifyCommand.NOT_VERIFIED, run.status(), run.err());
        assertEquals(false, run.json().get("verified"));
        assertEquals(0, run.json().get("passed"));
    }

    @Test
    void theThresholdsDefaultToTheModelsCalibration() {
        Run run = run(args(face, references));
        assertTrue(run.status() == 0 || run.status() == 1, run.err());
        assertEquals(CALIBRATION.threshold(), ((Number) run.json().get("threshold")).doubleValue());
    }

    @Test
    void withoutJsonItPrintsTheVerdictInWords() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyCommand());
        cli.setOut(new PrintWriter(out));
        int status = cli.execute("--model", model.toString(), "--references", references.toString(), "--image", face.toString(),
                "--detection-threshold", "0", "--verification-threshold", "0.5");
        assertEquals(0, status);
        assertTrue(out.toString().startsWith("Verified: score "), out.toString());
        assertTrue(out.toString().contains("3 of 3 references agreed (2 needed)"), out.toString());
    }

    @Test
    void aMissingImageIsBadInput() {
        Run run = run(args(dir.resolve("nobody.png"), references));
        assertEquals(VerifyCommand.BAD_INPUT, run.status());
        assertTrue(run.err().contains("image not found: " + dir.resolve("nobody.png")), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUnreadableImageIsBadInput() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.png"), "not a PNG");
        Run run = run(args(broken, references));
        assertEquals(VerifyCommand.BAD_INPUT, run.status());
        assertTrue(run.err().contains("broken.png") && run.err().contains("not a decodable image"), run.err());
    }

    @Test
    void anImageWithoutAFaceIsBadInputUnlessCroppingIsOff() throws Exception {
        Path noise = dir.resolve("noise.png");
        ImageIO.write(TestFaces.noise(160, 120, 5), "png", noise.toFile());
        Run run = run(args(noise, references));
        assertEquals(VerifyCommand.BAD_INPUT, run.status());
        assertTrue(run.err().contains("no face found in " + noise), run.err());
        Run whole = run(args(noise, references, "--no-crop", "--detection-threshold", "0"));
        assertEquals(VerifyCommand.VERIFIED, whole.status(), whole.err());
    }

    @Test
    void aReferenceFolderWithoutImagesIsBadInput() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");
        Run run = run(args(face, empty));
        assertEquals(VerifyCommand.BAD_INPUT, run.status());
        assertTrue(run.err().contains("no usable reference images in " + empty), run.err());
        Run missing = run(args(face, dir.resolve("missing")));
        assertEquals(VerifyCommand.BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("reference folder not found: " + dir.resolve("missing")), missing.err());
    }

    @Test
    void aMissingOrBrokenModelIsBadInput() throws Exception {
        Run missing = run("--model", dir.resolve("none.zip").toString(), "--references", references.toString(), "--image", face.toString());
        assertEquals(VerifyCommand.BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("model file not found"), missing.err());
        Path broken = Files.writeString(dir.resolve("broken.zip"), "not a zip");
        Run notModel = run("--model", broken.toString(), "--references", references.toString(), "--image", face.toString());
        assertEquals(VerifyCommand.BAD_INPUT, notModel.status());
        assertTrue(notModel.err().contains("broken.zip"), notModel.err());
    }

    @Test
    void anInvalidThresholdIsBadInput() {
        Run run = run(args(face, references, "--verification-threshold", "0"));
        assertEquals(VerifyCommand.BAD_INPUT, run.status());
        assertTrue(run.err().contains("verification threshold must be in (0, 1]"), run.err());
    }

    @Test
    void theStandaloneCommandLineRunsVerifyAndRejectsMissingOptions() {
        assertEquals(VerifyCommand.BAD_INPUT, Main.execute("verify", "--image", face.toString()));
        assertEquals(VerifyCommand.VERIFIED, Main.execute("verify", "--model", model.toString(), "--references", references.toString(),
                "--image", face.toString(), "--detection-threshold", "0", "--json"));
    }

    @Test
    void theReferenceEmbeddingsAreCachedBesideTheReferences() {
        Path refs = dir.resolve("cached");
        TestFaces.write(refs, "ref", TestFaces.detectable(3));
        Run first = run(args(face, refs, "--detection-threshold", "0"));
        assertEquals(VerifyCommand.VERIFIED, first.status(), first.err());
        assertTrue(Files.isRegularFile(refs.resolve(io.siamese.app.verify.ReferenceCache.FILE_NAME)));
        Run second = run(args(face, refs, "--detection-threshold", "0"));
        assertEquals(first.json().get("score"), second.json().get("score"), "the cached embeddings give the same score");
    }

    @Test
    void theFirstFramesWithAFaceOfAFolderAreVerifiedTogether() {
        Path frames = dir.resolve("frames");
        TestFaces.write(frames, "a-noise", List.of(TestFaces.noise(120, 90, 6)));
        TestFaces.write(frames, "b-face", TestFaces.detectable(4).subList(1, 4));
        Run run = run("--model", model.toString(), "--references", references.toString(), "--folder", frames.toString(), "--frames", "3", "--json",
                "--detection-threshold", "0");
        assertEquals(VerifyCommand.VERIFIED, run.status(), run.err());
        assertEquals(9, run.json().get("passed"), "3 frames x 3 references");
        assertEquals(3, run.json().get("references"));
        Run tooFew = run("--model", model.toString(), "--references", references.toString(), "--folder", frames.toString(), "--frames", "4");
        assertEquals(VerifyCommand.BAD_INPUT, tooFew.status());
        assertTrue(tooFew.err().contains("3 of the 4 frames of folder " + frames + " show a face; --frames 4 needs 4"), tooFew.err());
        Run image = run(args(face, references, "--frames", "2"));
        assertEquals(VerifyCommand.BAD_INPUT, image.status());
        assertTrue(image.err().contains("--frames 2 needs several frames"), image.err());
    }

    @Tag("dataset")
    @Test
    void verifiesARealPhotoAgainstRealPhotosOfYaleFaces() throws Exception {
        Path yale = SharedDatasets.yaleFaces().orElse(null);
        Assumptions.assumeTrue(yale != null && Files.isDirectory(yale.resolve("subject01")), "no yale_faces in the shared datasets");
        List<Path> photos;
        try (Stream<Path> files = Files.list(yale.resolve("subject01"))) {
            photos = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        Path refs = Files.createDirectories(dir.resolve("yale-references"));
        for (Path photo : photos.subList(0, 4)) Files.copy(photo, refs.resolve(photo.getFileName()));
        Run run = run(args(photos.get(5), refs, "--detection-threshold", "0"));
        assertEquals(VerifyCommand.VERIFIED, run.status(), run.err());
        assertEquals(4, run.json().get("references"));
        assertFalse(run.err().contains("error"), run.err());
    }
}
