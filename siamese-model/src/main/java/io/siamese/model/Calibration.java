package io.siamese.model;

import java.util.List;

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
 * @param identification       the thresholds of open-set identification against a gallery of people, single- and
 *                             multi-frame ({@link Identification#UNCALIBRATED} in model files written before they
 *                             existed)
 */
public record Calibration(double threshold, String rule, double far, double frr, double eer, double eerThreshold,
                          double targetFar, long genuinePairs, long impostorPairs, double verificationFraction,
                          Identification identification) {

    /** The most frames a decision is calibrated for: the app and the command line accept 1 to this many. */
    public static final int MAX_FRAMES = 10;

    /** What an untrained or uncalibrated model uses: 0.5 on the sigmoid and half of the references. */
    public static final Calibration UNCALIBRATED = new Calibration(0.5, "uncalibrated", Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, 0, 0, 0.5);

    public Calibration {
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        if (!(verificationFraction > 0 && verificationFraction <= 1)) {
            throw new IllegalArgumentException("verificationFraction must be in (0, 1], got " + verificationFraction);
        }
        if (rule == null || rule.isBlank()) throw new IllegalArgumentException("rule must not be blank");
        // Model files written before identification was calibrated have no such field.
        if (identification == null) identification = Identification.UNCALIBRATED;
    }

    /** A calibration without identification thresholds (they stay uncalibrated). */
    public Calibration(double threshold, String rule, double far, double frr, double eer, double eerThreshold,
                       double targetFar, long genuinePairs, long impostorPairs, double verificationFraction) {
        this(threshold, rule, far, frr, eer, eerThreshold, targetFar, genuinePairs, impostorPairs, verificationFraction,
                Identification.UNCALIBRATED);
    }

    public boolean isCalibrated() {
        return !"uncalibrated".equals(rule);
    }

    /**
     * The detection threshold of a decision over {@code frames} frames against a gallery of people (identification,
     * and verification over several frames): the calibrated unknown-rejection threshold for that many frames, or the
     * per-comparison {@link #threshold()} when identification is not calibrated.
     *
     * @throws IllegalArgumentException when {@code frames} is not in 1..{@link #MAX_FRAMES}
     */
    public double identificationThreshold(int frames) {
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("frames must be in 1.." + MAX_FRAMES + ", got " + frames);
        }
        return identification.isCalibrated() && frames <= identification.frames().size()
                ? identification.frames().get(frames - 1).threshold() : threshold;
    }

    public Calibration withThreshold(double newThreshold) {
        return new Calibration(newThreshold, rule, far, frr, eer, eerThreshold, targetFar, genuinePairs, impostorPairs, verificationFraction, identification);
    }

    public Calibration withVerificationFraction(double fraction) {
        return new Calibration(threshold, rule, far, frr, eer, eerThreshold, targetFar, genuinePairs, impostorPairs, fraction, identification);
    }

    public Calibration withIdentification(Identification newIdentification) {
        return new Calibration(threshold, rule, far, frr, eer, eerThreshold, targetFar, genuinePairs, impostorPairs, verificationFraction, newIdentification);
    }

    /**
     * Open-set identification: who in a gallery of people is this, or nobody? A person's references are compared
     * with the face in each of the last {@code N} frames with a face; the person is a match when at least
     * {@link Calibration#verificationFraction()} of those {@code N x references} comparisons reach the detection
     * threshold calibrated for {@code N} frames (the unknown-rejection threshold), and the identity is the matching
     * person with the highest mean score. Each threshold is the lowest whose false-identification rate (a face of
     * someone not enrolled accepted as anyone in the gallery) on validation people is at most {@code targetFir}.
     *
     * @param rule          how the thresholds were chosen, such as {@code fir=0.001}, or {@code uncalibrated}
     * @param targetFir     the false-identification rate asked for
     * @param galleryPeople how many people the simulated validation galleries held (an unknown face has that many
     *                      chances to be taken for someone; a household with fewer people is safer)
     * @param gallerySize   references per person in the simulated galleries
     * @param frames        one entry per number of frames, 1, 2, ... in order
     */
    public record Identification(String rule, double targetFir, int galleryPeople, int gallerySize, List<FrameRule> frames) {

        /** No identification calibration: {@link Calibration#identificationThreshold} falls back to the pair threshold. */
        public static final Identification UNCALIBRATED = new Identification("uncalibrated", Double.NaN, 0, 0, List.of());

        public Identification {
            if (rule == null || rule.isBlank()) throw new IllegalArgumentException("identification rule must not be blank");
            frames = frames == null ? List.of() : List.copyOf(frames);
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).frames() != i + 1) {
                    throw new IllegalArgumentException("identification frame rules must be for 1, 2, ... frames in order; entry " + i
                            + " is for " + frames.get(i).frames());
                }
            }
            if (frames.size() > MAX_FRAMES) throw new IllegalArgumentException("at most " + MAX_FRAMES + " frame rules, got " + frames.size());
        }

        public boolean isCalibrated() {
            return !"uncalibrated".equals(rule) && !frames.isEmpty();
        }
    }

    /**
     * The calibrated decision over a number of frames, with its rates on the validation people.
     *
     * @param frames            how many frames with a face the decision pools
     * @param threshold         the detection threshold for that many frames, in [0, 1]
     * @param fir               false-identification rate on validation unknown sequences at {@code threshold}
     * @param fnir              false-negative identification rate on validation enrolled sequences (not named, or
     *                          named wrongly) at {@code threshold}
     * @param unknownSequences  how many sequences of unknown faces {@code fir} rests on
     * @param knownSequences    how many sequences of enrolled faces {@code fnir} rests on
     */
    public record FrameRule(int frames, double threshold, double fir, double fnir, long unknownSequences, long knownSequences) {
        public FrameRule {
            if (frames < 1) throw new IllegalArgumentException("frames must be >= 1, got " + frames);
            if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
    }
}
