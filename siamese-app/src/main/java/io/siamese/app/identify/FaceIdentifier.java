package io.siamese.app.identify;

import io.siamese.app.gallery.Gallery;
import io.siamese.app.verify.FaceEmbedder;
import io.siamese.app.verify.ReferenceCache;
import io.siamese.app.verify.Thresholds;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Names the face in one image, or in the last frames with a face, among the people of a {@link Gallery}, or says
 * that nobody enrolled is there ({@link IdentificationRule}). Each person's reference embeddings come from their own
 * {@link ReferenceCache}, kept in their folder, so people can be enrolled or removed while the app runs and only new
 * photos are embedded. A person whose folder holds no usable image is left out (with one warning).
 *
 * <p>Identifications are serialised: a DL4J graph must not run on two threads at once.
 */
public final class FaceIdentifier {

    private static final Logger log = LoggerFactory.getLogger(FaceIdentifier.class);

    private final FaceEmbedder embedder;
    private final Gallery gallery;
    private final Map<Path, ReferenceCache> caches = new HashMap<>();
    private final Set<Path> reportedEmpty = new HashSet<>();

    public FaceIdentifier(FaceEmbedder embedder, Gallery gallery) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.gallery = Objects.requireNonNull(gallery, "gallery");
    }

    /** An identifier that crops faces with {@code cropper} (null: whole images), as {@code FaceVerifier.create} does. */
    public static FaceIdentifier create(SiameseModel model, Path galleryFolder, HaarFaceCropper cropper) {
        return new FaceIdentifier(FaceEmbedder.create(model, cropper), new Gallery(galleryFolder));
    }

    public FaceEmbedder embedder() {
        return embedder;
    }

    public Gallery gallery() {
        return gallery;
    }

    /**
     * Identifies the face in an image.
     *
     * @throws NoFaceException  when face cropping is on and the image shows no face
     * @throws DatasetException when the gallery is missing or nobody in it has a usable reference
     */
    public synchronized IdentificationResult identify(Mat image, String name, Thresholds thresholds) {
        long start = System.nanoTime();
        References references = references();
        FaceEmbedder.Face face = embedder.face(image, name);
        return decide(List.of(face), references, thresholds, start);
    }

    /**
     * Identifies faces already found in several frames of the same person, pooled into one decision.
     *
     * @param faces at least one face, oldest first
     * @throws DatasetException when the gallery is missing or nobody in it has a usable reference
     */
    public synchronized IdentificationResult identify(List<FaceEmbedder.Face> faces, Thresholds thresholds) {
        if (faces.isEmpty()) throw new IllegalArgumentException("at least one face is needed");
        long start = System.nanoTime();
        return decide(faces, references(), thresholds, start);
    }

    /**
     * Brings every person's reference embeddings up to date (embedding new photos) and returns who can be named.
     *
     * @throws DatasetException when the gallery is missing or nobody in it has a usable reference
     */
    public synchronized List<String> refresh() {
        return references().people();
    }

    /** The people with usable references and their reference embeddings, in name order. */
    private record References(List<String> people, List<List<Embedding>> embeddings, int embedded) {
    }

    private References references() {
        List<Gallery.Person> people = gallery.people();
        caches.keySet().retainAll(people.stream().map(Gallery.Person::folder).toList());
        List<String> names = new ArrayList<>();
        List<List<Embedding>> embeddings = new ArrayList<>();
        int embedded = 0;
        for (Gallery.Person person : people) {
            ReferenceCache.Snapshot snapshot = caches.computeIfAbsent(person.folder(), embedder::cache).refresh();
            embedded += snapshot.embedded();
            if (snapshot.isEmpty()) {
                if (reportedEmpty.add(person.folder())) {
                    log.warn("{} has no usable reference image in {}: left out of identification", person.name(), person.folder());
                }
                continue;
            }
            reportedEmpty.remove(person.folder());
            names.add(person.name());
            embeddings.add(snapshot.embeddings());
        }
        if (names.isEmpty()) {
            throw new DatasetException("nobody in the gallery " + gallery.folder() + " has a usable reference image"
                    + (people.isEmpty() ? " (it has no person folders)" : " (" + people.size() + " person folders, none with a readable photo)")
                    + ": enrol someone with ./siamese enrol --gallery " + gallery.folder() + " --name NAME --images PHOTOS,"
                    + " or type a name in the face-ID window and press R");
        }
        return new References(names, embeddings, embedded);
    }

    private IdentificationResult decide(List<FaceEmbedder.Face> faces, References references, Thresholds thresholds, long start) {
        List<double[]> pooled = new ArrayList<>(references.people().size());
        for (List<Embedding> personReferences : references.embeddings()) {
            int m = personReferences.size();
            double[] scores = new double[faces.size() * m];
            for (int f = 0; f < faces.size(); f++) {
                System.arraycopy(embedder.model().scores(faces.get(f).embedding(), personReferences), 0, scores, f * m, m);
            }
            pooled.add(scores);
        }
        Identification identification = IdentificationRule.decide(references.people(), pooled, faces.size(), thresholds);
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("{} in {} ms ({} people, {} references re-embedded; {} frame{})", identification.summary(), millis, references.people().size(),
                references.embedded(), faces.size(), faces.size() == 1 ? "" : "s");
        return new IdentificationResult(identification, references.people(), pooled, Mats.toBufferedImage(faces.get(faces.size() - 1).crop()),
                millis, references.embedded(), faces.size());
    }
}
