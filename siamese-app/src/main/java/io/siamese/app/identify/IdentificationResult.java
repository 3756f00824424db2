package io.siamese.app.identify;

import io.siamese.app.verify.Thresholds;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One identification: the decision, the scores it came from (so it can be re-decided when a threshold slider moves,
 * without running the network again), the face compared and how long it took.
 *
 * @param identification     the decision under the thresholds asked for
 * @param people             the gallery's people with usable references, in name order
 * @param pooled             per person, the scores of every frame against every reference, frame after frame
 * @param face               the (last) face crop that was embedded, in its original colours
 * @param millis             wall time: gallery refresh, face detection and embedding (when done here), head
 * @param referencesEmbedded how many references had to be (re-)embedded first (0 when the gallery had not changed)
 * @param frames             how many frames with a face were compared
 */
public record IdentificationResult(Identification identification, List<String> people, List<double[]> pooled, BufferedImage face,
                                   long millis, int referencesEmbedded, int frames) {

    public IdentificationResult {
        people = List.copyOf(people);
        pooled = pooled.stream().map(double[]::clone).toList();
        if (people.size() != pooled.size()) throw new IllegalArgumentException(people.size() + " people but " + pooled.size() + " score lists");
    }

    /** The same identification with another wall time (a caller that also found the faces counts that time too). */
    public IdentificationResult withMillis(long newMillis) {
        return new IdentificationResult(identification, people, pooled, face, newMillis, referencesEmbedded, frames);
    }

    /** The decision the same scores give under other thresholds. */
    public Identification decide(Thresholds thresholds) {
        return IdentificationRule.decide(people, pooled, frames, thresholds);
    }
}
