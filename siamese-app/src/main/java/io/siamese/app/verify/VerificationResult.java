package io.siamese.app.verify;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * One verification: the verdict, the comparison scores it came from (so the verdict can be re-decided when a
 * threshold slider moves, without running the network again), the face that was compared and how long it took.
 *
 * @param verdict            the decision under the thresholds asked for
 * @param scores             one score per frame and reference, frame after frame (references in the order of
 *                           {@code references})
 * @param references         the reference files compared
 * @param face               the (last) face crop that was embedded, in its original colours (a copy)
 * @param millis             wall time of the whole verification: reference refresh, face detection, embedding, head
 * @param referencesEmbedded how many references had to be (re-)embedded first (0 when the folder had not changed)
 * @param frames             how many frames with a face were compared (1 for a single image)
 */
public record VerificationResult(Verdict verdict, double[] scores, List<Path> references, BufferedImage face,
                                 long millis, int referencesEmbedded, int frames) {

    public VerificationResult {
        scores = scores.clone();
        references = List.copyOf(references);
        if (frames < 1 || scores.length != references.size() * frames) {
            throw new IllegalArgumentException(scores.length + " scores for " + references.size() + " references and " + frames + " frames");
        }
    }

    /** A verification of a single frame. */
    public VerificationResult(Verdict verdict, double[] scores, List<Path> references, BufferedImage face, long millis, int referencesEmbedded) {
        this(verdict, scores, references, face, millis, referencesEmbedded, 1);
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    /** The same verification with another wall time (a caller that also found the faces counts that time too). */
    public VerificationResult withMillis(long newMillis) {
        return new VerificationResult(verdict, scores, references, face, newMillis, referencesEmbedded, frames);
    }

    /** The verdict the same scores give under other thresholds. */
    public Verdict decide(Thresholds thresholds) {
        return Decision.decide(scores, frames, thresholds);
    }
}
