package io.siamese.app.identify;

import io.siamese.app.verify.Thresholds;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a face is, or nobody enrolled.
 *
 * @param identity   the person named, or null for an unknown face
 * @param score      the named person's mean score; for an unknown face the best candidate's; NaN without candidates
 * @param candidates every person of the gallery, best score first
 * @param thresholds the detection threshold (the unknown-rejection threshold) and verification threshold used
 * @param frames     how many frames with a face the decision pooled
 */
public record Identification(String identity, double score, List<Candidate> candidates, Thresholds thresholds, int frames) {

    public Identification {
        candidates = List.copyOf(candidates);
    }

    public boolean identified() {
        return identity != null;
    }

    /** The candidate with the highest score, if the gallery had anyone. */
    public Optional<Candidate> best() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    /** The person's name, or "Unknown". */
    public String label() {
        return identified() ? identity : "Unknown";
    }

    /** The candidate named, or the best one for an unknown face. */
    public Optional<Candidate> shown() {
        return identified() ? candidates.stream().filter(c -> c.name().equals(identity)).findFirst() : best();
    }

    /** One line for logs and the command line: "Alice: score 0.871, 4 of 5 comparisons agreed (1 needed)". */
    public String summary() {
        if (candidates.isEmpty()) return "Unknown: nobody is enrolled in the gallery";
        Candidate c = shown().orElseThrow();
        String evidence = String.format(Locale.ROOT, "score %.3f, %d of %d comparisons agreed (%d needed)", c.score(), c.agreeing(),
                c.references() * frames, c.required());
        return identified() ? identity + ": " + evidence : "Unknown: best candidate " + c.name() + ", " + evidence;
    }
}
