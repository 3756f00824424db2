package io.siamese.app.verify;

import io.siamese.data.DatasetException;
import io.siamese.data.Mats;
import io.siamese.data.NoFaceException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a face against a folder of reference images with a {@link SiameseModel}: the reference embeddings come
 * from a {@link ReferenceCache} (kept beside the references, so a second run embeds nothing again), the live face is
 * cut out and embedded by a {@link FaceEmbedder}, and scored against every reference by the model's head alone.
 * Several frames of the same face (the last frames with a face of a camera, or of a video) are decided together
 * ({@link Decision#decide(double[], int, Thresholds)}).
 *
 * <p>Verifications are serialised: a DL4J graph must not run on two threads at once.
 */
public final class FaceVerifier {

    private static final Logger log = LoggerFactory.getLogger(FaceVerifier.class);

    private final FaceEmbedder embedder;
    private final ReferenceCache cache;

    /**
     * @param embedder finds and embeds faces
     * @param cache    the reference embeddings, computed with the same model and preprocessing
     */
    public FaceVerifier(FaceEmbedder embedder, ReferenceCache cache) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** A verifier that crops faces with the Haar cascade when {@code cropFaces} is set, else uses whole images. */
    public static FaceVerifier create(SiameseModel model, Path referenceFolder, boolean cropFaces) {
        return create(model, referenceFolder, cropFaces ? new HaarFaceCropper() : null);
    }

    /**
     * A verifier that crops faces with {@code cropper} (null: whole images). Live images and references are
     * verified on one thread at a time, so they share the cropper; a caller may share it further on that thread.
     */
    public static FaceVerifier create(SiameseModel model, Path referenceFolder, HaarFaceCropper cropper) {
        FaceEmbedder embedder = FaceEmbedder.create(model, cropper);
        return new FaceVerifier(embedder, embedder.cache(referenceFolder));
    }

    public SiameseModel model() {
        return embedder.model();
    }

    public FaceEmbedder embedder() {
        return embedder;
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
        ReferenceCache.Snapshot references = references();
        long refreshed = System.nanoTime();
        FaceEmbedder.Face face = embedder.face(image, name);
        String timing = "references " + ms(refreshed - start) + " ms, face found and embedded in " + ms(System.nanoTime() - refreshed) + " ms";
        return decide(List.of(face), references, thresholds, start, timing);
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /**
     * Verifies faces already found in several frames of the same person, pooled into one decision.
     *
     * @param faces at least one face, oldest first
     * @throws DatasetException when the reference folder is missing or holds no usable image
     */
    public synchronized VerificationResult verify(List<FaceEmbedder.Face> faces, Thresholds thresholds) {
        if (faces.isEmpty()) throw new IllegalArgumentException("at least one face is needed");
        long start = System.nanoTime();
        return decide(faces, references(), thresholds, start, "faces found beforehand");
    }

    /**
     * Brings the reference embeddings up to date (embedding new photos) and returns them.
     *
     * @throws DatasetException when the reference folder is missing or holds no usable image
     */
    public synchronized ReferenceCache.Snapshot refresh() {
        return references();
    }

    private ReferenceCache.Snapshot references() {
        ReferenceCache.Snapshot references = cache.refresh();
        if (references.isEmpty()) {
            throw new DatasetException("no usable reference images in " + cache.folder()
                    + (references.skipped().isEmpty() ? "" : " (" + references.skipped().size() + " files could not be read)")
                    + ": add references with the window's 'Add reference' button, or copy face photos there");
        }
        return references;
    }

    private VerificationResult decide(List<FaceEmbedder.Face> faces, ReferenceCache.Snapshot references, Thresholds thresholds, long start,
                                      String timing) {
        List<Embedding> embeddings = references.embeddings();
        int m = embeddings.size();
        double[] pooled = new double[faces.size() * m];
        for (int f = 0; f < faces.size(); f++) {
            System.arraycopy(embedder.model().scores(faces.get(f).embedding(), embeddings), 0, pooled, f * m, m);
        }
        Verdict verdict = Decision.decide(pooled, faces.size(), thresholds);
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("{} in {} ms ({}; {} references, {} re-embedded, cache file {}; {} frame{})", verdict.summary(), millis, timing, m,
                references.embedded(), references.file(), faces.size(), faces.size() == 1 ? "" : "s");
        Mat last = faces.get(faces.size() - 1).crop();
        return new VerificationResult(verdict, pooled, references.references().stream().map(ReferenceCache.Reference::file).toList(),
                Mats.toBufferedImage(last), millis, references.embedded(), faces.size());
    }
}
