package io.siamese.app.verify;

import java.util.Locale;

/**
 * The outcome of comparing one face with every reference.
 *
 * @param verified   true when at least {@code required} references agreed
 * @param score      the mean of the per-reference scores: how much the whole gallery agrees (shown and printed as
 *                   "score"; the decision itself counts agreeing references)
 * @param bestScore  the highest per-reference score, the best single match
 * @param passed     how many references scored at or above the detection threshold
 * @param references how many references were compared
 * @param required   how many had to agree: the smallest count whose fraction reaches the verification threshold
 * @param fraction   {@code passed / references}
 * @param thresholds the thresholds the decision used
 */
public record Verdict(boolean verified, double score, double bestScore, int passed, int references, int required,
                      double fraction, Thresholds thresholds) {

    /** "Verified" or "Unverified". */
    public String label() {
        return verified ? "Verified" : "Unverified";
    }

    /** "4 of 5 references agreed (3 needed)". */
    public String agreement() {
        return passed + " of " + references + (references == 1 ? " reference" : " references") + " agreed (" + required + " needed)";
    }

    /** One line for logs and the command line: "Verified: score 0.871, 4 of 5 references agreed (3 needed)". */
    public String summary() {
        return String.format(Locale.ROOT, "%s: score %.3f, %s", label(), score, agreement());
    }
}
