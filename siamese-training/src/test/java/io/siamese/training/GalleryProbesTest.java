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
import static org.junit.jupiter.api.Assertions.assertSame;
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
}
