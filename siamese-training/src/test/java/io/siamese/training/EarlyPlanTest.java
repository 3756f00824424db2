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
}
