package io.siamese.app.verify;

import io.siamese.data.FileImage;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.NoFaceException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Embedding;
import io.siamese.model.ModelSpec;
import io.siamese.model.SiameseModel;
import org.bytedeco.opencv.opencv_core.Mat;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns images into embeddings the way verification and identification need them: a live face is cut out with the
 * Haar cascade (an image without a face is refused), preprocessed exactly as in training ({@link ImagePreprocessor})
 * and embedded once; references go through the same crop but fall back to the whole image when no face is found, so
 * a folder of enrolment crops and a folder of ordinary photos both work. Reference embeddings are kept per folder in a
 * {@link ReferenceCache} whose file is keyed by this embedder's {@link #cacheKey()}.
 *
 * <p>Embedding is serialised: a DL4J graph must not run on two threads at once, and the cropper is shared.
 */
public final class FaceEmbedder {

    /** A face found in an image: the crop that was compared (in the image's own colours) and its embedding. */
    public record Face(String name, Mat crop, Embedding embedding) {
    }

    private final SiameseModel model;
    private final ImagePreprocessor faceFinder;
    private final ImagePreprocessor preprocessor;
    private final ImagePreprocessor references;
    private final String cacheKey;

    /**
     * @param faceFinder   cuts the face out of a live image ({@link ImagePreprocessor#cropFace}); without a face
     *                     cropper the whole image is used
     * @param preprocessor turns the face into the model's input; must match the model's input size
     * @param references   preprocesses a reference file completely (crop, with or without fallback, and input)
     * @param cacheKey     what reference embeddings depend on, for cache files; null keeps them in memory only
     */
    public FaceEmbedder(SiameseModel model, ImagePreprocessor faceFinder, ImagePreprocessor preprocessor, ImagePreprocessor references, String cacheKey) {
        this.model = Objects.requireNonNull(model, "model");
        this.faceFinder = Objects.requireNonNull(faceFinder, "faceFinder");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        this.references = Objects.requireNonNull(references, "references");
        this.cacheKey = cacheKey;
        ModelSpec spec = model.spec();
        for (ImagePreprocessor p : new ImagePreprocessor[] {preprocessor, references}) {
            if (p.height() != spec.height() || p.width() != spec.width() || p.channels() != spec.channels()) {
                throw new IllegalArgumentException("the preprocessing makes " + p.height() + "x" + p.width() + "x" + p.channels()
                        + " inputs but the model expects " + spec.height() + "x" + spec.width() + "x" + spec.channels());
            }
        }
    }

    /**
     * The embedder of the app and the command line: faces cut out with {@code cropper} (null: whole images), and
     * reference caches kept beside the references, keyed by the model's identity and the preprocessing.
     */
    public static FaceEmbedder create(SiameseModel model, HaarFaceCropper cropper) {
        ModelSpec spec = model.spec();
        ImagePreprocessor plain = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        ImagePreprocessor live = cropper != null ? plain.withFaceCropper(cropper, ImagePreprocessor.MissingFace.FAIL) : plain;
        ImagePreprocessor references = cropper != null ? plain.withFaceCropper(cropper, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE) : plain;
        String preprocessing = cropper == null ? "whole images"
                : String.format(Locale.ROOT, "haar face crop (%s, margin %s), whole image when no face", HaarFaceCropper.CASCADE, cropper.margin());
        return new FaceEmbedder(model, live, plain, references, ModelIdentity.of(model) + "; references: " + preprocessing);
    }

    public SiameseModel model() {
        return model;
    }

    /** What cached reference embeddings depend on: the model's identity and the preprocessing; null when not persisted. */
    public String cacheKey() {
        return cacheKey;
    }

    /** A cache of the embeddings of a folder of references, kept in the folder when this embedder has a cache key. */
    public ReferenceCache cache(Path folder) {
        return new ReferenceCache(folder, this::embedReference, cacheKey);
    }

    /**
     * Finds the face in an image (a camera frame or a decoded file, 8-bit BGR or grayscale) and embeds it.
     *
     * @param name a name for messages, such as {@code frame 120} or the file name
     * @throws NoFaceException when face cropping is on and the image shows no face
     */
    public synchronized Face face(Mat image, String name) {
        Mat crop = faceFinder.cropFace(image, name);
        return new Face(name, crop, model.embed(preprocessor.fromMat(crop, name)));
    }

    private synchronized Embedding embedReference(Path file) {
        return model.embed(references.load(new FileImage(file)));
    }
}
