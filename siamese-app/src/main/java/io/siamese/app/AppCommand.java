package io.siamese.app;

import io.siamese.app.enrol.EnrolmentFolders;
import io.siamese.app.source.SourceSpec;
import io.siamese.data.DatasetException;
import io.siamese.model.BadInputException;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * {@code app}: the live face-ID window on a camera, a video file or a folder of photos. Returns when the window is
 * closed. Without a display it explains that and returns 2.
 */
@Command(name = "app", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open the live face-ID window. With people in the gallery (--gallery) V names the face in the feed or says Unknown; "
                + "without, V verifies it against the references (--references). A/P save an anchor/positive, R adds the face as a reference "
                + "(of the person named in the window's name field, into the gallery), Q quits.",
                "A decision pools the last --frames frames with a face; the thresholds start at the model's calibration for that many frames."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the window was closed", "2:bad input or no display"})
public final class AppCommand implements Callable<Integer> {

    /** Exit status for bad input or a missing display. */
    public static final int BAD_INPUT = ExitStatus.BAD_INPUT;

    @Option(names = "--model", paramLabel = "PATH", description = {"Model file (model.zip of a training run).",
            "Without one the window only enrols: a and p capture anchors and positives for the first training."})
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    /** One source at most; a camera (index 0) when none is given. */
    static final class Source {
        @Option(names = "--camera", paramLabel = "INDEX", description = "Camera index (default: camera 0).")
        Integer camera;

        @Option(names = "--video", paramLabel = "FILE", description = "Play a video file instead of a camera.")
        Path video;

        @Option(names = "--folder", paramLabel = "DIR", description = "Show the photos of a folder one after another instead of a camera.")
        Path folder;
    }

    @Option(names = "--interval", paramLabel = "MILLIS", description = "With --folder: how long each photo is shown (default: 1000).")
    Long intervalMillis;

    @Option(names = "--references", paramLabel = "DIR", description = "Reference images to verify against (default: application_data/verification_images).")
    Path references;

    @Option(names = "--gallery", paramLabel = "DIR", description = "The gallery of people, one folder of references per person (default: application_data/people).")
    Path gallery;

    @Option(names = "--frames", paramLabel = "N", description = "How many of the last frames with a face a decision pools, 1 to 10 (default: 1; changeable in the window).")
    Integer frames;

    @Option(names = "--data", paramLabel = "DIR", description = "Anchors and positives go to DIR/anchor and DIR/positive (default: data).")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (GraphicsEnvironment.isHeadless()) {
            String display = System.getenv("DISPLAY");
            err.println("error: no display (" + (display == null || display.isBlank() ? "DISPLAY is not set" : "the JVM runs headless")
                    + "): the face-ID window needs a graphical desktop. Run it on a desktop or under xvfb-run,"
                    + " or verify one image without a window: verify --model PATH --references DIR --image FILE");
            err.flush();
            return BAD_INPUT;
        }
        SourceSpec sourceSpec;
        SiameseModel siamese;
        int n = frames == null ? 1 : frames;
        try {
            if (n < 1 || n > Calibration.MAX_FRAMES) throw new BadInputException("--frames must be 1 to " + Calibration.MAX_FRAMES + ", got " + n);
            sourceSpec = sourceSpec();
            siamese = model == null ? null : SiameseModel.load(model);
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        EnrolmentFolders folders = EnrolmentFolders.DEFAULTS;
        if (data != null) folders = folders.withData(data);
        if (references != null) folders = folders.withReferences(references);
        if (gallery != null) folders = folders.withPeople(gallery);
        FaceIdSession session = new FaceIdSession(siamese, sourceSpec, folders);
        CountDownLatch closed = new CountDownLatch(1);
        try {
            FaceIdWindow.open(session, model == null ? "no model" : model.getFileName().toString(), n, closed::countDown).get();
        } catch (ExecutionException e) {
            session.close();
            throw new IllegalStateException("the window could not be opened: " + e.getCause().getMessage(), e.getCause());
        }
        closed.await();
        return 0;
    }

    /** The source chosen on the command line; checks that a video file or folder exists before the window opens. */
    SourceSpec sourceSpec() {
        if (intervalMillis != null && (source == null || source.folder == null)) {
            throw new BadInputException("--interval applies to --folder only");
        }
        if (source == null || source.camera != null) {
            return source == null ? SourceSpec.Camera.DEFAULT : ExitStatus.option("--camera", () -> new SourceSpec.Camera(source.camera));
        }
        if (source.video != null) {
            if (!Files.isRegularFile(source.video)) throw new BadInputException("video file not found: " + source.video);
            return new SourceSpec.Video(source.video);
        }
        if (!Files.isDirectory(source.folder)) throw new BadInputException("folder not found: " + source.folder);
        if (intervalMillis == null) return new SourceSpec.Folder(source.folder);
        if (intervalMillis < 0) throw new BadInputException("--interval must be zero or more milliseconds, got " + intervalMillis);
        return new SourceSpec.Folder(source.folder, Duration.ofMillis(intervalMillis));
    }
}
