package io.siamese.app.verify;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * One verification: the verdict, the per-reference scores it came from (so the verdict can be re-decided when a
 * threshold slider moves, without running the network again), the face that was compared and how long it took.
 *
 * @param verdict            the decision under the thresholds asked for
 * @param scores             one score per reference, in the order of {@code references}
 * @param references         the reference files compared
 * @param face               the face crop that was embedded, in its original colours (a copy)
 * @param millis             wall time of the whole verification: reference refresh, face detection, embedding, head
 * @param referencesEmbedded how many references had to be (re-)embedded first (0 when the folder had not changed)
 */
public record VerificationResult(Verdict verdict, double[] scores, List<Path> references, BufferedImage face,
                                 long millis, int referencesEmbedded) {

    public VerificationResult {
        scores = scores.clone();
        references = List.copyOf(references);
        if (scores.length != references.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + references.size() + " references");
        }
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    /** The verdict the same scores give under other thresholds. */
    public Verdict decide(Thresholds thresholds) {
        return Decision.decide(scores, thresholds);
    }
}
