package io.siamese.app.verify;

import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.Mats;
import io.siamese.data.NoFaceException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Embedding;
import io.siamese.model.ModelSpec;
import io.siamese.model.SiameseModel;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a face against a folder of reference images with a {@link SiameseModel}: the reference embeddings come
 * from a {@link ReferenceCache}, the live face is cut out with the Haar cascade, preprocessed exactly as in training
 * ({@link ImagePreprocessor}), embedded once, and scored against every reference by the model's head alone.
 *
 * <p>References go through the same face crop, falling back to the whole image when no face is found, so a folder
 * of enrolment crops and a folder of ordinary photos both work: cutting the face out of a face crop with its margin
 * gives back (nearly) the same crop. The live face must contain a face ({@link NoFaceException} otherwise).
 *
 * <p>Verifications are serialised: a DL4J graph must not run on two threads at once.
 */
public final class FaceVerifier {

    private static final Logger log = LoggerFactory.getLogger(FaceVerifier.class);

    private final SiameseModel model;
    private final ImagePreprocessor faceFinder;
    private final ImagePreprocessor preprocessor;
    private final ReferenceCache cache;

    /**
     * @param model        the model
     * @param faceFinder   cuts the face out of a live image ({@link ImagePreprocessor#cropFace}); without a face
     *                     cropper the whole image is used
     * @param preprocessor turns the face into the model's input; must match the model's input size
     * @param cache        the reference embeddings, computed with the same model
     */
    public FaceVerifier(SiameseModel model, ImagePreprocessor faceFinder, ImagePreprocessor preprocessor, ReferenceCache cache) {
        this.model = Objects.requireNonNull(model, "model");
        this.faceFinder = Objects.requireNonNull(faceFinder, "faceFinder");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        this.cache = Objects.requireNonNull(cache, "cache");
        ModelSpec spec = model.spec();
        if (preprocessor.height() != spec.height() || preprocessor.width() != spec.width() || preprocessor.channels() != spec.channels()) {
            throw new IllegalArgumentException("the preprocessing makes " + preprocessor.height() + "x" + preprocessor.width() + "x" + preprocessor.channels()
                    + " inputs but the model expects " + spec.height() + "x" + spec.width() + "x" + spec.channels());
        }
    }

    /**
     * A verifier for a model and a reference folder, with the model's own input size.
     *
     * @param cropFaces cut faces out with the Haar cascade (live images must then show a face); false uses whole images
     */
    public static FaceVerifier create(SiameseModel model, Path referenceFolder, boolean cropFaces) {
        return create(model, referenceFolder, cropFaces ? new HaarFaceCropper() : null);
    }

    /**
     * A verifier that crops faces with {@code cropper} (null: whole images). Live images and references are
     * verified on one thread at a time, so they share the cropper; a caller may share it further on that thread.
     */
    public static FaceVerifier create(SiameseModel model, Path referenceFolder, HaarFaceCropper cropper) {
        ModelSpec spec = model.spec();
        ImagePreprocessor plain = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        ImagePreprocessor live = cropper != null ? plain.withFaceCropper(cropper, ImagePreprocessor.MissingFace.FAIL) : plain;
        ImagePreprocessor references = cropper != null ? plain.withFaceCropper(cropper, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE) : plain;
        ReferenceCache cache = new ReferenceCache(referenceFolder, file -> model.embed(references.load(new FileImage(file))));
        return new FaceVerifier(model, live, plain, cache);
    }

    public SiameseModel model() {
        return model;
    }

    public ReferenceCache cache() {
        return cache;
    }

    /**
     * Verifies the face in an image (a camera frame or a decoded file, 8-bit BGR or grayscale).
     *
     * @param name a name for messages, such as {@code frame 120} or the file name
     * @throws NoFaceException  when face cropping is on and the image shows no face
     * @throws DatasetException when the reference folder is missing or holds no usable image
     */
    public synchronized VerificationResult verify(Mat image, String name, Thresholds thresholds) {
        long start = System.nanoTime();
        ReferenceCache.Snapshot references = cache.refresh();
        if (references.isEmpty()) {
            throw new DatasetException("no usable reference images in " + cache.folder()
                    + (references.skipped().isEmpty() ? "" : " (" + references.skipped().size() + " files could not be read)")
                    + ": add references with the window's 'Add reference' button, or copy face photos there");
        }
        long refreshed = System.nanoTime();
        Mat face = faceFinder.cropFace(image, name);
        long found = System.nanoTime();
        INDArray input = preprocessor.fromMat(face, name);
        Embedding embedding = model.embed(input);
        long embedded = System.nanoTime();
        List<ReferenceCache.Reference> refs = references.references();
        double[] scores = model.scores(embedding, references.embeddings());
        Verdict verdict = Decision.decide(scores, thresholds);
        long end = System.nanoTime();
        long millis = (end - start) / 1_000_000;
        log.info("{} in {} ms (references {} ms, {} re-embedded; face {} ms; embedding {} ms; head over {} references {} ms)",
                verdict.summary(), millis, ms(refreshed - start), references.embedded(), ms(found - refreshed),
                ms(embedded - found), refs.size(), ms(end - embedded));
        return new VerificationResult(verdict, scores, refs.stream().map(ReferenceCache.Reference::file).toList(),
                Mats.toBufferedImage(face), millis, references.embedded());
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
