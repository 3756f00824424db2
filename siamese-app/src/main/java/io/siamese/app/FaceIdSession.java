package io.siamese.app;

import io.siamese.app.enrol.EnrolmentFolders;
import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.app.live.FaceDetector;
import io.siamese.app.live.LiveFeed;
import io.siamese.app.live.LiveFrame;
import io.siamese.app.source.SourceSpec;
import io.siamese.app.verify.FaceVerifier;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.VerificationResult;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Everything behind the face-ID window except the widgets: the live feed on its own thread, and one worker thread
 * that runs the network (verification) and writes enrolment images, so the feed never waits for either. Each action
 * takes the newest frame at the moment it is asked for and answers with a future; a failure completes the future
 * exceptionally, for the window to show.
 */
public final class FaceIdSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaceIdSession.class);

    /** A saved enrolment image and how many images of its kind there are now. */
    public record Enrolled(EnrolmentStore.Kind kind, Path file, int count) {
    }

    private final SiameseModel model;
    private final SourceSpec source;
    /** Null in enrolment-only mode (no model yet). */
    private final FaceVerifier verifier;
    private final EnrolmentStore store;
    private final FaceDetector detector;
    private final ExecutorService worker;
    private LiveFeed feed;

    /**
     * @param model   the model that verifies, or null for enrolment only: before the first training a person
     *                captures anchors and positives with the same window, and Verify says that a model is needed
     * @param source  where live frames come from; opened when the session starts
     * @param folders where enrolment writes; references are also read from there
     */
    public FaceIdSession(SiameseModel model, SourceSpec source, EnrolmentFolders folders) {
        this.model = model;
        this.source = Objects.requireNonNull(source, "source");
        // Each thread detects with its own cascade: the feed's, and the worker's for enrolment and verification.
        HaarFaceCropper workerCascade = new HaarFaceCropper();
        this.verifier = model == null ? null : FaceVerifier.create(model, folders.references(), workerCascade);
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

    /** The thresholds the model's calibration sets: the sliders' starting values (the uncalibrated ones without a model). */
    public Thresholds defaultThresholds() {
        return Thresholds.from(model == null ? Calibration.UNCALIBRATED : model.calibration());
    }

    /** Opens the source and starts the feed; frames and the feed's end go to {@code listener} on the feed's thread. */
    public synchronized void start(LiveFeed.Listener listener) {
        if (feed != null) throw new IllegalStateException("the session was already started");
        feed = new LiveFeed(source, detector, listener);
        feed.start();
    }

    /** The newest live frame, if any has arrived. */
    public synchronized Optional<LiveFrame> latestFrame() {
        return feed == null ? Optional.empty() : feed.latest();
    }

    /** Verifies the newest frame's face against the references, on the worker thread. */
    public CompletableFuture<VerificationResult> verify(Thresholds thresholds) {
        Objects.requireNonNull(thresholds, "thresholds");
        if (verifier == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no model yet: capture anchors (a) and positives (p), train "
                    + "(./siamese train --data folders:data), then start the app with --model RUN/model.zip"));
        }
        return withLatestFrame(frame -> verifier.verify(frame.image(), frame.name(), thresholds));
    }

    /** Saves the newest frame's face as an anchor, positive or reference image, on the worker thread. */
    public CompletableFuture<Enrolled> enrol(EnrolmentStore.Kind kind) {
        Objects.requireNonNull(kind, "kind");
        return withLatestFrame(frame -> {
            Path file = store.save(kind, frame.image());
            return new Enrolled(kind, file, store.count(kind));
        });
    }

    /** How many images of a kind are stored, counted on the worker thread. */
    public CompletableFuture<Integer> count(EnrolmentStore.Kind kind) {
        return CompletableFuture.supplyAsync(() -> store.count(kind), worker);
    }

    /** Stops the feed and the worker; a verification in progress is interrupted. */
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

    private <T> CompletableFuture<T> withLatestFrame(java.util.function.Function<LiveFrame, T> action) {
        Optional<LiveFrame> frame = latestFrame();
        if (frame.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no frame has arrived from " + source.describe() + " yet"));
        }
        return CompletableFuture.supplyAsync(() -> action.apply(frame.get()), worker);
    }
}
