package io.siamese.training;

import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.SyntheticFaces;
import io.siamese.model.ConvSpec;
import io.siamese.model.ModelSpec;

import java.util.List;

/** A tiny model and synthetic data that train in about a second per epoch. */
final class TinyRuns {

    static ModelSpec spec() {
        return new ModelSpec("tiny", 16, 16, 1, List.of(new ConvSpec(4, 3, true), new ConvSpec(8, 3, false)), 16);
    }

    static TrainingData data() {
        ImageDataset all = SyntheticFaces.dataset(new SyntheticFaces.Config(10, 6, 24, 3));
        ImageDataset.Split split = all.split(0.6, 0.4, 1);
        return new TrainingData(split.train(), split.validation(), new ImagePreprocessor(16, 16, 1), "synthetic (tiny)");
    }

    static TrainingConfig config(int epochs) {
        return TrainingConfig.DEFAULTS.withEpochs(epochs).withBatchSize(8).withPairsPerEpoch(32).withValidationPairs(24)
                .withOptimizer(TrainingConfig.DEFAULTS.optimizer().withLearningRate(1e-3)).withSeed(5).withKeepLast(2);
    }

    private TinyRuns() {
    }
}
