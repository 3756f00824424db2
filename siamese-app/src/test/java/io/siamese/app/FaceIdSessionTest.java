package io.siamese.app;

import io.siamese.app.enrol.EnrolmentFolders;
import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.app.live.LiveFeed;
import io.siamese.app.live.LiveFrame;
import io.siamese.app.source.SourceSpec;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.VerificationResult;
import io.siamese.model.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceIdSessionTest {

    @TempDir
    Path dir;

    @Test
    void enrolsAReferenceAndVerifiesTheLiveFaceOffTheFeedThread() throws Exception {
        Path feedFolder = dir.resolve("feed");
        TestFaces.write(feedFolder, "face", TestFaces.detectable(2));
        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("references"));
        Calibration calibration = Calibration.UNCALIBRATED.withThreshold(0.0).withVerificationFraction(1.0);
        CountDownLatch firstFrame = new CountDownLatch(1);
        AtomicLong frames = new AtomicLong();
        try (FaceIdSession session = new FaceIdSession(TestFaces.randomModel(3, calibration), new SourceSpec.Folder(feedFolder, Duration.ofMillis(20)), folders)) {
            assertEquals(new Thresholds(0.0, 1.0), session.defaultThresholds(), "the sliders start at the calibration");
            ExecutionException early = assertThrows(ExecutionException.class, () -> session.verify(session.defaultThresholds()).get());
            assertTrue(early.getCause().getMessage().contains("no frame has arrived"), early.getCause().getMessage());

            session.start(new LiveFeed.Listener() {
                @Override
                public void frame(LiveFrame frame) {
                    frames.incrementAndGet();
                    firstFrame.countDown();
                }

                @Override
                public void stopped(String message, Exception failure) {
                }
            });
            assertTrue(firstFrame.await(20, TimeUnit.SECONDS));
            assertEquals(0, session.count(EnrolmentStore.Kind.REFERENCE).get());

            FaceIdSession.Enrolled enrolled = session.enrol(EnrolmentStore.Kind.REFERENCE).get(30, TimeUnit.SECONDS);
            assertTrue(Files.isRegularFile(enrolled.file()));
            assertEquals(dir.resolve("references"), enrolled.file().getParent());
            assertEquals(1, enrolled.count());
            FaceIdSession.Enrolled anchor = session.enrol(EnrolmentStore.Kind.ANCHOR).get(30, TimeUnit.SECONDS);
            assertEquals(dir.resolve("data/anchor"), anchor.file().getParent());

            long before = frames.get();
            VerificationResult result = session.verify(session.defaultThresholds()).get(60, TimeUnit.SECONDS);
            assertTrue(result.verdict().verified());
            assertEquals(1, result.verdict().references());
            // The feed kept running while the worker verified.
            Thread.sleep(100);
            assertTrue(frames.get() > before, "frames kept arriving");
        }
    }

    @Test
    void aFailureCompletesTheFutureWithTheReason() throws Exception {
        Path feedFolder = dir.resolve("feed");
        TestFaces.write(feedFolder, "noise", java.util.List.of(TestFaces.noise(120, 90, 2)));
        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("references"));
        CountDownLatch firstFrame = new CountDownLatch(1);
        try (FaceIdSession session = new FaceIdSession(TestFaces.randomModel(3, Calibration.UNCALIBRATED), new SourceSpec.Folder(feedFolder, Duration.ofMillis(20)), folders)) {
            session.start(new LiveFeed.Listener() {
                @Override
                public void frame(LiveFrame frame) {
                    firstFrame.countDown();
                }

                @Override
                public void stopped(String message, Exception failure) {
                }
            });
            assertTrue(firstFrame.await(20, TimeUnit.SECONDS));
            CompletionException noFace = assertThrows(CompletionException.class, () -> session.enrol(EnrolmentStore.Kind.POSITIVE).join());
            assertTrue(noFace.getCause() instanceof io.siamese.data.NoFaceException, noFace.getCause().toString());
            CompletionException noReferences = assertThrows(CompletionException.class, () -> session.verify(session.defaultThresholds()).join());
            assertTrue(noReferences.getCause().getMessage().contains("reference folder not found"), noReferences.getCause().getMessage());
        }
    }

    @Test
    void withoutAModelTheSessionEnrolsButDoesNotVerify() throws Exception {
        Path feedFolder = dir.resolve("feed");
        TestFaces.write(feedFolder, "face", TestFaces.detectable(1));
        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("references"));
        CountDownLatch firstFrame = new CountDownLatch(1);
        try (FaceIdSession session = new FaceIdSession(null, new SourceSpec.Folder(feedFolder, Duration.ofMillis(20)), folders)) {
            assertTrue(session.model().isEmpty());
            assertEquals(Thresholds.from(Calibration.UNCALIBRATED), session.defaultThresholds());
            session.start(new LiveFeed.Listener() {
                @Override
                public void frame(LiveFrame frame) {
                    firstFrame.countDown();
                }

                @Override
                public void stopped(String message, Exception failure) {
                }
            });
            assertTrue(firstFrame.await(20, TimeUnit.SECONDS));
            FaceIdSession.Enrolled positive = session.enrol(EnrolmentStore.Kind.POSITIVE).get(30, TimeUnit.SECONDS);
            assertEquals(dir.resolve("data/positive"), positive.file().getParent());
            ExecutionException noModel = assertThrows(ExecutionException.class, () -> session.verify(session.defaultThresholds()).get());
            assertTrue(noModel.getCause().getMessage().contains("no model yet"), noModel.getCause().getMessage());
        }
    }

    @Test
    void aNamedReferenceStartsTheGalleryOfPeopleAndTheSessionThenNamesTheFace() throws Exception {
        Path feedFolder = dir.resolve("feed");
        TestFaces.write(feedFolder, "face", TestFaces.detectable(3));
        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS.withData(dir.resolve("data")).withReferences(dir.resolve("references"))
                .withPeople(dir.resolve("people"));
        Calibration calibration = Calibration.UNCALIBRATED.withThreshold(0.0).withVerificationFraction(1.0);
        CountDownLatch threeFaces = new CountDownLatch(3);
        try (FaceIdSession session = new FaceIdSession(TestFaces.randomModel(3, calibration), new SourceSpec.Folder(feedFolder, Duration.ofMillis(20)), folders)) {
            session.start(new LiveFeed.Listener() {
                @Override
                public void frame(LiveFrame frame) {
                    if (frame.face().isPresent()) threeFaces.countDown();
                }

                @Override
                public void stopped(String message, Exception failure) {
                }
            });
            assertTrue(threeFaces.await(30, TimeUnit.SECONDS));
            assertEquals(FaceIdSession.Mode.VERIFY, session.mode().get(30, TimeUnit.SECONDS), "nobody in the gallery of people yet");
            CompletionException badName = assertThrows(CompletionException.class, () -> session.enrol(EnrolmentStore.Kind.REFERENCE, "a/b").join());
            assertTrue(badName.getCause() instanceof io.siamese.model.BadInputException, badName.getCause().toString());

            FaceIdSession.Enrolled alice = session.enrol(EnrolmentStore.Kind.REFERENCE, "Alice").get(30, TimeUnit.SECONDS);
            assertEquals(dir.resolve("people").resolve("Alice"), alice.file().getParent());
            assertEquals(1, alice.count());
            FaceIdSession.Enrolled anchor = session.enrol(EnrolmentStore.Kind.ANCHOR, "Alice").get(30, TimeUnit.SECONDS);
            assertEquals(dir.resolve("data/anchor"), anchor.file().getParent(), "training images do not go into the gallery");
            assertEquals(FaceIdSession.Mode.IDENTIFY, session.mode().get(30, TimeUnit.SECONDS));

            assertEquals(3, session.recentFaceFrames(3).size());
            FaceIdSession.Check check = session.check(3).get(60, TimeUnit.SECONDS);
            assertEquals(FaceIdSession.Mode.IDENTIFY, check.mode());
            assertEquals(3, check.identification().frames());
            assertEquals("Alice", check.identification().identification().identity(), "every comparison reaches a detection threshold of 0");
            assertEquals(3, check.identification().pooled().get(0).length, "3 frames x 1 reference");
            assertEquals(new Thresholds(0.0, 1.0), session.defaultThresholds(FaceIdSession.Mode.IDENTIFY, 3));
            assertThrows(IllegalArgumentException.class, () -> session.check(Calibration.MAX_FRAMES + 1));
        }
    }
}
