package io.siamese.training;

import io.siamese.model.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigDiffTest {

    private final TrainingConfig run = TrainingConfig.DEFAULTS;

    @Test
    void moreEpochsIsNoChange() {
        assertTrue(ConfigDiff.between(run, run.withEpochs(50)).isEmpty());
    }

    @Test
    void nestedChangesAreNamedWithTheirPath() {
        ConfigDiff diff = ConfigDiff.between(run, run.withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(5e-4)).withBatchSize(16)
                .withPretraining(PretrainingConfig.DEFAULTS));
        assertEquals(List.of(), diff.fixed());
        assertTrue(diff.changed().contains("batchSize: 32 -> 16"), diff.changed().toString());
        assertTrue(diff.changed().contains("optimizer.learningRate: 1.0E-4 -> 5.0E-4"), diff.changed().toString());
        assertTrue(diff.changed().contains("pretraining.epochs: 0 -> 30"), diff.changed().toString());
    }

    @Test
    void theSeedAndTheSplitAreFixed() {
        ConfigDiff diff = ConfigDiff.between(run, run.withSeed(7).withSplit(0.5, 0.2));
        assertEquals(3, diff.fixed().size(), diff.fixed().toString());
        assertTrue(diff.changed().isEmpty());
    }
}
