package io.siamese.app;

import io.siamese.app.enrol.EnrolmentFolders;
import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.app.gallery.Gallery;
import io.siamese.app.identify.FaceIdentifier;
import io.siamese.app.identify.IdentificationResult;
import io.siamese.app.live.FaceDetector;
import io.siamese.app.live.LiveFeed;
import io.siamese.app.live.LiveFrame;
import io.siamese.app.source.SourceSpec;
import io.siamese.app.verify.FaceEmbedder;
import io.siamese.app.verify.FaceVerifier;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.VerificationResult;
import io.siamese.data.NoFaceException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything behind the face-ID window except the widgets: the live feed on its own thread, and one worker thread
 * that runs the network (identification and verification) and writes enrolment images, so the feed never waits for
 * either. The session remembers the last {@link Calibration#MAX_FRAMES} frames in which the feed found a face; a check
 * decides over the last {@code N} of them. Each action answers with a future; a failure completes the future
 * exceptionally, for the window to show.
 *
 * <p>Two galleries: when the gallery of people ({@code application_data/people/NAME/}) holds someone with a photo, a
 * check names the face among them or says it is unknown; otherwise it verifies the face against the one-person
 * gallery {@code application_data/verification_images}, as the original projects did.
 */
public final class FaceIdSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaceIdSession.class);

    /** A saved enrolment image and how many images its folder holds now. */
    public record Enrolled(EnrolmentStore.Kind kind, Path file, int count) {
    }

    /** What a check does: name the face among the gallery's people, or verify it against the one-person gallery. */
    public enum Mode {
        IDENTIFY,
        VERIFY
    }

    /** The outcome of a check: an identification or a verification, as the mode was when it ran. */
    public record Check(Mode mode, IdentificationResult identification, VerificationResult verification) {
        public static Check of(IdentificationResult result) {
            return new Check(Mode.IDENTIFY, result, null);
        }

        public static Check of(VerificationResult result) {
            return new Check(Mode.VERIFY, null, result);
        }
    }

    private final SiameseModel model;
    private final SourceSpec source;
    /** Null in enrolment-only mode (no model yet), like the identifier. */
    private final FaceVerifier verifier;
    private final FaceIdentifier identifier;
    private final EnrolmentStore store;
    private final FaceDetector detector;
    private final ExecutorService worker;
    private final Deque<LiveFrame> faceFrames = new ArrayDeque<>();
    private LiveFeed feed;

    /**
     * @param model   the model that verifies, or null for enrolment only: before the first training a person
     *                captures anchors and positives with the same window, and a check says that a model is needed
     * @param source  where live frames come from; opened when the session starts
     * @param folders where enrolment writes; references and the gallery of people are also read from there
     */
    public FaceIdSession(SiameseModel model, SourceSpec source, EnrolmentFolders folders) {
        this.model = model;
        this.source = Objects.requireNonNull(source, "source");
        // Each thread detects with its own cascade: the feed's, and the worker's for enrolment, verification and identification.
        HaarFaceCropper workerCascade = new HaarFaceCropper();
        FaceEmbedder embedder = model == null ? null : FaceEmbedder.create(model, workerCascade);
        this.verifier = embedder == null ? null : new FaceVerifier(embedder, embedder.cache(folders.references()));
        this.identifier = embedder == null ? null : new FaceIdentifier(embedder, new Gallery(folders.people()));
        this.store = new EnrolmentStore(folders, workerCascade, Clock.systemDefaultZone());
        this.detector = FaceDetector.haar(new HaarFaceCropper());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "face-id-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The model, or empty in enrolment-only mode. */
    public Optional<SiameseModel> model() {
        return Optional.ofNullable(model);
    }

    public SourceSpec source() {
        return source;
    }

    public EnrolmentFolders folders() {
        return store.folders();
    }

    /** The single-frame verification thresholds the model's calibration sets (the uncalibrated ones without a model). */
    public Thresholds defaultThresholds() {
        return defaultThresholds(Mode.VERIFY, 1);
    }

    /**
     * The thresholds the sliders start at for a mode and a number of frames: for identification (and verification
     * over several frames) the model's unknown-rejection threshold for that many frames, for single-frame
     * verification the original projects' calibrated pair; the uncalibrated ones without a model.
     */
    public Thresholds defaultThresholds(Mode mode, int frames) {
        Calibration calibration = model == null ? Calibration.UNCALIBRATED : model.calibration();
        return mode == Mode.IDENTIFY ? Thresholds.forIdentification(calibration, frames) : Thresholds.forVerification(calibration, frames);
    }

    /** Opens the source and starts the feed; frames and the feed's end go to {@code listener} on the feed's thread. */
    public synchronized void start(LiveFeed.Listener listener) {
        if (feed != null) throw new IllegalStateException("the session was already started");
        feed = new LiveFeed(source, detector, new LiveFeed.Listener() {
            @Override
            public void frame(LiveFrame frame) {
                if (frame.face().isPresent()) remember(frame);
                listener.frame(frame);
            }

            @Override
            public void stopped(String message, Exception failure) {
                listener.stopped(message, failure);
            }
        });
        feed.start();
    }

    /** The newest live frame, if any has arrived. */
    public synchronized Optional<LiveFrame> latestFrame() {
        return feed == null ? Optional.empty() : feed.latest();
    }

    /** The last {@code n} frames (at most) in which the feed found a face, oldest first. */
    public List<LiveFrame> recentFaceFrames(int n) {
        synchronized (faceFrames) {
            List<LiveFrame> all = new ArrayList<>(faceFrames);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    private void remember(LiveFrame frame) {
        synchronized (faceFrames) {
            faceFrames.addLast(frame);
            while (faceFrames.size() > Calibration.MAX_FRAMES) faceFrames.removeFirst();
        }
    }

    /** Which check a press of V runs now: identification when someone in the gallery of people has a photo. Runs on the worker. */
    public CompletableFuture<Mode> mode() {
        return CompletableFuture.supplyAsync(this::currentMode, worker);
    }

    private Mode currentMode() {
        Path people = store.folders().people();
        if (!Files.isDirectory(people)) return Mode.VERIFY;
        return new Gallery(people).people().stream().anyMatch(p -> EnrolmentStore.count(p.folder()) > 0) ? Mode.IDENTIFY : Mode.VERIFY;
    }

    /**
     * Checks the face of the last {@code frames} frames with a face, on the worker thread: names it among the gallery's
     * people, or verifies it against the one-person gallery when nobody is enrolled there. The thresholds are the
     * defaults of the mode; the window re-decides the result with its sliders.
     */
    public CompletableFuture<Check> check(int frames) {
        checkFrames(frames);
        return onWorkerWithModel(() -> {
            long start = System.nanoTime();
            Mode mode = currentMode();
            Thresholds thresholds = defaultThresholds(mode, frames);
            if (mode == Mode.IDENTIFY) {
                identifier.refresh();
                return Check.of(identifier.identify(faces(frames), thresholds).withMillis(millisSince(start)));
            }
            verifier.refresh();
            return Check.of(verifier.verify(faces(frames), thresholds).withMillis(millisSince(start)));
        });
    }

    /** Verifies the newest frame's face against the one-person gallery, on the worker thread. */
    public CompletableFuture<VerificationResult> verify(Thresholds thresholds) {
        return verify(thresholds, 1);
    }

    /** Verifies the face of the last {@code frames} frames with a face against the one-person gallery, on the worker thread. */
    public CompletableFuture<VerificationResult> verify(Thresholds thresholds, int frames) {
        Objects.requireNonNull(thresholds, "thresholds");
        checkFrames(frames);
        return onWorkerWithModel(() -> {
            long start = System.nanoTime();
            // References first: a missing or empty folder is the first thing to fix.
            verifier.refresh();
            return verifier.verify(faces(frames), thresholds).withMillis(millisSince(start));
        });
    }

    /** Names the face of the last {@code frames} frames with a face among the gallery's people, on the worker thread. */
    public CompletableFuture<IdentificationResult> identify(Thresholds thresholds, int frames) {
        Objects.requireNonNull(thresholds, "thresholds");
        checkFrames(frames);
        return onWorkerWithModel(() -> {
            long start = System.nanoTime();
            identifier.refresh();
            return identifier.identify(faces(frames), thresholds).withMillis(millisSince(start));
        });
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void checkFrames(int frames) {
        if (frames < 1 || frames > Calibration.MAX_FRAMES) throw new IllegalArgumentException("frames must be 1 to " + Calibration.MAX_FRAMES + ", got " + frames);
    }

    /** The faces of the last frames with a face, found again at full resolution and embedded; on the worker. */
    private List<FaceEmbedder.Face> faces(int frames) {
        List<LiveFrame> recent = recentFaceFrames(frames);
        if (recent.size() < frames) {
            throw new NoFaceException((recent.isEmpty() ? "no frame with a face has arrived from " + source.describe() + " yet"
                    : "only " + recent.size() + " of the " + frames + " frames with a face needed have arrived") + ": face the camera");
        }
        List<FaceEmbedder.Face> faces = new ArrayList<>(frames);
        for (LiveFrame frame : recent) {
            try {
                faces.add(verifier.embedder().face(frame.image(), frame.name()));
            } catch (NoFaceException e) {
                // The feed found the face on a shrunk copy; the full-resolution frame disagreed. The frame is left out.
                log.debug("{}", e.getMessage());
            }
        }
        if (faces.size() < frames) {
            // The thresholds are calibrated for exactly this many frames: fewer would accept strangers more easily.
            throw new NoFaceException("the face was found again in only " + faces.size() + " of the last " + frames
                    + " frames with a face at full resolution: face the camera and try again");
        }
        return faces;
    }

    /** Saves the newest frame's face as an anchor, positive or reference image, on the worker thread. */
    public CompletableFuture<Enrolled> enrol(EnrolmentStore.Kind kind) {
        return enrol(kind, null);
    }

    /**
     * Saves the newest frame's face, on the worker thread: a reference of a named person into their folder of the
     * gallery of people, anything else as without a name.
     *
     * @param person the name typed, or null or blank for none
     */
    public CompletableFuture<Enrolled> enrol(EnrolmentStore.Kind kind, String person) {
        Objects.requireNonNull(kind, "kind");
        Optional<LiveFrame> frame = latestFrame();
        if (frame.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no frame has arrived from " + source.describe() + " yet"));
        }
        return CompletableFuture.supplyAsync(() -> {
            Path file = store.save(kind, person, frame.get().image());
            return new Enrolled(kind, file, EnrolmentStore.count(file.getParent()));
        }, worker);
    }

    /** How many images of a kind are stored, counted on the worker thread. */
    public CompletableFuture<Integer> count(EnrolmentStore.Kind kind) {
        return CompletableFuture.supplyAsync(() -> store.count(kind), worker);
    }

    /** Stops the feed and the worker; a check in progress is interrupted. */
    @Override
    public void close() {
        LiveFeed f;
        synchronized (this) {
            f = feed;
        }
        if (f != null) f.close();
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) log.warn("the worker did not stop within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> onWorkerWithModel(Supplier<T> action) {
        if (verifier == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no model yet: capture anchors (a) and positives (p), train "
                    + "(./siamese train --data folders:data), then start the app with --model RUN/model.zip"));
        }
        if (latestFrame().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no frame has arrived from " + source.describe() + " yet"));
        }
        return CompletableFuture.supplyAsync(action, worker);
    }
}
