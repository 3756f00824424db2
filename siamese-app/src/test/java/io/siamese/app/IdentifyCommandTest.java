package io.siamese.app;

import io.siamese.app.verify.ReferenceCache;
import io.siamese.model.Calibration;
import io.siamese.model.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code identify} command's contract: one JSON line with identity, score, threshold, candidates and millis;
 * exit 0 when someone is named, 1 for an unknown face, 2 for bad input. The model scores by distance alone (a photo
 * against itself scores 0.5, anything else less) and carries identification thresholds just below 0.5 for 1 to 3
 * frames, and a much lower pair threshold that must not be used.
 */
class IdentifyCommandTest {

    private static final double UNKNOWN_REJECTION = 0.4999;
    private static final Calibration CALIBRATION = Calibration.UNCALIBRATED.withThreshold(0.05).withVerificationFraction(0.3)
            .withIdentification(new Calibration.Identification("fir=0.001", 0.001, 7, 5, List.of(
                    new Calibration.FrameRule(1, UNKNOWN_REJECTION, 0, 0.5, 80, 40), new Calibration.FrameRule(2, UNKNOWN_REJECTION, 0, 0.5, 3000, 3000),
                    new Calibration.FrameRule(3, UNKNOWN_REJECTION, 0, 0.5, 3000, 3000))));

    @TempDir
    static Path shared;
    private static Path model;
    private static Path gallery;
    private static List<List<BufferedImage>> people;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        model = TestFaces.distanceModelFile(shared, 41, CALIBRATION);
        people = TestFaces.detectablePeople(3, 4);
        gallery = shared.resolve("people");
        TestFaces.write(gallery.resolve("Alice"), "alice", people.get(0).subList(0, 3));
        TestFaces.write(gallery.resolve("Bob"), "bob", people.get(1).subList(0, 3));
    }

    static VerifyCommandTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new IdentifyCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new VerifyCommandTest.Run(status, out.toString(), err.toString());
    }

    private static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of("--model", model.toString(), "--gallery", gallery.toString(), "--json"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private Path photo(int person, int sample) {
        return TestFaces.write(dir.resolve("probe-" + person + "-" + sample), "probe", List.of(people.get(person).get(sample))).get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEnrolledPersonIsNamedWithTheJsonContractAndExitZero() {
        VerifyCommandTest.Run run = run(args("--image", photo(1, 2).toString()));
        assertEquals(IdentifyCommand.IDENTIFIED, run.status(), run.err());
        assertEquals(1, run.out().lines().count(), run.out());
        Map<String, Object> json = run.json();
        assertEquals(List.of("identity", "score", "threshold", "candidates", "millis"), new ArrayList<>(json.keySet()));
        assertEquals("Bob", json.get("identity"));
        double score = ((Number) json.get("score")).doubleValue();
        assertTrue(score > 0 && score < 0.5, "Bob's mean over three references, one of them the probe itself: " + score);
        assertEquals(UNKNOWN_REJECTION, ((Number) json.get("threshold")).doubleValue(), "the one-frame unknown-rejection threshold, not the pair threshold");
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) json.get("candidates");
        assertEquals(2, candidates.size());
        assertEquals(List.of("name", "score", "agreeing"), new ArrayList<>(candidates.get(0).keySet()));
        assertEquals("Bob", candidates.get(0).get("name"));
        assertEquals(1, candidates.get(0).get("agreeing"));
        assertEquals("Alice", candidates.get(1).get("name"));
        assertEquals(0, candidates.get(1).get("agreeing"));
        assertEquals(score, ((Number) candidates.get(0).get("score")).doubleValue(), 0.0);
        assertTrue(((Number) candidates.get(1).get("score")).doubleValue() < score);
        assertTrue(((Number) json.get("millis")).longValue() >= 0);
    }

    @Test
    void anUnknownFaceIsNullWithExitOne() {
        VerifyCommandTest.Run run = run(args("--image", photo(2, 0).toString()));
        assertEquals(IdentifyCommand.UNKNOWN, run.status(), run.err());
        Map<String, Object> json = run.json();
        assertTrue(json.containsKey("identity"));
        assertNull(json.get("identity"));
        assertTrue(((Number) json.get("score")).doubleValue() < 0.5, "the best candidate's score");
    }

    @Test
    void withoutJsonItNamesThePersonInWords() {
        VerifyCommandTest.Run run = run("--model", model.toString(), "--gallery", gallery.toString(), "--image", photo(0, 1).toString());
        assertEquals(IdentifyCommand.IDENTIFIED, run.status(), run.err());
        assertTrue(run.out().matches("(?s)Alice: score 0\\.\\d{3}, 1 of 3 comparisons agreed \\(1 needed\\)\n.*"), run.out());
        assertTrue(run.out().contains("detection threshold 0.4999, verification threshold 0.30, 1 frame"), run.out());
    }

    @Test
    void theFirstFramesWithAFaceOfAFolderAreDecidedTogether() throws Exception {
        // A noise frame (no face) first, then Alice's three references: 3 of 9 comparisons agree, 0.3 x 9 -> 3 needed.
        Path frames = dir.resolve("frames");
        TestFaces.write(frames, "a-noise", List.of(TestFaces.noise(120, 90, 4)));
        TestFaces.write(frames, "b-alice", people.get(0).subList(0, 3));
        VerifyCommandTest.Run three = run(args("--folder", frames.toString(), "--frames", "3"));
        assertEquals(IdentifyCommand.IDENTIFIED, three.status(), three.err());
        assertEquals("Alice", three.json().get("identity"));
        assertEquals(UNKNOWN_REJECTION, ((Number) three.json().get("threshold")).doubleValue());
        VerifyCommandTest.Run tooMany = run(args("--folder", frames.toString(), "--frames", "5"));
        assertEquals(IdentifyCommand.BAD_INPUT, tooMany.status());
        assertTrue(tooMany.err().contains("3 of the 4 frames of folder " + frames + " show a face; --frames 5 needs 5"), tooMany.err());
    }

    @Test
    void theFirstFramesWithAFaceOfAVideoAreDecidedTogether() throws Exception {
        Path video = TestFaces.writeVideo(dir.resolve("door.avi"), 12, 10);
        VerifyCommandTest.Run run = run(args("--video", video.toString(), "--frames", "2"));
        assertTrue(run.status() == IdentifyCommand.IDENTIFIED || run.status() == IdentifyCommand.UNKNOWN, run.err());
        assertEquals(2, ((List<?>) run.json().get("candidates")).size());
        assertEquals(UNKNOWN_REJECTION, ((Number) run.json().get("threshold")).doubleValue(), "the two-frame threshold");
        VerifyCommandTest.Run broken = run(args("--video", Files.writeString(dir.resolve("broken.avi"), "not a video").toString()));
        assertEquals(IdentifyCommand.BAD_INPUT, broken.status());
        assertTrue(broken.err().contains("broken.avi"), broken.err());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        Path noise = dir.resolve("noise.png");
        ImageIO.write(TestFaces.noise(160, 120, 5), "png", noise.toFile());
        Path face = photo(0, 0);
        Path empty = Files.createDirectories(dir.resolve("empty-gallery"));
        String[][] cases = {
                {"no face found in " + noise, "--model", model.toString(), "--gallery", gallery.toString(), "--image", noise.toString()},
                {"image not found", "--model", model.toString(), "--gallery", gallery.toString(), "--image", dir.resolve("none.png").toString()},
                {"gallery folder not found", "--model", model.toString(), "--gallery", dir.resolve("none").toString(), "--image", face.toString()},
                {"nobody in the gallery " + empty, "--model", model.toString(), "--gallery", empty.toString(), "--image", face.toString()},
                {"--frames 2 needs several frames", "--model", model.toString(), "--gallery", gallery.toString(), "--image", face.toString(), "--frames", "2"},
                {"--frames must be 1 to 10", "--model", model.toString(), "--gallery", gallery.toString(), "--folder", dir.toString(), "--frames", "11"},
                {"--verification-threshold must be in (0, 1]", "--model", model.toString(), "--gallery", gallery.toString(), "--image", face.toString(),
                        "--verification-threshold", "0"},
                {"model file not found", "--model", dir.resolve("none.zip").toString(), "--gallery", gallery.toString(), "--image", face.toString()},
        };
        for (String[] c : cases) {
            VerifyCommandTest.Run run = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(IdentifyCommand.BAD_INPUT, run.status(), c[0] + ": " + run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().contains(c[0]), c[0] + " / " + run.err());
            assertEquals("", run.out(), c[0]);
        }
        assertEquals(IdentifyCommand.BAD_INPUT, Main.execute("identify", "--model", model.toString()), "no image: a usage error");
    }

    @Test
    void theStandaloneCommandLineIdentifiesAndCachesTheGallery() {
        assertEquals(IdentifyCommand.IDENTIFIED, Main.execute("identify", "--model", model.toString(), "--gallery", gallery.toString(),
                "--image", photo(0, 2).toString(), "--json"));
        assertTrue(Files.isRegularFile(gallery.resolve("Bob").resolve(ReferenceCache.FILE_NAME)));
    }
}
