package io.siamese.app;

import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.app.gallery.GalleryEnrolment;
import io.siamese.data.FileImage;
import io.siamese.data.Mats;
import io.siamese.data.face.HaarFaceCropper;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrolCommandTest {

    private static List<BufferedImage> alice;
    private static BufferedImage twoPeople;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        List<List<BufferedImage>> people = TestFaces.detectablePeople(2, 3);
        alice = people.get(0);
        twoPeople = TestFaces.twoFaces(people.get(0).get(0), people.get(1).get(0));
    }

    static VerifyCommandTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EnrolCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new VerifyCommandTest.Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void theFacesOfAFolderOfPhotosGoToThePersonsFolder() {
        Path photos = dir.resolve("photos");
        TestFaces.write(photos, "holiday", alice);
        Path gallery = dir.resolve("people");
        VerifyCommandTest.Run run = run("--gallery", gallery.toString(), "--name", "Alice", "--images", photos.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("enrolled 3 of 3 photos of Alice into " + gallery.resolve("Alice") + " (3 references now)"), run.out());
        assertEquals(List.of("holiday-00.jpg", "holiday-01.jpg", "holiday-02.jpg"), names(gallery.resolve("Alice")));
        Mat saved = new FileImage(gallery.resolve("Alice").resolve("holiday-00.jpg")).decode();
        assertEquals(EnrolmentStore.SIZE, saved.cols(), "the face, saved as the window saves it");
        // Enrolling the same photos again adds copies under new names; nothing is overwritten.
        assertEquals(0, run("--gallery", gallery.toString(), "--name", "Alice", "--images", photos.resolve("holiday-00.png").toString()).status());
        assertTrue(Files.isRegularFile(gallery.resolve("Alice").resolve("holiday-00-2.jpg")));
    }

    @Test
    void aPhotoWithoutAFaceOrWithTwoFacesIsRefusedByNameAndNothingIsSaved() throws Exception {
        Path photos = dir.resolve("photos");
        TestFaces.write(photos, "a-alice", alice.subList(0, 2));
        TestFaces.write(photos, "b-wall", List.of(TestFaces.noise(160, 120, 8)));
        TestFaces.write(photos, "c-party", List.of(twoPeople));
        Files.writeString(photos.resolve("d-broken.jpg"), "not a JPEG");
        Path gallery = dir.resolve("people");
        VerifyCommandTest.Run run = run("--gallery", gallery.toString(), "--name", "Alice", "--images", photos.toString());
        assertEquals(EnrolCommand.BAD_INPUT, run.status());
        assertTrue(run.err().contains("refused " + photos.resolve("b-wall-00.png") + ": no face found"), run.err());
        assertTrue(run.err().contains("refused " + photos.resolve("c-party-00.png") + ": 2 faces found"), run.err());
        assertTrue(run.err().contains("refused " + photos.resolve("d-broken.jpg")), run.err());
        assertTrue(run.err().contains("3 of 5 photos refused; nothing was saved (give --skip-refused to enrol the others)"), run.err());
        assertFalse(Files.exists(gallery.resolve("Alice")), "nothing saved");

        VerifyCommandTest.Run skipping = run("--gallery", gallery.toString(), "--name", "Alice", "--images", photos.toString(), "--skip-refused");
        assertEquals(0, skipping.status(), skipping.err());
        assertEquals(List.of("a-alice-00.jpg", "a-alice-01.jpg"), names(gallery.resolve("Alice")));
        assertTrue(skipping.err().contains("refused " + photos.resolve("b-wall-00.png")), skipping.err());
    }

    @Test
    void theEnrolmentChecksTheFacesItself() {
        HaarFaceCropper cropper = new HaarFaceCropper();
        assertEquals(2, cropper.detectAll(Mats.fromBufferedImage(twoPeople)).size(), "the fixture shows two faces the cascade finds");
        Path photos = dir.resolve("photos");
        List<Path> files = TestFaces.write(photos, "p", List.of(alice.get(0), TestFaces.noise(100, 100, 3)));
        GalleryEnrolment.Outcome outcome = new GalleryEnrolment(new io.siamese.app.gallery.Gallery(dir.resolve("g")), cropper)
                .enrol(" Bob ", files, true);
        assertEquals("Bob", outcome.person());
        assertEquals(1, outcome.saved().size());
        assertEquals(files.get(1), outcome.refused().get(0).image());
        assertEquals("no face found", outcome.refused().get(0).reason());
    }

    @Test
    void aBadNameOrMissingPhotosAreBadInput() {
        Path photos = dir.resolve("photos");
        TestFaces.write(photos, "p", alice.subList(0, 1));
        VerifyCommandTest.Run badName = run("--gallery", dir.resolve("people").toString(), "--name", "../etc", "--images", photos.toString());
        assertEquals(EnrolCommand.BAD_INPUT, badName.status());
        assertTrue(badName.err().contains("cannot name a gallery folder"), badName.err());
        VerifyCommandTest.Run missing = run("--gallery", dir.resolve("people").toString(), "--name", "Alice", "--images", dir.resolve("none").toString());
        assertEquals(EnrolCommand.BAD_INPUT, missing.status());
        assertTrue(missing.err().contains("image or folder not found: " + dir.resolve("none")), missing.err());
        assertEquals(EnrolCommand.BAD_INPUT, Main.execute("enrol", "--name", "Alice"), "no photos: a usage error");
    }

    private static List<String> names(Path folder) {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
