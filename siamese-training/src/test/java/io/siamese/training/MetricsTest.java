package io.siamese.training;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    // Genuine 0.9, 0.8, 0.4; impostor 0.7, 0.3, 0.2, 0.1.
    private final double[] scores = {0.9, 0.7, 0.8, 0.3, 0.4, 0.2, 0.1};
    private final boolean[] genuine = {true, false, true, false, true, false, false};

    @Test
    void confusionAtHalf() {
        Metrics.Confusion c = Metrics.confusion(scores, genuine, 0.5);
        assertEquals(new Metrics.Confusion(2, 1, 3, 1), c);
        assertEquals(2.0 / 3, c.precision(), 1e-12);
        assertEquals(2.0 / 3, c.recall(), 1e-12);
        assertEquals(5.0 / 7, c.accuracy(), 1e-12);
        assertEquals(2.0 / 3, c.f1(), 1e-12);
        assertEquals(0.25, c.far(), 1e-12);
        assertEquals(1.0 / 3, c.frr(), 1e-12);
    }

    @Test
    void aucCountsOrderedGenuineImpostorPairs() {
        // 0.9 and 0.8 beat all four impostors, 0.4 beats three: 11 of 12.
        assertEquals(11.0 / 12, Metrics.rocAuc(scores, genuine), 1e-12);
        assertEquals(0.5, Metrics.rocAuc(new double[] {0.5, 0.5}, new boolean[] {true, false}), 1e-12, "a tie counts one half");
        assertEquals(1.0, Metrics.rocAuc(new double[] {0.2, 0.9}, new boolean[] {false, true}), 1e-12);
    }

    @Test
    void equalErrorRateWhereFarAndFrrCross() {
        // At 0.7: FAR 1/4 (0.7 accepted), FRR 1/3 (0.4 rejected); the closest pair of rates, mean 7/24.
        Metrics.Eer eer = Metrics.equalErrorRate(scores, genuine);
        assertEquals(0.7, eer.threshold(), 1e-12);
        assertEquals(7.0 / 24, eer.rate(), 1e-12);
        Metrics.Eer perfect = Metrics.equalErrorRate(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {true, true, false, false});
        assertEquals(0.0, perfect.rate(), 1e-12);
    }

    @Test
    void thresholdAtATargetFalseAcceptRate() {
        // No impostor may pass: the cut is above 0.7, halfway to the next score 0.8.
        assertEquals(0.75, Metrics.thresholdAtFar(scores, genuine, 0.001), 1e-12);
        // One of four impostors may pass: reject 0.3 and below, halfway to 0.4.
        assertEquals(0.35, Metrics.thresholdAtFar(scores, genuine, 0.25), 1e-12);
        Metrics.Confusion at = Metrics.confusion(scores, genuine, 0.35);
        assertEquals(0.25, at.far(), 1e-12);
        assertEquals(0.0, at.frr(), 1e-12);
        assertEquals(0.15, Metrics.thresholdAtFar(scores, genuine, 0.99), 1e-12, "FAR 99% of 4 impostors allows 3: reject only 0.1");
        assertEquals(0.0, Metrics.thresholdAtFar(scores, genuine, 1.0 - 1e-12 + 1e-12), 1e-12, "FAR 100% accepts everything");
    }

    @Test
    void rocCurveRunsFromOriginToOneOne() {
        List<Metrics.RocPoint> roc = Metrics.rocCurve(scores, genuine);
        assertEquals(0.0, roc.get(0).falsePositiveRate());
        assertEquals(1.0, roc.get(roc.size() - 1).falsePositiveRate());
        assertEquals(1.0, roc.get(roc.size() - 1).truePositiveRate());
        for (int i = 1; i < roc.size(); i++) assertTrue(roc.get(i).truePositiveRate() >= roc.get(i - 1).truePositiveRate());
    }

    @Test
    void binaryCrossEntropyByHand() {
        double expected = -(Math.log(0.9) + Math.log(1 - 0.2)) / 2;
        assertEquals(expected, Metrics.binaryCrossEntropy(new double[] {0.9, 0.2}, new boolean[] {true, false}), 1e-12);
    }

    @Test
    void calibrationReportsTheRatesItsThresholdGives() {
        var calibration = Calibrator.fromScores(scores, genuine, 0.25);
        assertEquals(0.35, calibration.threshold(), 1e-12);
        assertEquals(0.25, calibration.far(), 1e-12);
        assertEquals(0.0, calibration.frr(), 1e-12);
        assertEquals(7.0 / 24, calibration.eer(), 1e-12);
        assertEquals(3, calibration.genuinePairs());
        assertEquals(4, calibration.impostorPairs());
        assertEquals("far=0.25", calibration.rule());
    }
}
