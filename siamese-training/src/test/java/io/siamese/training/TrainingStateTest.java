package io.siamese.training;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStateTest {

    private static TrainingState after(int epochs, int planned) {
        List<EpochMetrics> history = new ArrayList<>();
        for (int n = 1; n <= epochs; n++) history.add(new EpochMetrics(n, 1, 1, 0.8, 0.7, 0.75, 0.74, 0.9, 0.2, 0.9, 1e-3, 1.0, 0, "pairs"));
        // One pair stage of 5 configured epochs, from epoch 1.
        return new TrainingState(epochs, history, 1, 0.9, "auc", TinyRuns.config(5), TinyRuns.spec(), "test", 0, 1, planned);
    }

    @Test
    void aStageEndsByTheBudgetOnlyWhenItsPlanStayedBelowItsConfiguredEpochs() {
        assertTrue(after(3, 3).endedByBudget(), "cut from 5 to 3 and done");
        assertFalse(after(2, 3).endedByBudget(), "cut, but not done yet");
        assertFalse(after(5, 5).endedByBudget(), "a plan cut and grown back to the configured 5 ends by its configuration");
    }
}
