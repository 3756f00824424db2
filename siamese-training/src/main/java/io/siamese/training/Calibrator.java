package io.siamese.training;

import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses a model's decision thresholds from validation data, replacing the original projects' hand-picked
 * 0.5/0.5 or 0.99/0.8:
 * <ul>
 *   <li>the per-comparison threshold (the app's "detection threshold") at a target false-accept rate (default
 *       0.1%), with the equal-error-rate threshold reported beside it;</li>
 *   <li>the fraction of a gallery's references that must pass it (the app's "verification threshold"), at the
 *       equal error rate of gallery decisions simulated on validation identities.</li>
 * </ul>
 */
public final class Calibrator {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Calibrator.class);

    /** The default target false-accept rate: 0.1%. */
    public static final double DEFAULT_TARGET_FAR = 0.001;
    /** References per simulated gallery, about what a user enrols. */
    static final int GALLERY_SIZE = 5;

    private Calibrator() {
    }

    /** Calibration from validation pair scores alone (gallery fraction left at one half). */
    public static Calibration fromScores(double[] scores, boolean[] genuine, double targetFar) {
        long genuineCount = 0;
        for (boolean g : genuine) if (g) genuineCount++;
        long impostorCount = genuine.length - genuineCount;
        if (genuineCount == 0 || impostorCount == 0) {
            throw new IllegalArgumentException("calibration needs genuine and impostor validation pairs, got "
                    + genuineCount + " and " + impostorCount);
        }
        if (targetFar * impostorCount < 1) {
            log.warn("a false-accept rate of {} cannot be measured on {} impostor validation pairs (the smallest non-zero rate is {}): "
                    + "the threshold is set above every impostor score; use more validation pairs or a larger target", targetFar,
                    impostorCount, 1.0 / impostorCount);
        }
        Metrics.Eer eer = Metrics.equalErrorRate(scores, genuine);
        double threshold = Metrics.thresholdAtFar(scores, genuine, targetFar);
        Metrics.Confusion at = Metrics.confusion(scores, genuine, threshold);
        String rule = String.format(Locale.ROOT, "far=%s", Double.toString(targetFar));
        return new Calibration(threshold, rule, at.far(), at.frr(), eer.rate(), eer.threshold(), targetFar,
                genuineCount, impostorCount, Calibration.UNCALIBRATED.verificationFraction());
    }

    /**
     * Adds the gallery fraction: for each validation identity with more than {@link #GALLERY_SIZE} images, the first
     * {@code GALLERY_SIZE} are the references; each remaining image of that identity is a genuine query and images of
     * other identities are impostor queries. A query's score is the fraction of references it passes at the pair
     * threshold; the fraction threshold is chosen at the equal error rate of those decisions.
     *
     * @param embeddings validation embeddings per identity (at least two identities)
     */
    public static Calibration withGalleryFraction(Calibration calibration, SiameseModel model, Map<String, List<Embedding>> embeddings) {
        GalleryProbes probes = GalleryProbes.of(model, embeddings, GALLERY_SIZE);
        if (!probes.usable()) return calibration;
        int n = probes.genuine().size() + probes.impostor().size();
        double[] s = new double[n];
        boolean[] g = new boolean[n];
        int i = 0;
        for (double[] scores : probes.genuine()) {
            g[i] = true;
            s[i++] = fraction(scores, calibration.threshold());
        }
        for (double[] scores : probes.impostor()) s[i++] = fraction(scores, calibration.threshold());
        double fraction = Metrics.equalErrorRate(s, g).threshold();
        // A fraction of 0 would verify anyone; at least one reference must agree.
        return calibration.withVerificationFraction(Math.max(1.0 / GALLERY_SIZE, Math.min(1.0, fraction)));
    }

    private static double fraction(double[] scores, double threshold) {
        int passed = 0;
        for (double v : scores) if (v >= threshold) passed++;
        return (double) passed / scores.length;
    }
}
