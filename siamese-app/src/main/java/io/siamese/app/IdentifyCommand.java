package io.siamese.app;

import io.siamese.app.gallery.Gallery;
import io.siamese.app.identify.Candidate;
import io.siamese.app.identify.FaceIdentifier;
import io.siamese.app.identify.Identification;
import io.siamese.app.identify.IdentificationResult;
import io.siamese.app.source.FrameSourceException;
import io.siamese.app.verify.FaceEmbedder;
import io.siamese.app.verify.Thresholds;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.BadInputException;
import io.siamese.model.Json;
import io.siamese.model.SiameseModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code identify}: who is this, among the people of a gallery, or nobody enrolled? Open-set identification of one
 * image (or of the first frames with a face of a video or a folder of frames) against {@code GALLERY/NAME/*.jpg}, with
 * the model's unknown-rejection threshold for that many frames. Exit status 0 when someone is named, 1 for an
 * unknown face, 2 on bad input.
 */
@Command(name = "identify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Name the face in one image (or in the first frames with a face of a video or a folder of frames) among the people "
                + "of a gallery (one folder of reference photos per person), or say that it is nobody enrolled.",
                "A person matches when at least the verification fraction of their comparisons reach the detection threshold; the model's "
                + "calibration sets that threshold per number of frames, so that an unknown face is taken for someone at most at the target "
                + "rate on validation people. Reference embeddings are cached in each person's folder."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:identified", "1:unknown: nobody in the gallery matches", "2:bad input: no face found, unreadable image, missing or empty gallery, unusable model"})
public final class IdentifyCommand implements Callable<Integer> {

    /** Exit status when the face is named. */
    public static final int IDENTIFIED = 0;
    /** Exit status for an unknown face. */
    public static final int UNKNOWN = 1;
    /** Exit status for input that cannot be used. */
    public static final int BAD_INPUT = DatasetException.EXIT_STATUS;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "Model file (model.zip of a training run).")
    Path model;

    @Option(names = "--gallery", paramLabel = "DIR", description = "The gallery: one folder of reference photos per person (default: application_data/people).")
    Path gallery;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ProbeInput input;

    @Option(names = "--frames", paramLabel = "N", description = "With --video or --folder: decide over the first N frames with a face, 1 to 10 (default: 1).")
    Integer frames;

    @Option(names = "--json", description = "Print one JSON line: identity (a name, or null), score (of the person named, or of the best "
            + "candidate), threshold (the detection threshold used), candidates (name, score, agreeing comparisons; best first), millis "
            + "(gallery, face detection, embedding, head; model loading excluded).")
    boolean json;

    @Option(names = "--no-crop", description = "Use whole images; skip face detection.")
    boolean noCrop;

    @Option(names = "--detection-threshold", paramLabel = "P", description = "Score at or above which a comparison agrees (default: the model's unknown-rejection threshold for the number of frames).")
    Double detectionThreshold;

    @Option(names = "--verification-threshold", paramLabel = "FRACTION", description = "Fraction of a person's comparisons that must agree, in (0, 1] (default: the model's calibration).")
    Double verificationThreshold;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path galleryFolder = gallery != null ? gallery : Gallery.DEFAULT;
            int n = input.frames(frames);
            if (detectionThreshold != null && !(detectionThreshold >= 0 && detectionThreshold <= 1)) {
                throw new BadInputException("--detection-threshold must be in [0, 1], got " + detectionThreshold);
            }
            if (verificationThreshold != null && !(verificationThreshold > 0 && verificationThreshold <= 1)) {
                throw new BadInputException("--verification-threshold must be in (0, 1] (a fraction of the comparisons), got " + verificationThreshold);
            }
            if (input.image != null && !Files.isRegularFile(input.image)) throw new ImageDecodeException("image not found: " + input.image);
            new Gallery(galleryFolder).people();
            SiameseModel siamese = SiameseModel.load(model);
            Thresholds thresholds = Thresholds.forIdentification(siamese.calibration(), n);
            if (detectionThreshold != null) thresholds = thresholds.withDetection(detectionThreshold);
            if (verificationThreshold != null) thresholds = thresholds.withVerification(verificationThreshold);
            FaceIdentifier identifier = FaceIdentifier.create(siamese, galleryFolder, noCrop ? null : new HaarFaceCropper());
            long start = System.nanoTime();
            // The gallery first (embedded now where new), so an empty gallery is reported before any face is searched.
            identifier.refresh();
            List<FaceEmbedder.Face> faces = input.faces(identifier.embedder(), n);
            IdentificationResult result = identifier.identify(faces, thresholds);
            long millis = (System.nanoTime() - start) / 1_000_000;
            print(out, result.identification(), millis);
            out.flush();
            return result.identification().identified() ? IDENTIFIED : UNKNOWN;
        } catch (DatasetException | ImageDecodeException | BadInputException | FrameSourceException e) {
            // NoFaceException is an ImageDecodeException: a face that is not there is bad input too.
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
    }

    private void print(PrintWriter out, Identification identification, long millis) {
        if (json) {
            out.println(Json.writeCompact(jsonLine(identification, millis)));
            return;
        }
        out.println(identification.summary());
        out.println(String.format(Locale.ROOT, "detection threshold %.4f, verification threshold %.2f, %d frame%s, %d ms",
                identification.thresholds().detection(), identification.thresholds().verification(), identification.frames(),
                identification.frames() == 1 ? "" : "s", millis));
        for (Candidate c : identification.candidates()) out.println("  " + c.describe());
    }

    /** The JSON contract: identity, score, threshold, candidates (name, score, agreeing), millis. */
    static Map<String, Object> jsonLine(Identification identification, long millis) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("identity", identification.identity());
        line.put("score", Double.isNaN(identification.score()) ? null : identification.score());
        line.put("threshold", identification.thresholds().detection());
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (Candidate c : identification.candidates()) {
            Map<String, Object> candidate = new LinkedHashMap<>();
            candidate.put("name", c.name());
            candidate.put("score", c.score());
            candidate.put("agreeing", c.agreeing());
            candidates.add(candidate);
        }
        line.put("candidates", candidates);
        line.put("millis", millis);
        return line;
    }
}
