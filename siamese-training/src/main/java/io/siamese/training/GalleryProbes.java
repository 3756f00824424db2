package io.siamese.training;

import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live app's decision simulated on labelled embeddings: for each identity with more than {@code gallerySize}
 * images, the first {@code gallerySize} are its references (the verification folder); each remaining image of that
 * identity is a genuine probe, and every image of every other identity is an impostor probe. Each entry holds one
 * probe's scores against one gallery, the input of the detection and verification thresholds.
 *
 * @param genuine  scores of genuine probes against their own identity's gallery
 * @param impostor scores of impostor probes against another identity's gallery
 */
public record GalleryProbes(List<double[]> genuine, List<double[]> impostor) {

    /** Scores every probe against every gallery; embeddings per identity, in a stable order. */
    public static GalleryProbes of(SiameseModel model, Map<String, List<Embedding>> byIdentity, int gallerySize) {
        List<double[]> genuine = new ArrayList<>(), impostor = new ArrayList<>();
        for (Map.Entry<String, List<Embedding>> identity : byIdentity.entrySet()) {
            List<Embedding> images = identity.getValue();
            if (images.size() <= gallerySize) continue;
            List<Embedding> gallery = images.subList(0, gallerySize);
            for (Embedding probe : images.subList(gallerySize, images.size())) genuine.add(model.scores(probe, gallery));
            for (Map.Entry<String, List<Embedding>> other : byIdentity.entrySet()) {
                if (other.getKey().equals(identity.getKey())) continue;
                for (Embedding probe : other.getValue()) impostor.add(model.scores(probe, gallery));
            }
        }
        return new GalleryProbes(List.copyOf(genuine), List.copyOf(impostor));
    }

    /** True when there is at least one genuine and one impostor probe. */
    public boolean usable() {
        return !genuine.isEmpty() && !impostor.isEmpty();
    }
}
