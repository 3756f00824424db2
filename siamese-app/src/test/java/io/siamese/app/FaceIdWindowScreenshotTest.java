package io.siamese.app;

import io.siamese.app.enrol.EnrolmentFolders;
import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.app.source.SourceSpec;
import io.siamese.data.FileImage;
import io.siamese.data.Mats;
import io.siamese.data.SharedDatasets;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the real window on a folder of face photos, presses Verify and saves a screenshot. Needs a display:
 * {@code siamese-app/scripts/screenshot.sh} runs it under Xvfb. The model is {@code -Dsiamese.screenshot.model=PATH}
 * (random weights when absent, and the title says so); the image goes to {@code -Dsiamese.screenshot.out=PATH}.
 */
@Tag("gui")
class FaceIdWindowScreenshotTest {

    private static final Logger log = LoggerFactory.getLogger(FaceIdWindowScreenshotTest.class);
    /** Yale photos used as references; the other photos of the same person play as the live feed. */
    private static final List<String> REFERENCE_EXPRESSIONS = List.of("normal", "happy", "sad", "sleepy", "surprised");

    @TempDir
    Path dir;

    @Test
    void verifiesTheLiveFaceAndTakesAScreenshot() throws Exception {
        Assumptions.assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display: run siamese-app/scripts/screenshot.sh");
        String modelProperty = System.getProperty("siamese.screenshot.model", "");
        boolean random = modelProperty.isBlank();
        Path modelFile = random ? TestFaces.randomModelFile(dir, 5, Calibration.UNCALIBRATED) : Path.of(modelProperty);
        SiameseModel model = SiameseModel.load(modelFile);
        String modelName = random ? "random weights (untrained)" : modelFile.getFileName().toString();

        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("application_data/verification_images"));
        Path live = Files.createDirectories(dir.resolve("live"));
        EnrolmentStore store = new EnrolmentStore(folders, new HaarFaceCropper(), Clock.systemUTC());
        Optional<Path> yale = SharedDatasets.yaleFaces().map(y -> y.resolve("subject01")).filter(Files::isDirectory);
        if (yale.isPresent()) {
            List<Path> photos;
            try (Stream<Path> files = Files.list(yale.get())) {
                photos = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            }
            for (Path photo : photos) {
                boolean reference = REFERENCE_EXPRESSIONS.stream().anyMatch(e -> photo.getFileName().toString().contains("_" + e + "."));
                if (reference) store.save(EnrolmentStore.Kind.REFERENCE, new FileImage(photo).decode());
                else Files.copy(photo, live.resolve(photo.getFileName()));
            }
        } else {
            var faces = TestFaces.detectable(8);
            for (BufferedImage face : faces.subList(0, 5)) store.save(EnrolmentStore.Kind.REFERENCE, Mats.fromBufferedImage(face));
            TestFaces.write(live, "live", faces.subList(5, 8));
        }

        FaceIdSession session = new FaceIdSession(model, new SourceSpec.Folder(live, Duration.ofMillis(4000)), folders);
        CountDownLatch closed = new CountDownLatch(1);
        FaceIdWindow window = FaceIdWindow.open(session, modelName, closed::countDown).get(30, TimeUnit.SECONDS);
        try {
            waitFor("a frame with a face", () -> window.shownFrame() != null && window.shownFrame().face().isPresent());
            onEventThread(() -> {
                window.verifyButton().doClick();
                return null;
            });
            waitFor("the verdict", () -> !window.isVerifying() && window.verdictText().endsWith("erified"));
            Thread.sleep(500);
            BufferedImage shot = onEventThread(() -> capture(window.frame()));
            Path out = Path.of(System.getProperty("siamese.screenshot.out", dir.resolve("app-window.png").toString()));
            Files.createDirectories(out.toAbsolutePath().getParent());
            ImageIO.write(shot, "png", out.toFile());
            log.info("screenshot {} ({}x{}): {}, {}", out, shot.getWidth(), shot.getHeight(), onEventThread(window::verdictText), onEventThread(window::agreementText));

            String agreement = onEventThread(window::agreementText);
            assertTrue(agreement.matches("\\d+ of 5 references agreed \\(\\d+ needed\\)"), agreement);
            // Grayscale photos, a green box and the widgets: far more than the handful of colours of an empty window.
            assertTrue(distinctColours(shot) > 100, "the screenshot shows the feed, not a blank window");
        } finally {
            onEventThread(() -> {
                window.close();
                return null;
            });
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the window closes and the session stops");
        }
    }

    @Test
    void namesTheLiveFaceAmongTheGalleryOfPeopleAndTakesAScreenshot() throws Exception {
        Assumptions.assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display: run siamese-app/scripts/screenshot.sh");
        String modelProperty = System.getProperty("siamese.screenshot.model", "");
        boolean random = modelProperty.isBlank();
        Path modelFile = random ? TestFaces.randomModelFile(dir, 5, Calibration.UNCALIBRATED) : Path.of(modelProperty);
        SiameseModel model = SiameseModel.load(modelFile);
        String modelName = random ? "random weights (untrained)" : modelFile.getFileName().toString();

        // Three people enrolled with five photos each; the live feed plays the other photos of the first one.
        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("application_data/verification_images"))
                .withPeople(dir.resolve("application_data/people"));
        Path live = Files.createDirectories(dir.resolve("live"));
        EnrolmentStore store = new EnrolmentStore(folders, new HaarFaceCropper(), Clock.systemUTC());
        Optional<Path> yale = SharedDatasets.yaleFaces().filter(y -> Files.isDirectory(y.resolve("subject03")));
        List<String> people = List.of("subject01", "subject02", "subject03");
        if (yale.isPresent()) {
            for (String person : people) {
                List<Path> photos;
                try (Stream<Path> files = Files.list(yale.get().resolve(person))) {
                    photos = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
                }
                for (Path photo : photos) {
                    boolean reference = REFERENCE_EXPRESSIONS.stream().anyMatch(e -> photo.getFileName().toString().contains("_" + e + "."));
                    if (reference) store.save(EnrolmentStore.Kind.REFERENCE, person, new FileImage(photo).decode());
                    else if (person.equals(people.get(0))) Files.copy(photo, live.resolve(photo.getFileName()));
                }
            }
        } else {
            var faces = TestFaces.detectablePeople(3, 6);
            for (int p = 0; p < 3; p++) {
                for (BufferedImage face : faces.get(p).subList(0, 3)) store.save(EnrolmentStore.Kind.REFERENCE, people.get(p), Mats.fromBufferedImage(face));
            }
            TestFaces.write(live, "live", faces.get(0).subList(3, 6));
        }

        FaceIdSession session = new FaceIdSession(model, new SourceSpec.Folder(live, Duration.ofMillis(700)), folders);
        CountDownLatch closed = new CountDownLatch(1);
        FaceIdWindow window = FaceIdWindow.open(session, modelName, 3, closed::countDown).get(30, TimeUnit.SECONDS);
        try {
            waitFor("identification mode", () -> window.mode() == FaceIdSession.Mode.IDENTIFY);
            waitFor("three frames with a face", () -> session.recentFaceFrames(3).size() == 3);
            onEventThread(() -> {
                window.nameField().setText("subject01");
                window.verifyButton().doClick();
                return null;
            });
            waitFor("the name or Unknown", () -> !window.isVerifying() && !window.candidatesText().isBlank());
            Thread.sleep(500);
            BufferedImage shot = onEventThread(() -> capture(window.frame()));
            Path out = Path.of(System.getProperty("siamese.screenshot.people.out", dir.resolve("app-people.png").toString()));
            Files.createDirectories(out.toAbsolutePath().getParent());
            ImageIO.write(shot, "png", out.toFile());
            String verdict = onEventThread(window::verdictText);
            log.info("screenshot {} ({}x{}): {}, {}, {}", out, shot.getWidth(), shot.getHeight(), verdict, onEventThread(window::agreementText),
                    onEventThread(window::candidatesText));
            assertTrue(verdict.equals("Unknown") || people.contains(verdict), verdict);
            assertTrue(onEventThread(window::candidatesText).contains("subject0"), onEventThread(window::candidatesText));
            assertTrue(onEventThread(window::agreementText).matches("\\d+ of \\d+ comparisons agreed \\(\\d+ needed\\)"), onEventThread(window::agreementText));
            assertTrue(distinctColours(shot) > 100, "the screenshot shows the feed, not a blank window");
        } finally {
            onEventThread(() -> {
                window.close();
                return null;
            });
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the window closes and the session stops");
        }
    }

    @Test
    void showsInTheWindowWhyThereIsNoFeed() throws Exception {
        Assumptions.assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display: run siamese-app/scripts/screenshot.sh");
        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("references"));
        FaceIdSession session = new FaceIdSession(TestFaces.randomModel(5, Calibration.UNCALIBRATED), new SourceSpec.Camera(99), folders);
        CountDownLatch closed = new CountDownLatch(1);
        FaceIdWindow window = FaceIdWindow.open(session, "random weights", closed::countDown).get(30, TimeUnit.SECONDS);
        try {
            waitFor("the missing camera's message", () -> window.messageText().startsWith("No camera found at index 99."));
            onEventThread(() -> {
                window.verifyButton().doClick();
                return null;
            });
            waitFor("the refusal to verify without a frame", () -> window.messageText().contains("no frame has arrived from camera 99"));
        } finally {
            onEventThread(() -> {
                window.close();
                return null;
            });
            assertTrue(closed.await(10, TimeUnit.SECONDS));
        }
    }

    /** The window as it is on the screen, through the display server. */
    private static BufferedImage capture(JFrame frame) throws Exception {
        Rectangle bounds = new Rectangle(frame.getLocationOnScreen(), frame.getSize());
        return new Robot().createScreenCapture(bounds);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) colours.add(image.getRGB(x, y));
        }
        return colours.size();
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!onEventThread(condition)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private static <T> T onEventThread(Callable<T> action) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(action.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) throw failure.get();
        return result.get();
    }
}
