package io.siamese.model;

/**
 * The decision thresholds a trained model carries, chosen from validation scores after training.
 *
 * @param threshold            the per-comparison decision threshold ("detection threshold" in the app): a pair with
 *                             a score at or above it is accepted as the same identity
 * @param rule                 how it was chosen: {@code far=0.001}, {@code eer}, or {@code uncalibrated}
 * @param far                  false-accept rate on the validation impostor pairs at {@code threshold}
 * @param frr                  false-reject rate on the validation genuine pairs at {@code threshold}
 * @param eer                  equal error rate on the validation pairs
 * @param eerThreshold         the threshold at which FAR and FRR are (nearly) equal
 * @param targetFar            the false-accept rate asked for
 * @param genuinePairs         how many genuine validation pairs the rates rest on
 * @param impostorPairs        how many impostor validation pairs the rates rest on
 * @param verificationFraction the fraction of reference images that must pass {@code threshold} for a face to be
 *                             verified against a gallery ("verification threshold" in the app)
 */
public record Calibration(double threshold, String rule, double far, double frr, double eer, double eerThreshold,
                          double targetFar, long genuinePairs, long impostorPairs, double verificationFraction) {

    /** What an untrained or uncalibrated model uses: 0.5 on the sigmoid and half of the references. */
    public static final Calibration UNCALIBRATED = new Calibration(0.5, "uncalibrated", Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, 0, 0, 0.5);

    public Calibration {
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        if (!(verificationFraction > 0 && verificationFraction <= 1)) {
            throw new IllegalArgumentException("verificationFraction must be in (0, 1], got " + verificationFraction);
        }
        if (rule == null || rule.isBlank()) throw new IllegalArgumentException("rule must not be blank");
    }

    public boolean isCalibrated() {
        return !"uncalibrated".equals(rule);
    }

    public Calibration withThreshold(double newThreshold) {
        return new Calibration(newThreshold, rule, far, frr, eer, eerThreshold, targetFar, genuinePairs, impostorPairs, verificationFraction);
    }

    public Calibration withVerificationFraction(double fraction) {
        return new Calibration(threshold, rule, far, frr, eer, eerThreshold, targetFar, genuinePairs, impostorPairs, fraction);
    }
}
