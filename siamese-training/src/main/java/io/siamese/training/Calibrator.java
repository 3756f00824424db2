package io.siamese.training;

import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;

import java.util.ArrayList;
import java.util.Arrays;
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
 *       equal error rate of gallery decisions simulated on validation identities;</li>
 *   <li>the unknown-rejection thresholds of open-set identification against a gallery of people, one per number of
 *       frames the decision pools (1 to {@link Calibration#MAX_FRAMES}), each at the target false-identification
 *       rate of the whole decision on validation identities.</li>
 * </ul>
 */
public final class Calibrator {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Calibrator.class);

    /** The default target false-accept rate: 0.1%. */
    public static final double DEFAULT_TARGET_FAR = 0.001;
    /** References per simulated gallery, about what a user enrols. */
    public static final int GALLERY_SIZE = 5;
    /** Sequences of known and of unknown faces drawn per number of frames above one. */
    static final int SEQUENCES = 3000;
    /** Slack of the fraction comparison, as in the app's decision: 0.1 * 30 references still requires 3. */
    private static final double FRACTION_SLACK = 1e-9;

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
     * threshold; the fraction threshold is chosen at the equal error rate of those decisions ({@link #galleryFraction}).
     *
     * @param embeddings validation embeddings per identity (at least two identities)
     */
    public static Calibration withGalleryFraction(Calibration calibration, SiameseModel model, Map<String, List<Embedding>> embeddings) {
        GalleryProbes probes = GalleryProbes.of(model, embeddings, GALLERY_SIZE);
        if (!probes.usable()) return calibration;
        return calibration.withVerificationFraction(galleryFraction(probes, calibration.threshold()));
    }

    /**
     * The verification fraction for gallery probes at a detection threshold: the equal-error point of the fraction
     * of references each probe passes, at least one reference of {@link #GALLERY_SIZE}. Measured against
     * {@link #galleryFractionAtFar} on development people (docs/accuracy.md): this rule rejected fewer enrolled
     * people without accepting more strangers, so it is the one calibration uses.
     */
    public static double galleryFraction(GalleryProbes probes, double threshold) {
        int n = probes.genuine().size() + probes.impostor().size();
        double[] s = new double[n];
        boolean[] g = new boolean[n];
        int i = 0;
        for (double[] scores : probes.genuine()) {
            g[i] = true;
            s[i++] = passedFraction(scores, threshold);
        }
        for (double[] scores : probes.impostor()) s[i++] = passedFraction(scores, threshold);
        double fraction = Metrics.equalErrorRate(s, g).threshold();
        // A fraction of 0 would verify anyone; at least one reference must agree.
        return Math.max(1.0 / GALLERY_SIZE, Math.min(1.0, fraction));
    }

    /**
     * The alternative rule experiment 8 compares: the lowest share of the {@link #GALLERY_SIZE} references,
     * {@code k / GALLERY_SIZE} with {@code k >= 1}, at which the share of impostor probes accepted is at most
     * {@code targetFar}; all references when no share keeps it. It holds the target false-accept rate on the gallery
     * decision itself (with one agreeing reference of five an impostor has five chances to pass), but on development
     * people it raised the false rejections far more than it lowered the false accepts (docs/accuracy.md).
     */
    public static double galleryFractionAtFar(GalleryProbes probes, double threshold, double targetFar) {
        if (!(targetFar >= 0 && targetFar < 1)) throw new IllegalArgumentException("targetFar must be in [0, 1), got " + targetFar);
        if (probes.impostor().isEmpty()) return 1.0 / GALLERY_SIZE;
        long allowed = (long) Math.floor(targetFar * probes.impostor().size() + 1e-9);
        for (int k = 1; k < GALLERY_SIZE; k++) {
            double fraction = (double) k / GALLERY_SIZE;
            long accepted = probes.impostor().stream().filter(s -> passedFraction(s, threshold) >= fraction - FRACTION_SLACK).count();
            if (accepted <= allowed) return fraction;
        }
        return 1.0;
    }

    /** The share of {@code scores} at or above {@code threshold}. */
    static double passedFraction(double[] scores, double threshold) {
        int passed = 0;
        for (double v : scores) if (v >= threshold) passed++;
        return (double) passed / scores.length;
    }

    /**
     * Adds the identification thresholds. The decision calibrated is the app's: a gallery person matches when at least
     * the verification fraction of the comparisons between their references and the last {@code N} frames with a face
     * reach the detection threshold, and the face is named as the matching person with the highest mean score, or
     * unknown when nobody matches. For each {@code N} the detection threshold is the lowest whose false-identification
     * rate on validation identities ({@link GalleryProbes#openSet}: each person in turn unknown to a gallery of the
     * others) is at most the calibration's target false-accept rate; the verification fraction stays as calibrated.
     *
     * @param embeddings validation embeddings per identity; without an identity of more than {@link #GALLERY_SIZE}
     *                   images and another identity, the calibration is returned unchanged
     */
    public static Calibration withIdentification(Calibration calibration, SiameseModel model, Map<String, List<Embedding>> embeddings) {
        double target = calibration.targetFar() > 0 && calibration.targetFar() < 1 ? calibration.targetFar() : DEFAULT_TARGET_FAR;
        return withIdentification(calibration, model, embeddings, target);
    }

    /**
     * {@link #withIdentification(Calibration, SiameseModel, Map)} at another target false-identification rate than the
     * calibration's false-accept target (experiments compare operating points).
     *
     * @param targetFir in (0, 1)
     */
    public static Calibration withIdentification(Calibration calibration, SiameseModel model, Map<String, List<Embedding>> embeddings, double targetFir) {
        if (!(targetFir > 0 && targetFir < 1)) throw new IllegalArgumentException("targetFir must be in (0, 1), got " + targetFir);
        GalleryProbes.OpenSet probes = GalleryProbes.openSet(model, embeddings, GALLERY_SIZE);
        if (!probes.usable()) {
            log.info("identification not calibrated: the validation identities give no gallery of people with more than {} images and unknown faces",
                    GALLERY_SIZE);
            return calibration;
        }
        double target = targetFir;
        double verification = calibration.verificationFraction();
        List<Calibration.FrameRule> rules = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int n = 1; n <= Calibration.MAX_FRAMES; n++) {
            Calibration.FrameRule rule = frameRule(n, probes.sequences(false, n, SEQUENCES, 7919L * n),
                    probes.sequences(true, n, SEQUENCES, 7919L * n + 1), verification, target);
            rules.add(rule);
            if (n == 1 || n == 3 || n == 5 || n == Calibration.MAX_FRAMES) {
                line.append(String.format(Locale.ROOT, "; %d frame%s %.4f (FIR %.4f, FNIR %.3f)", n, n == 1 ? "" : "s", rule.threshold(), rule.fir(), rule.fnir()));
            }
        }
        long unknownFrames = rules.get(0).unknownSequences();
        if (target * unknownFrames < 1) {
            log.warn("a false-identification rate of {} cannot be measured on {} single frames of unknown faces: the one-frame threshold is set "
                    + "above every unknown face's evidence; use more validation people for a finer calibration", target, unknownFrames);
        }
        log.info("identification calibrated on {} validation people ({} enrolled, {} references each), target FIR {}{}",
                embeddings.size(), probes.enrolled().size(), GALLERY_SIZE, target, line);
        return calibration.withIdentification(new Calibration.Identification(String.format(Locale.ROOT, "fir=%s", Double.toString(target)),
                target, probes.enrolled().size(), GALLERY_SIZE, rules));
    }

    /**
     * The threshold of the decision over {@code frames} frames: a sequence of an unknown face is falsely identified
     * exactly when the threshold is at or below its critical value (the highest, over the gallery's people, of the
     * threshold at which that person would still match), so the threshold is chosen on those values like a pair
     * threshold on impostor scores. Known sequences' critical values of their own person place it between scores.
     */
    static Calibration.FrameRule frameRule(int frames, List<GalleryProbes.Sequence> unknown, List<GalleryProbes.Sequence> known,
                                           double verification, double target) {
        double[] critical = new double[unknown.size() + known.size()];
        boolean[] genuine = new boolean[critical.length];
        int i = 0;
        for (GalleryProbes.Sequence s : unknown) {
            double highest = 0;
            for (int p = 0; p < s.trial().people().size(); p++) highest = Math.max(highest, critical(s.pooled(p), verification));
            critical[i++] = highest;
        }
        for (GalleryProbes.Sequence s : known) {
            genuine[i] = true;
            critical[i++] = critical(s.pooled(s.trial().people().indexOf(s.trial().identity())), verification);
        }
        double threshold = Metrics.thresholdAtFar(critical, genuine, target);
        long falselyIdentified = unknown.stream().filter(s -> identify(s, threshold, verification) != null).count();
        long missed = known.stream().filter(s -> !s.trial().identity().equals(identify(s, threshold, verification))).count();
        return new Calibration.FrameRule(frames, threshold, (double) falselyIdentified / unknown.size(),
                known.isEmpty() ? Double.NaN : (double) missed / known.size(), unknown.size(), known.size());
    }

    /**
     * Who a sequence is identified as, or null for unknown: the app's rule ({@code Decision} and {@code Identification}
     * in siamese-app) on pooled scores. A person matches when at least {@link #required} of the pooled comparisons
     * reach {@code detection}; the matching person with the highest mean pooled score wins, ties going to the first in
     * name order.
     */
    static String identify(GalleryProbes.Sequence sequence, double detection, double verification) {
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        List<String> people = sequence.trial().people();
        for (int p = 0; p < people.size(); p++) {
            double[] scores = sequence.pooled(p);
            int passed = 0;
            double sum = 0;
            for (double v : scores) {
                if (v >= detection) passed++;
                sum += v;
            }
            double mean = sum / scores.length;
            if (passed >= required(scores.length, verification) && mean > bestScore) {
                best = people.get(p);
                bestScore = mean;
            }
        }
        return best;
    }

    /** The highest detection threshold at which these pooled scores still match: their k-th highest for k required. */
    static double critical(double[] pooled, double verification) {
        double[] sorted = pooled.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - required(sorted.length, verification)];
    }

    /** How many of {@code comparisons} must agree for the fraction {@code verification}: as the app's Decision.required. */
    static int required(int comparisons, double verification) {
        int needed = (int) Math.ceil(verification * comparisons - FRACTION_SLACK);
        return Math.max(1, Math.min(comparisons, needed));
    }
}
