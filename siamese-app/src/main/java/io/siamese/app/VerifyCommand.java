package io.siamese.app;

import io.siamese.app.enrol.EnrolmentFolders;
import io.siamese.app.source.FrameSourceException;
import io.siamese.app.verify.FaceEmbedder;
import io.siamese.app.verify.FaceVerifier;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.VerificationResult;
import io.siamese.app.verify.Verdict;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.BadInputException;
import io.siamese.model.Json;
import io.siamese.model.BadInputException;
import io.siamese.model.SiameseModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code verify}: the window's verification without a window. One image (or the first frames with a face of a video
 * or a folder of frames) is compared with every image of a reference folder; the thresholds come from the model's
 * calibration unless overridden. The reference embeddings are cached beside the references, so a second call
 * detects and embeds only the probe. Exit status 0 when verified, 1 when not, 2 on bad input (the message on
 * standard error says what is wrong).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify the face in one image (or in the first frames with a face of a video or a folder of frames) against a folder "
                + "of reference images, as the face-ID window does.",
                "The detection and verification thresholds default to the model's calibration; over several frames (--frames N) the "
                + "detection threshold is the one calibrated for N frames. Reference embeddings are cached in the reference folder ("
                + io.siamese.app.verify.ReferenceCache.FILE_NAME + "), keyed by the model and each file's content."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:verified", "1:not verified", "2:bad input: no face found, unreadable image, missing or empty reference folder, unusable model"})
public final class VerifyCommand implements Callable<Integer> {

    /** Exit status when the face is verified. */
    public static final int VERIFIED = 0;
    /** Exit status when it is not. */
    public static final int NOT_VERIFIED = 1;
    /** Exit status for input that cannot be used. */
    public static final int BAD_INPUT = ExitStatus.BAD_INPUT;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "Model file (model.zip of a training run).")
    Path model;

    @Option(names = "--references", paramLabel = "DIR", description = "Folder of reference images of the person (default: application_data/verification_images).")
    Path references;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ProbeInput input;

    @Option(names = "--frames", paramLabel = "N", description = "With --video or --folder: decide over the first N frames with a face, 1 to 10 (default: 1).")
    Integer frames;

    @Option(names = "--json", description = "Print one JSON line: verified, score (mean over references and frames), threshold (detection), "
            + "passed (agreeing comparisons), references, millis (the verification: reference embedding, face detection, embedding, head; "
            + "model loading excluded).")
    boolean json;

    @Option(names = "--no-crop", description = "Use whole images; skip face detection.")
    boolean noCrop;

    @Option(names = "--detection-threshold", paramLabel = "P", description = "Score at or above which a comparison agrees (default: the model's calibrated threshold).")
    Double detectionThreshold;

    @Option(names = "--verification-threshold", paramLabel = "FRACTION", description = "Fraction of comparisons that must agree, in (0, 1] (default: the model's calibration).")
    Double verificationThreshold;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path referenceFolder = references != null ? references : EnrolmentFolders.DEFAULTS.references();
            int n = input.frames(frames);
            if (input.image != null && !Files.isRegularFile(input.image)) throw new ImageDecodeException("image not found: " + input.image);
            if (!Files.isDirectory(referenceFolder)) throw new DatasetException("reference folder not found: " + referenceFolder);
            SiameseModel siamese = SiameseModel.load(model);
            Thresholds thresholds = thresholds(Thresholds.forVerification(siamese.calibration(), n));
            FaceVerifier verifier = FaceVerifier.create(siamese, referenceFolder, noCrop ? null : new HaarFaceCropper());
            VerificationResult result;
            long millis;
            if (n == 1 && input.image != null) {
                result = verifier.verify(new FileImage(input.image).decode(), input.image.toString(), thresholds);
                millis = result.millis();
            } else {
                // References first (embedded now if new), so a missing folder is reported before any video is read.
                long start = System.nanoTime();
                verifier.cache().refresh();
                List<FaceEmbedder.Face> faces = input.faces(verifier.embedder(), n);
                result = verifier.verify(faces, thresholds);
                millis = (System.nanoTime() - start) / 1_000_000;
            }
            print(out, result, millis);
            out.flush();
            return result.verdict().verified() ? VERIFIED : NOT_VERIFIED;
        } catch (DatasetException | ImageDecodeException | BadInputException | FrameSourceException e) {
            // NoFaceException is an ImageDecodeException: a face that is not there is bad input too. Anything else is
            // an internal error, reported by the command line (ExitStatus).
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
    }

    /** The model's thresholds with the options' overrides; a value out of range is bad input naming its option. */
    private Thresholds thresholds(Thresholds calibrated) {
        Thresholds t = detectionThreshold == null ? calibrated
                : ExitStatus.option("--detection-threshold", () -> calibrated.withDetection(detectionThreshold));
        return verificationThreshold == null ? t
                : ExitStatus.option("--verification-threshold", () -> t.withVerification(verificationThreshold));
    }

    private void print(PrintWriter out, VerificationResult result, long millis) {
        Verdict v = result.verdict();
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("verified", v.verified());
            line.put("score", v.score());
            line.put("threshold", v.thresholds().detection());
            line.put("passed", v.passed());
            line.put("references", v.references());
            line.put("millis", millis);
            out.println(Json.writeCompact(line));
        } else {
            out.println(v.summary());
            out.println(String.format(Locale.ROOT, "detection threshold %.4f, verification threshold %.2f, best score %.3f, %d ms",
                    v.thresholds().detection(), v.thresholds().verification(), v.bestScore(), millis));
        }
    }
}
