package io.siamese.app;

import io.siamese.app.enrol.EnrolmentFolders;
import io.siamese.app.verify.FaceVerifier;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.VerificationResult;
import io.siamese.app.verify.Verdict;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageDecodeException;
import io.siamese.model.Json;
import io.siamese.model.BadInputException;
import io.siamese.model.SiameseModel;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code verify}: the window's verification without a window. One image is compared with every image of a reference
 * folder; the thresholds come from the model's calibration unless overridden. Exit status 0 when verified, 1 when
 * not, 2 on bad input (the message on standard error says what is wrong).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify the face in one image against a folder of reference images, as the face-ID window does.",
                "The detection and verification thresholds default to the model's calibration."},
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

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The image to verify.")
    Path image;

    @Option(names = "--json", description = {"Print one JSON line: verified, score (mean over references), threshold (detection), passed, references,",
            "millis (the verification: reference embedding, face detection, embedding, head; model loading excluded)."})
    boolean json;

    @Option(names = "--no-crop", description = "Use whole images; skip face detection.")
    boolean noCrop;

    @Option(names = "--detection-threshold", paramLabel = "P", description = "Score at or above which a reference agrees (default: the model's calibrated threshold).")
    Double detectionThreshold;

    @Option(names = "--verification-threshold", paramLabel = "FRACTION", description = "Fraction of references that must agree, in (0, 1] (default: the model's calibration).")
    Double verificationThreshold;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path referenceFolder = references != null ? references : EnrolmentFolders.DEFAULTS.references();
            if (!Files.isRegularFile(image)) throw new ImageDecodeException("image not found: " + image);
            if (!Files.isDirectory(referenceFolder)) throw new DatasetException("reference folder not found: " + referenceFolder);
            Mat decoded = new FileImage(image).decode();
            SiameseModel siamese = SiameseModel.load(model);
            Thresholds thresholds = thresholds(Thresholds.from(siamese.calibration()));
            FaceVerifier verifier = FaceVerifier.create(siamese, referenceFolder, !noCrop);
            VerificationResult result = verifier.verify(decoded, image.toString(), thresholds);
            print(out, result);
            out.flush();
            return result.verdict().verified() ? VERIFIED : NOT_VERIFIED;
        } catch (DatasetException | ImageDecodeException | BadInputException e) {
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

    private void print(PrintWriter out, VerificationResult result) {
        Verdict v = result.verdict();
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("verified", v.verified());
            line.put("score", v.score());
            line.put("threshold", v.thresholds().detection());
            line.put("passed", v.passed());
            line.put("references", v.references());
            line.put("millis", result.millis());
            out.println(Json.writeCompact(line));
        } else {
            out.println(v.summary());
            out.println(String.format(Locale.ROOT, "detection threshold %.4f, verification threshold %.2f, best score %.3f, %d ms",
                    v.thresholds().detection(), v.thresholds().verification(), v.bestScore(), result.millis()));
        }
    }
}
