package io.siamese.app.verify;

/**
 * The verification rule of the original face-ID projects, as a pure function: a reference agrees when its score
 * reaches the detection threshold, and the face is verified when the agreeing fraction reaches the verification
 * threshold. Both comparisons are "at or above", like {@code SiameseModel.verify} and the model's calibration.
 *
 * <p>Over several frames (the last {@code N} frames with a face) the comparisons of every frame with every reference
 * are pooled: the face is verified when at least the verification fraction of all {@code N x references} comparisons
 * agree. One lucky frame of a stranger then no longer decides alone, nor one blurred frame of the owner.
 */
public final class Decision {

    /**
     * Slack for the fraction comparison, so that a threshold computed as, say, {@code 0.1 * 3} still accepts 3 of 10.
     */
    private static final double FRACTION_SLACK = 1e-9;

    private Decision() {
    }

    /**
     * Decides from per-reference scores of one frame.
     *
     * @param scores     one score in [0, 1] per reference, at least one
     * @param thresholds the detection and verification thresholds
     * @throws IllegalArgumentException when there are no scores or a score is not a number
     */
    public static Verdict decide(double[] scores, Thresholds thresholds) {
        return decide(scores, 1, thresholds);
    }

    /**
     * Decides from the scores of {@code frames} frames against the same references, pooled.
     *
     * @param pooled one score per frame and reference, frame after frame ({@code frames x references} in all)
     * @throws IllegalArgumentException when there are no scores, they do not split into {@code frames} equal parts,
     *                                  or a score is not a number
     */
    public static Verdict decide(double[] pooled, int frames, Thresholds thresholds) {
        if (pooled == null || pooled.length == 0) {
            throw new IllegalArgumentException("cannot verify against zero references: add reference images first");
        }
        if (frames < 1 || pooled.length % frames != 0) {
            throw new IllegalArgumentException(pooled.length + " scores do not split into " + frames + " frames");
        }
        int passed = 0;
        double sum = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < pooled.length; i++) {
            double s = pooled[i];
            if (Double.isNaN(s)) {
                int references = pooled.length / frames;
                throw new IllegalArgumentException("score of reference " + i % references + (frames > 1 ? " in frame " + i / references : "") + " is not a number");
            }
            if (s >= thresholds.detection()) passed++;
            sum += s;
            best = Math.max(best, s);
        }
        int required = required(pooled.length, thresholds.verification());
        return new Verdict(passed >= required, sum / pooled.length, best, passed, pooled.length / frames, required,
                (double) passed / pooled.length, thresholds, frames);
    }

    /** The smallest number of agreeing comparisons out of {@code comparisons} whose fraction reaches {@code verification}. */
    public static int required(int comparisons, double verification) {
        if (comparisons < 1) throw new IllegalArgumentException("references must be >= 1, got " + comparisons);
        int needed = (int) Math.ceil(verification * comparisons - FRACTION_SLACK);
        return Math.max(1, Math.min(comparisons, needed));
    }
}
