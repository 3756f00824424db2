package io.siamese.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EarlyPlanTest {

    @Test
    void probesFivePercentOfAnEpochBetweenFiveAndFiftyBatches() {
        assertEquals(3, EarlyPlan.probeBatches(3));
        assertEquals(5, EarlyPlan.probeBatches(40));
        assertEquals(12, EarlyPlan.probeBatches(246));
        assertEquals(50, EarlyPlan.probeBatches(5000));
    }

    @Test
    void plansTheEpochsThatFitAtThePaceAfterTheFirstBatches() {
        // 2 warm batches took 3 s, then 10 more took 5 s: 0.5 s a batch; 200 batches and 10% for validation.
        // First epoch 3 + 0.5 * 198 = 102 s (x1.1 = 112.2 s), later ones 100 s (x1.1 = 110 s).
        // Available: the 8 s spent plus 400 s left = 408 s: the first epoch and two more.
        assertEquals(3, EarlyPlan.epochsThatFit(3, 8, 12, 200, 400, 60));
        // The slow first batches are left out of the pace: counted in, they would leave room for two epochs only.
        assertEquals(2, EarlyPlan.epochsThatFit(0, 8, 12, 200, 400, 60));
    }

    @Test
    void plansAtLeastOneEpochAndNeverMoreThanConfigured() {
        assertEquals(1, EarlyPlan.epochsThatFit(3, 8, 12, 200, 10, 60), "even when the first epoch does not fit");
        assertEquals(1, EarlyPlan.epochsThatFit(3, 8, 12, 200, -5, 60), "even past the deadline");
        assertEquals(8, EarlyPlan.epochsThatFit(3, 8, 12, 200, 1e6, 8));
    }

    @Test
    void oneSlowEpochDoesNotCutTheStage() {
        // Nine 3 s epochs, then one of 10 s (a compile on the same cores); 30 s left, 20 epochs configured, 10 done.
        // At the last epoch's pace 3 more would fit (13); at the median's, 10 more (20).
        double[] seconds = {3, 3, 3, 3, 3, 3, 3, 3, 3, 10};
        assertEquals(20, EarlyPlan.replanned(10, seconds, 30, 20));
        // Two slow epochs of the latest five are still outvoted; three are a slower pace and cut the stage.
        assertEquals(20, EarlyPlan.replanned(10, new double[] {3, 3, 3, 3, 3, 3, 3, 3, 10, 10}, 30, 20));
        assertEquals(13, EarlyPlan.replanned(10, new double[] {3, 3, 3, 3, 3, 3, 3, 10, 10, 10}, 30, 20));
    }

    @Test
    void aCutStageGrowsBackWhenThePaceRecoversButNeverBeyondItsConfiguredEpochs() {
        // Cut to 13 by slow epochs, the pace recovers to 3 s: 60 s left fit 20 more, but 20 were configured.
        assertEquals(20, EarlyPlan.replanned(10, new double[] {10, 10, 10, 3, 3, 3, 3, 3, 3, 3}, 60, 20));
        assertEquals(14, EarlyPlan.replanned(10, new double[] {10, 10, 10, 3, 3, 3, 3, 3, 3, 3}, 12, 20));
        assertEquals(10, EarlyPlan.replanned(10, new double[] {3, 3, 3}, -5, 20), "past the deadline: the epochs done");
        assertEquals(20, EarlyPlan.replanned(0, new double[0], 5, 20), "no epoch measured yet: as configured");
        assertEquals(6, EarlyPlan.replanned(4, new double[] {4, 2, 2, 4}, 7, 20), "the median of an even count is the middle pair's mean");
        assertEquals(3, EarlyPlan.pace(new double[] {9, 9, 9, 3, 3, 10, 3}), 1e-12, "the median of the latest five only");
    }
}
