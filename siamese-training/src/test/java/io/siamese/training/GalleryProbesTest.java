package io.siamese.training;

import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GalleryProbesTest {

    private final SiameseModel model = new SiameseModel(SiameseNetwork.create(TinyRuns.spec(), OptimizerSpec.DEFAULTS, 3), Calibration.UNCALIBRATED);

    private static Map<String, List<Embedding>> identities(long seed, int... sizes) {
        Random random = new Random(seed);
        Map<String, List<Embedding>> byIdentity = new LinkedHashMap<>();
        for (int k = 0; k < sizes.length; k++) {
            List<Embedding> images = new ArrayList<>();
            for (int i = 0; i < sizes[k]; i++) {
                float[] values = new float[TinyRuns.spec().embeddingSize()];
                for (int j = 0; j < values.length; j++) values[j] = (float) (k * 0.3 + 0.1 * random.nextGaussian());
                images.add(new Embedding(values));
            }
            byIdentity.put("id" + k, images);
        }
        return byIdentity;
    }

    @Test
    void everyProbeIsScoredAgainstEveryGalleryOfIdentitiesWithEnoughImages() {
        Map<String, List<Embedding>> byIdentity = identities(1, 4, 2, 3);
        GalleryProbes probes = GalleryProbes.of(model, byIdentity, 2);
        // id0: 2 genuine probes, 2 + 3 impostors; id1 has no probe beyond its gallery; id2: 1 genuine, 4 + 2 impostors.
        assertEquals(3, probes.genuine().size());
        assertEquals(11, probes.impostor().size());
        for (double[] scores : probes.genuine()) assertEquals(2, scores.length);
        List<Embedding> id0 = byIdentity.get("id0");
        assertArrayEquals(model.scores(id0.get(2), id0.subList(0, 2)), probes.genuine().get(0), 0.0);
        assertArrayEquals(model.scores(byIdentity.get("id1").get(0), id0.subList(0, 2)), probes.impostor().get(0), 0.0);
        assertTrue(probes.usable());
        assertFalse(GalleryProbes.of(model, byIdentity, 4).usable(), "no identity has more than 4 images");
    }

    @Test
    void anyScorerMakesProbesAndTheirDecisionRatesCountByHand() {
        // Numbers as images, people as tens: the score is minus the distance, so each person's own photos are nearest.
        Map<String, List<Integer>> byPerson = new java.util.LinkedHashMap<>();
        byPerson.put("a", List.of(10, 11, 12));
        byPerson.put("b", List.of(20, 21, 22));
        GalleryProbes probes = GalleryProbes.of(byPerson, 2, (x, y) -> -Math.abs(x - y));
        assertEquals(2, probes.genuine().size(), "one probe of each person beyond the two references");
        assertEquals(6, probes.impostor().size(), "every photo of the other person, against each gallery");
        assertArrayEquals(new double[] {-2, -1}, probes.genuine().get(0));
        // Accept when both references are within 2: every genuine probe, no impostor.
        assertEquals(new GalleryProbes.Rates(0, 0), probes.rates(-2, 1.0));
        // Within 1 for one reference of two: person a's probe (12 vs 11) passes half; b's probe (22 vs 21) too.
        assertEquals(new GalleryProbes.Rates(0, 0), probes.rates(-1, 0.5));
        // Nothing passes a threshold above 0: every genuine probe is rejected.
        assertEquals(new GalleryProbes.Rates(0, 1), probes.rates(0.5, 0.5));
        // Within 9 of at least one reference: b's 20 against a's {10, 11}, and a's 11 and 12 against b's {20, 21}.
        assertEquals(3.0 / 6, probes.rates(-9, 0.5).far(), 1e-12);
        // Within 9 of both references: only a's 12 against b's {20, 21}.
        assertEquals(1.0 / 6, probes.rates(-9, 1.0).far(), 1e-12);
    }

    /** Probes whose scores against the five references are 1 (pass at 0.5) for the first {@code passed[i]} and 0 after. */
    private static GalleryProbes probes(int[] genuinePassed, int[] impostorPassed) {
        java.util.function.IntFunction<double[]> row = k -> {
            double[] s = new double[Calibrator.GALLERY_SIZE];
            for (int i = 0; i < k; i++) s[i] = 1;
            return s;
        };
        return new GalleryProbes(java.util.Arrays.stream(genuinePassed).mapToObj(row).toList(),
                java.util.Arrays.stream(impostorPassed).mapToObj(row).toList());
    }

    @Test
    void theAlternativeFractionIsTheLowestWhoseGalleryDecisionsKeepTheTargetFalseAcceptRate() {
        // 1,000 impostor probes: 6 pass one reference, 2 pass two, 1 passes three; the rest pass none.
        int[] impostors = new int[1000];
        for (int i = 0; i < 6; i++) impostors[i] = 1;
        impostors[6] = 2;
        impostors[7] = 2;
        impostors[8] = 3;
        GalleryProbes probes = probes(new int[] {5, 4, 1}, impostors);
        // One agreeing reference accepts 9 of 1,000 impostors, two accept 3, three accept 1, four accept none.
        assertEquals(0.2, Calibrator.galleryFractionAtFar(probes, 0.5, 0.01), 1e-12, "9 <= 10 allowed");
        assertEquals(0.4, Calibrator.galleryFractionAtFar(probes, 0.5, 0.005), 1e-12, "9 > 5 allowed, 3 <= 5");
        assertEquals(0.6, Calibrator.galleryFractionAtFar(probes, 0.5, 0.001), 1e-12, "3 > 1 allowed, 1 <= 1");
        assertEquals(0.8, Calibrator.galleryFractionAtFar(probes, 0.5, 0.0), 1e-12, "no impostor passes four");
        // The rates the app's decision then has on the same probes: the target is met, and the genuine probe passing one is rejected.
        assertEquals(new GalleryProbes.Rates(0.001, 1.0 / 3), probes.rates(0.5, 0.6));
        // When every impostor passes all five, no fraction keeps the target: all references must agree.
        assertEquals(1.0, Calibrator.galleryFractionAtFar(probes(new int[] {5}, new int[] {5, 5}), 0.5, 0.001), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Calibrator.galleryFractionAtFar(probes, 0.5, 1.0));
    }

    @Test
    void theVerificationFractionIsTheEqualErrorPointOfTheGalleryDecisions() {
        Calibration calibration = Calibration.UNCALIBRATED;
        Map<String, List<Embedding>> byIdentity = identities(2, 8, 7, 6);
        Calibration withFraction = Calibrator.withGalleryFraction(calibration, model, byIdentity);

        GalleryProbes probes = GalleryProbes.of(model, byIdentity, Calibrator.GALLERY_SIZE);
        List<Double> fractions = new ArrayList<>();
        List<Boolean> genuine = new ArrayList<>();
        for (double[] s : probes.genuine()) { fractions.add(passed(s, calibration.threshold())); genuine.add(true); }
        for (double[] s : probes.impostor()) { fractions.add(passed(s, calibration.threshold())); genuine.add(false); }
        double[] f = fractions.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] g = new boolean[genuine.size()];
        for (int i = 0; i < g.length; i++) g[i] = genuine.get(i);
        double expected = Math.max(1.0 / Calibrator.GALLERY_SIZE, Math.min(1.0, Metrics.equalErrorRate(f, g).threshold()));
        assertEquals(expected, withFraction.verificationFraction(), 1e-12);

        assertSame(calibration, Calibrator.withGalleryFraction(calibration, model, identities(3, 5, 5)), "no probes beyond the galleries");
    }

    private static double passed(double[] scores, double threshold) {
        int n = 0;
        for (double v : scores) if (v >= threshold) n++;
        return (double) n / scores.length;
    }

    @Test
    void inTheOpenSetEachPersonIsInTurnUnknownToTheGalleryOfTheOthers() {
        Map<String, List<Embedding>> byIdentity = identities(4, 4, 2, 3);
        GalleryProbes.OpenSet open = GalleryProbes.openSet(model, byIdentity, 2);
        assertEquals(List.of("id0", "id2"), open.enrolled(), "only people with more than 2 images are enrolled");
        assertEquals(List.of("id0", "id2"), open.known().stream().map(GalleryProbes.Trial::identity).toList());
        assertEquals(2, open.known().get(0).frames().size(), "id0's images beyond its 2 references");
        assertEquals(List.of("id0", "id2"), open.known().get(0).people());
        assertEquals(List.of("id0", "id1", "id2"), open.unknown().stream().map(GalleryProbes.Trial::identity).toList());
        assertEquals(List.of("id2"), open.unknown().get(0).people(), "id0 unknown faces the gallery without id0");
        assertEquals(List.of("id0", "id2"), open.unknown().get(1).people(), "id1 was never enrolled: it faces everyone");
        assertEquals(4, open.unknown().get(0).frames().size(), "all of an unknown person's images are probes");
        List<Embedding> id0 = byIdentity.get("id0"), id2 = byIdentity.get("id2");
        assertArrayEquals(model.scores(id0.get(3), id2.subList(0, 2)), open.unknown().get(0).frames().get(3)[0], 0.0);
        assertArrayEquals(model.scores(id0.get(2), id0.subList(0, 2)), open.known().get(0).frames().get(0)[0], 0.0);
        assertTrue(open.usable());
        assertFalse(GalleryProbes.openSet(model, identities(5, 2, 2), 2).usable(), "nobody has images beyond a gallery");
    }

    @Test
    void oneFrameSequencesAreEveryProbeOnceAndLongerOnesAreSeededDrawsWithinOnePerson() {
        GalleryProbes.OpenSet open = GalleryProbes.openSet(model, identities(6, 7, 3, 6), 2);
        List<GalleryProbes.Sequence> single = open.sequences(false, 1, 999, 1);
        assertEquals(7 + 3 + 6, single.size());
        List<GalleryProbes.Sequence> five = open.sequences(true, 5, 50, 9);
        assertEquals(50, five.size());
        for (GalleryProbes.Sequence s : five) {
            assertEquals(5, s.length());
            for (int f : s.frames()) assertTrue(f >= 0 && f < s.trial().frames().size());
            double[] pooled = s.pooled(0);
            assertEquals(5 * 2, pooled.length, "5 frames against 2 references");
            assertArrayEquals(s.trial().frames().get(s.frames()[4])[0], java.util.Arrays.copyOfRange(pooled, 8, 10), 0.0);
        }
        List<GalleryProbes.Sequence> again = open.sequences(true, 5, 50, 9);
        for (int i = 0; i < five.size(); i++) assertArrayEquals(five.get(i).frames(), again.get(i).frames());
    }

    /** Scores by hand: two people with two references each; verification fraction one half (1 of 2 must agree). */
    private static final List<String> AB = List.of("A", "B");
    private static final GalleryProbes.Trial UNKNOWN = new GalleryProbes.Trial("U", false, AB, List.of(
            new double[][] {{0.2, 0.4}, {0.1, 0.3}},
            new double[][] {{0.7, 0.1}, {0.2, 0.2}}));
    private static final GalleryProbes.Trial KNOWN_A = new GalleryProbes.Trial("A", true, AB, List.of(
            new double[][] {{0.9, 0.8}, {0.3, 0.1}},
            new double[][] {{0.6, 0.2}, {0.66, 0.3}}));

    private static List<GalleryProbes.Sequence> singles(GalleryProbes.Trial trial) {
        return List.of(new GalleryProbes.Sequence(trial, new int[] {0}), new GalleryProbes.Sequence(trial, new int[] {1}));
    }

    @Test
    void theIdentificationThresholdOnScriptedScoresMatchesTheHandComputation() {
        // Critical values (highest threshold at which someone still matches): unknown 0.4 and 0.7; known A 0.9 and 0.6.
        Calibration.FrameRule strict = Calibrator.frameRule(1, singles(UNKNOWN), singles(KNOWN_A), 0.5, 0.0);
        assertEquals(0.8, strict.threshold(), 1e-12, "above the highest unknown (0.7), halfway to the next value (0.9)");
        assertEquals(0.0, strict.fir());
        assertEquals(0.5, strict.fnir(), 1e-12, "the second frame of A has no reference at 0.8");
        Calibration.FrameRule half = Calibrator.frameRule(1, singles(UNKNOWN), singles(KNOWN_A), 0.5, 0.5);
        assertEquals(0.5, half.threshold(), 1e-12, "one unknown of two may pass: above 0.4, halfway to 0.6");
        assertEquals(0.5, half.fir(), 1e-12);
        // At 0.5 the second frame of A matches A (mean 0.4) and B (mean 0.48): it is named B, a wrong identification.
        assertEquals("B", Calibrator.identify(new GalleryProbes.Sequence(KNOWN_A, new int[] {1}), 0.5, 0.5));
        assertEquals(0.5, half.fnir(), 1e-12);
        assertEquals("A", Calibrator.identify(new GalleryProbes.Sequence(KNOWN_A, new int[] {0}), 0.5, 0.5));
        assertNull(Calibrator.identify(new GalleryProbes.Sequence(UNKNOWN, new int[] {0}), 0.5, 0.5));
    }

    @Test
    void poolingFramesLowersAnUnknownFacesEvidence() {
        // One lucky frame (0.7) passes alone; pooled with an unlucky one, 2 of the 4 comparisons must reach the threshold.
        assertEquals(0.7, Calibrator.critical(new double[] {0.7, 0.1}, 0.5), 0.0);
        GalleryProbes.Sequence both = new GalleryProbes.Sequence(UNKNOWN, new int[] {0, 1});
        assertArrayEquals(new double[] {0.2, 0.4, 0.7, 0.1}, both.pooled(0), 0.0);
        assertEquals(0.4, Calibrator.critical(both.pooled(0), 0.5), 0.0);
        assertNull(Calibrator.identify(both, 0.5, 0.5), "at 0.5 only one of four comparisons with A agrees");
        assertEquals("A", Calibrator.identify(new GalleryProbes.Sequence(UNKNOWN, new int[] {1}), 0.5, 0.5));
    }

    @Test
    void identificationIsCalibratedForEveryNumberOfFramesAtTheTarget() {
        Calibration base = Calibration.UNCALIBRATED.withThreshold(0.6);
        Map<String, List<Embedding>> byIdentity = identities(7, 9, 8, 8, 7, 3);
        Calibration calibrated = Calibrator.withIdentification(base, model, byIdentity);
        Calibration.Identification identification = calibrated.identification();
        assertTrue(identification.isCalibrated());
        assertEquals(Calibration.MAX_FRAMES, identification.frames().size());
        assertEquals(4, identification.galleryPeople());
        assertEquals(Calibrator.DEFAULT_TARGET_FAR, identification.targetFir(), "an uncalibrated pair target falls back to the default");
        assertEquals(9 + 8 + 8 + 7 + 3, identification.frames().get(0).unknownSequences(), "every image once as an unknown face");
        assertEquals(4 + 3 + 3 + 2, identification.frames().get(0).knownSequences());
        for (Calibration.FrameRule rule : identification.frames()) {
            assertTrue(rule.fir() <= identification.targetFir(), rule.toString());
            assertEquals(rule.threshold(), calibrated.identificationThreshold(rule.frames()));
        }
        assertEquals(Calibrator.SEQUENCES, identification.frames().get(4).unknownSequences());
        assertEquals(base.withIdentification(identification), calibrated, "the pair and gallery thresholds are kept");
        assertSame(base, Calibrator.withIdentification(base, model, identities(8, 5, 5)), "nobody beyond a gallery");
    }
}
