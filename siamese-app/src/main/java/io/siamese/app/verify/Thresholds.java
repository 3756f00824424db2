package io.siamese.app.verify;

import io.siamese.model.Calibration;

/**
 * The two thresholds of a verification against a gallery of references, named as in the original face-ID projects.
 *
 * @param detection    the per-comparison threshold: a reference "agrees" when the pair's score is at or above it, in
 *                     [0, 1] (the model's {@link Calibration#threshold()})
 * @param verification the fraction of references that must agree for the face to be verified, in (0, 1] (the model's
 *                     {@link Calibration#verificationFraction()})
 */
public record Thresholds(double detection, double verification) {

    public Thresholds {
        if (!(detection >= 0 && detection <= 1)) throw new IllegalArgumentException("detection threshold must be in [0, 1], got " + detection);
        if (!(verification > 0 && verification <= 1)) {
            throw new IllegalArgumentException("verification threshold must be in (0, 1] (a fraction of the references), got " + verification);
        }
    }

    /** The thresholds a trained model carries: its calibrated pair threshold and verification fraction. */
    public static Thresholds from(Calibration calibration) {
        return new Thresholds(calibration.threshold(), calibration.verificationFraction());
    }

    /**
     * The thresholds of identification against a gallery of people over {@code frames} frames with a face: the
     * model's unknown-rejection threshold for that many frames ({@link Calibration#identificationThreshold}) and its
     * verification fraction.
     */
    public static Thresholds forIdentification(Calibration calibration, int frames) {
        return new Thresholds(calibration.identificationThreshold(frames), calibration.verificationFraction());
    }

    /**
     * The thresholds of verification against one person's references: for a single frame the original projects' rule
     * as calibrated ({@link #from}); over several frames the multi-frame thresholds identification uses, whose false
     * accepts are bounded for the whole decision.
     */
    public static Thresholds forVerification(Calibration calibration, int frames) {
        return frames == 1 ? from(calibration) : forIdentification(calibration, frames);
    }

    public Thresholds withDetection(double newDetection) {
        return new Thresholds(newDetection, verification);
    }

    public Thresholds withVerification(double newVerification) {
        return new Thresholds(detection, newVerification);
    }
}
