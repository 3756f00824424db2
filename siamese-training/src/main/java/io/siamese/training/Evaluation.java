package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.data.OneShotTrial;
import io.siamese.data.Pair;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores a model on verification pairs or on N-way one-shot trials. */
public final class Evaluation {

    private Evaluation() {
    }

    /** Scores of pairs whose both images could be read, with their labels. */
    public record Scored(double[] scores, boolean[] genuine) {
        public int size() {
            return scores.length;
        }
    }

    /**
     * Verification results at a threshold: the JSON keys of {@code ./siamese evaluate --json} for verification data.
     */
    public record VerificationReport(int pairs, double accuracy, double precision, double recall, double f1, double auc,
                                     double eer, double threshold, double far, double frr) {
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pairs", pairs);
            m.put("accuracy", accuracy);
            m.put("precision", precision);
            m.put("recall", recall);
            m.put("f1", f1);
            m.put("auc", auc);
            m.put("eer", eer);
            m.put("threshold", threshold);
            m.put("far", far);
            m.put("frr", frr);
            return m;
        }
    }

    /** One-shot results: the JSON keys of {@code ./siamese evaluate --json} for one-shot data. */
    public record OneShotReport(int ways, int trials, double accuracy) {
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ways", ways);
            m.put("trials", trials);
            m.put("accuracy", accuracy);
            return m;
        }
    }

    /** Scores every pair, embedding each distinct image once. */
    public static Scored score(SiameseModel model, List<Pair> pairs, ImagePreprocessor preprocessor, DataProblems problems) {
        List<ImageRef> refs = new ArrayList<>(pairs.size() * 2);
        for (Pair p : pairs) { refs.add(p.left()); refs.add(p.right()); }
        Map<ImageSource, Embedding> embeddings = Embedder.embed(model, refs, preprocessor, problems);
        double[] scores = new double[pairs.size()];
        boolean[] genuine = new boolean[pairs.size()];
        int n = 0;
        for (Pair p : pairs) {
            Embedding a = embeddings.get(p.left().source()), b = embeddings.get(p.right().source());
            if (a == null || b == null) continue;
            scores[n] = model.score(a, b);
            genuine[n] = p.same();
            n++;
        }
        if (n == 0) throw new DatasetException("none of the " + pairs.size() + " evaluation pairs could be read");
        return new Scored(java.util.Arrays.copyOf(scores, n), java.util.Arrays.copyOf(genuine, n));
    }

    /** Verification metrics at {@code threshold}. */
    public static VerificationReport verification(Scored scored, double threshold) {
        Metrics.Confusion c = Metrics.confusion(scored.scores(), scored.genuine(), threshold);
        return new VerificationReport(scored.size(), c.accuracy(), c.precision(), c.recall(), c.f1(),
                Metrics.rocAuc(scored.scores(), scored.genuine()), Metrics.equalErrorRate(scored.scores(), scored.genuine()).rate(),
                threshold, c.far(), c.frr());
    }

    /** Verification metrics at the model's calibrated threshold. */
    public static VerificationReport verification(SiameseModel model, List<Pair> pairs, ImagePreprocessor preprocessor, DataProblems problems) {
        return verification(score(model, pairs, preprocessor, problems), model.calibration().threshold());
    }

    /**
     * N-way one-shot accuracy: a trial is right when the candidate with the highest score against the query is the
     * one showing the query's identity (Koch et al.'s rule). Trials with an unreadable image are left out.
     */
    public static OneShotReport oneShot(SiameseModel model, List<OneShotTrial> trials, ImagePreprocessor preprocessor, DataProblems problems) {
        if (trials.isEmpty()) throw new DatasetException("no one-shot trials to evaluate");
        List<ImageRef> refs = new ArrayList<>();
        for (OneShotTrial t : trials) { refs.add(t.query()); refs.addAll(t.candidates()); }
        Map<ImageSource, Embedding> embeddings = Embedder.embed(model, refs, preprocessor, problems);
        int correct = 0, counted = 0;
        trial:
        for (OneShotTrial t : trials) {
            Embedding q = embeddings.get(t.query().source());
            if (q == null) continue;
            List<Embedding> candidates = new ArrayList<>(t.ways());
            for (ImageRef c : t.candidates()) {
                Embedding e = embeddings.get(c.source());
                if (e == null) continue trial;
                candidates.add(e);
            }
            double[] s = model.scores(q, candidates);
            int best = 0;
            for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
            if (best == t.answer()) correct++;
            counted++;
        }
        if (counted == 0) throw new DatasetException("none of the " + trials.size() + " one-shot trials could be read");
        return new OneShotReport(trials.get(0).ways(), counted, (double) correct / counted);
    }

    /**
     * The threshold {@link Calibrator} would choose on these scores for a target false-accept rate: the lowest whose
     * FAR is at most {@code targetFar}. For any scorer whose higher score means "same" (a model, or a floor's negated
     * distance), so that a floor's threshold is chosen exactly the way the model's is.
     */
    public static double thresholdAtFar(Scored calibration, double targetFar) {
        return Metrics.thresholdAtFar(calibration.scores(), calibration.genuine(), targetFar);
    }

    /** The threshold at the equal error rate of these scores. */
    public static double eerThreshold(Scored calibration) {
        return Metrics.equalErrorRate(calibration.scores(), calibration.genuine()).threshold();
    }

    /** Several scored sets as one, in order (for example every fold's test pairs, pooled). */
    public static Scored concat(List<Scored> parts) {
        int n = parts.stream().mapToInt(Scored::size).sum();
        double[] scores = new double[n];
        boolean[] genuine = new boolean[n];
        int at = 0;
        for (Scored part : parts) {
            System.arraycopy(part.scores(), 0, scores, at, part.size());
            System.arraycopy(part.genuine(), 0, genuine, at, part.size());
            at += part.size();
        }
        return new Scored(scores, genuine);
    }

    /** Embeddings of a dataset's images grouped by identity (for gallery calibration). */
    public static Map<String, List<Embedding>> embeddingsByIdentity(SiameseModel model, List<ImageRef> images, ImagePreprocessor preprocessor, DataProblems problems) {
        Map<ImageSource, Embedding> embeddings = Embedder.embed(model, images, preprocessor, problems);
        Map<String, List<Embedding>> out = new LinkedHashMap<>();
        for (ImageRef r : images) {
            Embedding e = embeddings.get(r.source());
            if (e != null) out.computeIfAbsent(r.identity(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }
}
