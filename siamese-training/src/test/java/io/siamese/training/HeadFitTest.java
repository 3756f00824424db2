package io.siamese.training;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadFitTest {

    @Test
    void theFittedHeadRecoversALogisticRelationBetweenDistanceAndSameness() {
        // Pairs whose probability of being the same is sigmoid(4 - 2 d), d uniform in [0, 4].
        Random random = new Random(1);
        int n = 20_000;
        double[] d = new double[n];
        boolean[] same = new boolean[n];
        for (int i = 0; i < n; i++) {
            d[i] = 4 * random.nextDouble();
            same[i] = random.nextDouble() < 1 / (1 + Math.exp(-(4 - 2 * d[i])));
        }
        HeadFit.Line line = HeadFit.logistic(d, same);
        assertEquals(2.0, line.slope(), 0.15);
        assertEquals(4.0, line.bias(), 0.3);
    }

    @Test
    void separableDataGivesASteepButFiniteHeadThatSeparates() {
        double[] d = {0.1, 0.2, 0.3, 1.1, 1.2, 1.3};
        boolean[] same = {true, true, true, false, false, false};
        HeadFit.Line line = HeadFit.logistic(d, same);
        assertTrue(Double.isFinite(line.slope()) && line.slope() > 1, "slope " + line.slope());
        for (int i = 0; i < d.length; i++) {
            double p = 1 / (1 + Math.exp(-(line.bias() - line.slope() * d[i])));
            assertEquals(same[i], p > 0.5, "pair " + i);
        }
    }

    @Test
    void aDistanceThatSaysNothingStillGivesAHeadThatFallsWithDistance() {
        double[] d = {1, 2, 1, 2};
        boolean[] same = {false, true, true, false};
        assertTrue(HeadFit.logistic(d, same).slope() >= HeadFit.MIN_SLOPE);
    }
}
