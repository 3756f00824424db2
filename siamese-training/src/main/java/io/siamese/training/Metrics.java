package io.siamese.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Verification metrics over scores (probability of "same identity") and labels (true = genuine pair). A pair is
 * accepted when its score is at or above the threshold. FAR = accepted impostors / impostors; FRR = rejected
 * genuines / genuines.
 */
public final class Metrics {

    private Metrics() {
    }

    /** Counts at one threshold. */
    public record Confusion(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
        public long total() {
            return truePositives + falsePositives + trueNegatives + falseNegatives;
        }

        /** TP / (TP + FP); 0 when nothing is accepted. */
        public double precision() {
            long accepted = truePositives + falsePositives;
            return accepted == 0 ? 0 : (double) truePositives / accepted;
        }

        /** TP / (TP + FN), the true accept rate; 0 when there are no genuine pairs. */
        public double recall() {
            long genuine = truePositives + falseNegatives;
            return genuine == 0 ? 0 : (double) truePositives / genuine;
        }

        public double accuracy() {
            return total() == 0 ? 0 : (double) (truePositives + trueNegatives) / total();
        }

        public double f1() {
            double p = precision(), r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        /** False accept rate: FP / impostors. */
        public double far() {
            long impostors = falsePositives + trueNegatives;
            return impostors == 0 ? 0 : (double) falsePositives / impostors;
        }

        /** False reject rate: FN / genuines. */
        public double frr() {
            long genuine = truePositives + falseNegatives;
            return genuine == 0 ? 0 : (double) falseNegatives / genuine;
        }
    }

    /** One point of the ROC curve. */
    public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {
    }

    /** Equal error rate and the threshold where it is reached. */
    public record Eer(double rate, double threshold) {
    }

    public static Confusion confusion(double[] scores, boolean[] genuine, double threshold) {
        check(scores, genuine);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean accept = scores[i] >= threshold;
            if (genuine[i]) { if (accept) tp++; else fn++; } else { if (accept) fp++; else tn++; }
        }
        return new Confusion(tp, fp, tn, fn);
    }

    /** Mean binary cross-entropy of the scores, with scores clipped to [1e-7, 1 - 1e-7] as DL4J's loss does. */
    public static double binaryCrossEntropy(double[] scores, boolean[] genuine) {
        check(scores, genuine);
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(1 - 1e-7, Math.max(1e-7, scores[i]));
            sum -= genuine[i] ? Math.log(p) : Math.log(1 - p);
        }
        return scores.length == 0 ? 0 : sum / scores.length;
    }

    /**
     * Area under the ROC curve: the probability that a random genuine pair scores higher than a random impostor
     * pair, ties counting one half (the Mann-Whitney statistic with average ranks).
     */
    public static double rocAuc(double[] scores, boolean[] genuine) {
        check(scores, genuine);
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) if (genuine[i]) { positives++; rankSum += ranks[i]; }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** The ROC curve from (0, 0) to (1, 1), one point per distinct score used as threshold, highest first. */
    public static List<RocPoint> rocCurve(double[] scores, boolean[] genuine) {
        check(scores, genuine);
        double[] thresholds = Arrays.stream(scores).distinct().sorted().toArray();
        List<RocPoint> points = new ArrayList<>();
        points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
        for (int i = thresholds.length - 1; i >= 0; i--) {
            Confusion c = confusion(scores, genuine, thresholds[i]);
            points.add(new RocPoint(thresholds[i], c.far(), c.recall()));
        }
        return points;
    }

    /**
     * The equal error rate: sweeping the threshold over the scores, the point where FAR and FRR cross, taken as the
     * mean of the two rates at the threshold where they are closest (ties broken by the lower threshold).
     */
    public static Eer equalErrorRate(double[] scores, boolean[] genuine) {
        check(scores, genuine);
        double[] thresholds = Arrays.stream(scores).distinct().sorted().toArray();
        double bestGap = Double.POSITIVE_INFINITY, bestRate = Double.NaN, bestThreshold = Double.NaN;
        for (double t : thresholds) {
            Confusion c = confusion(scores, genuine, t);
            double gap = Math.abs(c.far() - c.frr());
            if (gap < bestGap) {
                bestGap = gap;
                bestRate = (c.far() + c.frr()) / 2;
                bestThreshold = t;
            }
        }
        return new Eer(bestRate, bestThreshold);
    }

    /**
     * The lowest threshold whose false accept rate is at most {@code targetFar}: the most genuine pairs accepted
     * while keeping impostors accepted to the target. Always exists: above the highest impostor score FAR is 0.
     */
    public static double thresholdAtFar(double[] scores, boolean[] genuine, double targetFar) {
        check(scores, genuine);
        double[] impostor = new double[scores.length];
        int m = 0;
        for (int i = 0; i < scores.length; i++) if (!genuine[i]) impostor[m++] = scores[i];
        if (m == 0) throw new IllegalArgumentException("no impostor scores: cannot set a false-accept rate");
        impostor = Arrays.copyOf(impostor, m);
        Arrays.sort(impostor);
        long allowed = (long) Math.floor(targetFar * m + 1e-9);
        if (allowed >= m) return 0.0;
        // The highest impostor score that must be rejected; every score above it may be accepted.
        double cut = impostor[m - 1 - (int) allowed];
        double above = Double.POSITIVE_INFINITY;
        for (double s : scores) if (s > cut && s < above) above = s;
        // Halfway to the next score: the same accepted set as any threshold in between, with the widest margin.
        return above == Double.POSITIVE_INFINITY ? Math.min(1.0, Math.nextUp(cut)) : (cut + above) / 2;
    }

    private static void check(double[] scores, boolean[] genuine) {
        if (scores.length != genuine.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs " + genuine.length);
        }
    }
}
