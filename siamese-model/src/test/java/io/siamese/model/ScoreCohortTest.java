package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCohortTest {

    private final ModelSpec spec = TinySpecs.tiny();
    private final int d = spec.embeddingSize();

    /** A model whose head is {@code sigmoid(bias - L1)}: what a trained head is, up to the weights' spread. */
    private SiameseModel l1Model() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 3);
        network.graph().getParam(Names.weights(Names.SCORE)).assign(-1.0);
        network.graph().getParam(Names.bias(Names.SCORE)).assign(2.0);
        return new SiameseModel(network, Calibration.UNCALIBRATED);
    }

    private Embedding point(Random rng, float[] centre, double spread) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) v[i] = (float) (centre[i] + spread * rng.nextGaussian());
        return new Embedding(v);
    }

    private static double l1(Embedding a, Embedding b) {
        float[] x = a.values(), y = b.values();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.abs(x[i] - y[i]);
        return s;
    }

    @Test
    void theScoreIsTheSigmoidOfBothImagesStandardisedLogitsAveraged() {
        Random rng = new Random(1);
        List<Embedding> cohort = new ArrayList<>();
        for (int i = 0; i < 7; i++) cohort.add(point(rng, new float[d], 1));
        SiameseModel model = l1Model().withCohort(ScoreCohort.of(cohort));
        Embedding a = point(rng, new float[d], 1), b = point(rng, new float[d], 1);
        double[] za = new double[7], zb = new double[7];
        for (int i = 0; i < 7; i++) { za[i] = 2 - l1(a, cohort.get(i)); zb[i] = 2 - l1(b, cohort.get(i)); }
        double logit = 2 - l1(a, b);
        double z = 0.5 * ((logit - mean(za)) / sd(za) + (logit - mean(zb)) / sd(zb));
        assertEquals(1 / (1 + Math.exp(-z)), model.score(a, b), 1e-9);
        assertEquals(model.score(a, b), model.score(b, a), 0.0);
        assertEquals(model.score(a, b), model.scores(a, List.of(cohort.get(0), b))[1], 0.0, "a gallery scores as single pairs do");
        assertEquals(1 / (1 + Math.exp(-(2 - l1(a, b)))), l1Model().score(a, b), 1e-9, "without a cohort: the head's own probability");
    }

    /**
     * People whose images lie in a crowded region score high against everybody, people in a sparse region low; one
     * threshold over raw scores mixes the sparse people's genuine pairs with the crowded people's impostors.
     * Normalised against a cohort from the same population, each image's scores are measured against its own
     * neighbourhood, and the genuine pairs rank above the impostors far more often.
     */
    @Test
    void normalisationRanksGenuinePairsAboveImpostorsWhenPeopleDifferInSpread() {
        Random rng = new Random(7);
        List<float[]> centres = new ArrayList<>();
        List<Double> scales = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            double scale = 0.3 + 2.7 * rng.nextDouble();
            float[] c = new float[d];
            for (int i = 0; i < d; i++) c[i] = (float) (scale * rng.nextGaussian());
            centres.add(c);
            scales.add(scale);
        }
        List<Embedding> cohort = new ArrayList<>();
        for (int p = 0; p < 20; p++) for (int k = 0; k < 5; k++) cohort.add(point(rng, centres.get(p), 0.35 * scales.get(p)));
        List<Embedding> images = new ArrayList<>();
        List<Integer> who = new ArrayList<>();
        for (int p = 20; p < 40; p++) for (int k = 0; k < 4; k++) { images.add(point(rng, centres.get(p), 0.35 * scales.get(p))); who.add(p); }
        SiameseModel raw = l1Model(), normalised = raw.withCohort(ScoreCohort.of(cohort));
        double rawAuc = auc(raw, images, who), normalisedAuc = auc(normalised, images, who);
        assertTrue(rawAuc < 0.95, "the toy must be hard for raw scores, got AUC " + rawAuc);
        assertTrue(1 - normalisedAuc < 0.5 * (1 - rawAuc), "normalised AUC " + normalisedAuc + " against raw " + rawAuc);
    }

    @Test
    void theCohortIsSavedWithTheModelAndScoresTheSameAfterLoading(@TempDir Path dir) {
        Random rng = new Random(3);
        List<Embedding> cohort = new ArrayList<>();
        for (int i = 0; i < 5; i++) cohort.add(point(rng, new float[d], 1));
        SiameseModel model = l1Model().withCohort(ScoreCohort.of(cohort));
        Path file = dir.resolve("model.zip");
        model.withCalibration(Calibration.UNCALIBRATED.withThreshold(0.9)).save(file);
        SiameseModel loaded = SiameseModel.load(file);
        assertEquals(5, loaded.cohort().size());
        assertEquals(0.9, loaded.calibration().threshold(), 0.0, "a calibrated copy keeps the cohort");
        Embedding a = point(rng, new float[d], 1), b = point(rng, new float[d], 1);
        assertEquals(model.score(a, b), loaded.score(a, b), 0.0);
        Path plain = dir.resolve("plain.zip");
        l1Model().save(plain);
        assertTrue(SiameseModel.load(plain).cohort().isEmpty());
    }

    @Test
    void aCohortOfAnotherDimensionOrOfOneImageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> l1Model().withCohort(ScoreCohort.of(List.of(new Embedding(new float[d + 1]), new Embedding(new float[d + 1])))));
        assertThrows(IllegalArgumentException.class, () -> ScoreCohort.of(List.of(new Embedding(new float[d]))));
        assertThrows(ModelFileException.class, () -> ScoreCohort.fromBytes(new byte[12], "x"));
    }

    private static double auc(SiameseModel model, List<Embedding> images, List<Integer> who) {
        List<Double> genuine = new ArrayList<>(), impostor = new ArrayList<>();
        for (int a = 0; a < images.size(); a++) {
            for (int b = a + 1; b < images.size(); b++) {
                (who.get(a).equals(who.get(b)) ? genuine : impostor).add(model.score(images.get(a), images.get(b)));
            }
        }
        double wins = 0;
        for (double g : genuine) for (double i : impostor) wins += g > i ? 1 : g == i ? 0.5 : 0;
        return wins / ((double) genuine.size() * impostor.size());
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    private static double sd(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / x.length);
    }
}
