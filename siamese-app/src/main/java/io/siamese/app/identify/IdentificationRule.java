package io.siamese.app.identify;

import io.siamese.app.verify.Decision;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Open-set identification as a pure function. Each person of the gallery is decided as {@code verify} decides one
 * person ({@link Decision}), with all of that person's references and, over several frames, all frames pooled: the
 * person matches when at least the verification fraction of the comparisons reach the detection threshold. The face
 * is named as the matching person with the highest mean score (ties: the first in name order), or unknown when
 * nobody matches. The detection threshold is therefore the unknown-rejection threshold; the model's calibration
 * sets it per number of frames ({@code Calibration.identificationThreshold}).
 */
public final class IdentificationRule {

    private IdentificationRule() {
    }

    /**
     * @param people     the gallery's people, in name order
     * @param pooled     per person, the scores of every frame against every reference, frame after frame
     * @param frames     how many frames the scores pool (at least 1)
     * @param thresholds detection (unknown rejection) and verification thresholds
     */
    public static Identification decide(List<String> people, List<double[]> pooled, int frames, Thresholds thresholds) {
        if (people.size() != pooled.size()) throw new IllegalArgumentException(people.size() + " people but " + pooled.size() + " score lists");
        if (frames < 1) throw new IllegalArgumentException("frames must be >= 1, got " + frames);
        List<Candidate> candidates = new ArrayList<>(people.size());
        Candidate named = null;
        for (int p = 0; p < people.size(); p++) {
            Verdict v = Decision.decide(pooled.get(p), frames, thresholds);
            Candidate c = new Candidate(people.get(p), v.score(), v.passed(), v.references(), v.required(), v.verified());
            candidates.add(c);
            if (c.matches() && (named == null || c.score() > named.score())) named = c;
        }
        // A stable sort keeps name order among equal scores.
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        double score = named != null ? named.score() : candidates.isEmpty() ? Double.NaN : candidates.get(0).score();
        return new Identification(named == null ? null : named.name(), score, candidates, thresholds, frames);
    }
}
