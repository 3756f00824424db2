package io.siamese.training;

import io.siamese.model.ModelSpec;

import java.util.List;

/**
 * What a checkpoint holds besides the network: enough to continue exactly where the run stopped.
 *
 * @param epoch         epochs completed (1-based number of the last one)
 * @param history       metrics of every completed epoch
 * @param bestEpoch     the epoch with the best selection metric so far
 * @param bestSelection its value
 * @param selectionName what the selection metric is ({@code validation_auc} or a custom validator's name)
 * @param config        the training configuration
 * @param spec          the model's shape
 * @param data          a description of the training data (the data spec)
 */
public record TrainingState(int epoch, List<EpochMetrics> history, int bestEpoch, double bestSelection,
                            String selectionName, TrainingConfig config, ModelSpec spec, String data) {
    public TrainingState {
        history = List.copyOf(history);
    }
}
