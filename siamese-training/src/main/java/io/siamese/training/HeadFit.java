package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.data.Pair;
import io.siamese.model.Embedding;
import io.siamese.model.Names;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import io.siamese.model.Calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets the Siamese head of a network whose tower was trained without it (identity pretraining):
 * {@code sigmoid(bias - a * sum_i |e1_i - e2_i|)}, every weight {@code -a}, with {@code a} and {@code bias} fitted by
 * logistic regression of the pair labels on the embeddings' L1 distance. The head then scores pairs by distance in the
 * embedding space the classifier learned, with probabilities that mean something, before any pair training.
 */
final class HeadFit {

    /** The fitted slope never goes below this: the score must fall as the distance grows. */
    static final double MIN_SLOPE = 1e-3;

    private HeadFit() {
    }

    /** The fitted slope {@code a} and intercept {@code bias}. */
    record Line(double slope, double bias) {
    }

    /** Fits the head on {@code pairs} (their images embedded once) and writes it into the network. */
    static Line fit(SiameseNetwork network, List<Pair> pairs, ImagePreprocessor preprocessor, DataProblems problems) {
        SiameseModel model = new SiameseModel(network, Calibration.UNCALIBRATED);
        List<ImageRef> refs = new ArrayList<>(pairs.size() * 2);
        for (Pair p : pairs) { refs.add(p.left()); refs.add(p.right()); }
        Map<ImageSource, Embedding> embeddings = Embedder.embed(model, refs, preprocessor, problems);
        double[] distance = new double[pairs.size()];
        boolean[] same = new boolean[pairs.size()];
        int n = 0;
        for (Pair p : pairs) {
            Embedding a = embeddings.get(p.left().source()), b = embeddings.get(p.right().source());
            if (a == null || b == null) continue;
            float[] x = a.values(), y = b.values();
            double d = 0;
            for (int i = 0; i < x.length; i++) d += Math.abs(x[i] - y[i]);
            distance[n] = d;
            same[n++] = p.same();
        }
        Line line = logistic(java.util.Arrays.copyOf(distance, n), java.util.Arrays.copyOf(same, n));
        network.graph().getParam(Names.weights(Names.SCORE)).assign(-line.slope());
        network.graph().getParam(Names.bias(Names.SCORE)).assign(line.bias());
        return line;
    }

    /**
     * Logistic regression of {@code same} on {@code -distance} with an intercept, by Newton's method on standardised
     * distances with a tiny ridge (so separable data still converges).
     */
    static Line logistic(double[] distance, boolean[] same) {
        int n = distance.length;
        if (n < 2) throw new IllegalArgumentException("need at least 2 pairs to fit the head, got " + n);
        double mean = 0, var = 0;
        for (double d : distance) mean += d / n;
        for (double d : distance) var += (d - mean) * (d - mean) / n;
        double sd = Math.sqrt(var) > 1e-12 ? Math.sqrt(var) : 1;
        double w = 0, c = 0; // logit = c + w * z, z = (d - mean) / sd
        double ridge = 1e-3;
        for (int iteration = 0; iteration < 50; iteration++) {
            double gw = ridge * w, gc = 0, hww = ridge, hwc = 0, hcc = 1e-9;
            for (int i = 0; i < n; i++) {
                double z = (distance[i] - mean) / sd;
                double p = 1 / (1 + Math.exp(-(c + w * z)));
                double r = p - (same[i] ? 1 : 0);
                double s = p * (1 - p);
                gw += r * z;
                gc += r;
                hww += s * z * z;
                hwc += s * z;
                hcc += s;
            }
            double det = hww * hcc - hwc * hwc;
            if (Math.abs(det) < 1e-18) break;
            double dw = (hcc * gw - hwc * gc) / det;
            double dc = (hww * gc - hwc * gw) / det;
            w -= dw;
            c -= dc;
            if (Math.abs(dw) + Math.abs(dc) < 1e-10) break;
        }
        // logit = c + w (d - mean) / sd = (c - w mean / sd) + (w / sd) d; the head's slope is a = -w / sd.
        double slope = Math.max(MIN_SLOPE, -w / sd);
        double bias = c - w * mean / sd;
        if (slope == MIN_SLOPE) bias = c + slope * mean;
        return new Line(slope, bias);
    }
}
