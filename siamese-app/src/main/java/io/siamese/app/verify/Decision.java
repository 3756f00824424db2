package io.siamese.app.verify;

/**
 * The verification rule of the original face-ID projects, as a pure function: a reference agrees when its score
 * reaches the detection threshold, and the face is verified when the agreeing fraction reaches the verification
 * threshold. Both comparisons are "at or above", like {@code SiameseModel.verify} and the model's calibration.
 */
public final class Decision {

    /**
     * Slack for the fraction comparison, so that a threshold computed as, say, {@code 0.1 * 3} still accepts 3 of 10.
     */
    private static final double FRACTION_SLACK = 1e-9;

    private Decision() {
    }

    /**
     * Decides from per-reference scores.
     *
     * @param scores     one score in [0, 1] per reference, at least one
     * @param thresholds the detection and verification thresholds
     * @throws IllegalArgumentException when there are no scores or a score is not a number
     */
    public static Verdict decide(double[] scores, Thresholds thresholds) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("cannot verify against zero references: add reference images first");
        }
        int passed = 0;
        double sum = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) throw new IllegalArgumentException("score of reference " + i + " is not a number");
            if (s >= thresholds.detection()) passed++;
            sum += s;
            best = Math.max(best, s);
        }
        int required = required(scores.length, thresholds.verification());
        return new Verdict(passed >= required, sum / scores.length, best, passed, scores.length, required,
                (double) passed / scores.length, thresholds);
    }

    /** The smallest number of agreeing references out of {@code references} whose fraction reaches {@code verification}. */
    public static int required(int references, double verification) {
        if (references < 1) throw new IllegalArgumentException("references must be >= 1, got " + references);
        int needed = (int) Math.ceil(verification * references - FRACTION_SLACK);
        return Math.max(1, Math.min(references, needed));
    }
}
