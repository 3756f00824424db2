package io.siamese.app.verify;

import java.util.Locale;

/**
 * The outcome of comparing a face, in one frame or several, with every reference of a person.
 *
 * @param verified   true when at least {@code required} comparisons agreed
 * @param score      the mean of the comparison scores: how much the whole gallery agrees (shown and printed as
 *                   "score"; the decision itself counts agreeing comparisons)
 * @param bestScore  the highest comparison score, the best single match
 * @param passed     how many comparisons scored at or above the detection threshold
 * @param references how many references were compared
 * @param required   how many comparisons had to agree: the smallest count whose fraction reaches the verification
 *                   threshold
 * @param fraction   {@code passed / (references * frames)}
 * @param thresholds the thresholds the decision used
 * @param frames     how many frames with a face were compared with every reference (1 for a single image)
 */
public record Verdict(boolean verified, double score, double bestScore, int passed, int references, int required,
                      double fraction, Thresholds thresholds, int frames) {

    /** "Verified" or "Unverified". */
    public String label() {
        return verified ? "Verified" : "Unverified";
    }

    /** "4 of 5 references agreed (3 needed)", or over frames "7 of 15 comparisons agreed (5 references x 3 frames, 8 needed)". */
    public String agreement() {
        if (frames > 1) {
            return passed + " of " + references * frames + " comparisons agreed (" + references + (references == 1 ? " reference" : " references")
                    + " x " + frames + " frames, " + required + " needed)";
        }
        return passed + " of " + references + (references == 1 ? " reference" : " references") + " agreed (" + required + " needed)";
    }

    /** One line for logs and the command line: "Verified: score 0.871, 4 of 5 references agreed (3 needed)". */
    public String summary() {
        return String.format(Locale.ROOT, "%s: score %.3f, %s", label(), score, agreement());
    }
}
