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
 * @param stage         the index in {@link TrainingConfig#stages()} of the stage the last epoch belongs to
 * @param stageFirstEpoch the (run-wide) number of that stage's first epoch
 * @param stageEpochs   the epochs planned for that stage: its configured epochs, or fewer when a time budget showed
 *                      that no more fit (the learning-rate schedule is planned over these)
 *
 * @param changes       configuration changes applied by resumes ({@code --override}), oldest first; {@code config}
 *                      is the configuration in force
 *
 * <p>Epochs are numbered across the whole run; {@code bestEpoch} and {@code bestSelection} are the stage's own.
 */
public record TrainingState(int epoch, List<EpochMetrics> history, int bestEpoch, double bestSelection,
                            String selectionName, TrainingConfig config, ModelSpec spec, String data,
                            int stage, int stageFirstEpoch, int stageEpochs, List<ConfigChange> changes) {
    public TrainingState {
        history = List.copyOf(history);
        changes = changes == null ? List.of() : List.copyOf(changes);
        // Checkpoints written before stages existed hold one pair stage from epoch 1.
        if (stageFirstEpoch < 1) stageFirstEpoch = 1;
        if (stageEpochs < 1 && config != null) stageEpochs = config.stages().get(stage).epochs();
    }

    /** A state before any configuration change (the layout before resumes could change it). */
    public TrainingState(int epoch, List<EpochMetrics> history, int bestEpoch, double bestSelection, String selectionName,
                         TrainingConfig config, ModelSpec spec, String data, int stage, int stageFirstEpoch, int stageEpochs) {
        this(epoch, history, bestEpoch, bestSelection, selectionName, config, spec, data, stage, stageFirstEpoch, stageEpochs, List.of());
    }

    /** The same state continuing under another configuration. */
    TrainingState withConfig(TrainingConfig newConfig, List<ConfigChange> newChanges, int newStageEpochs) {
        return new TrainingState(epoch, history, bestEpoch, bestSelection, selectionName, newConfig, spec, data, stage, stageFirstEpoch,
                newStageEpochs, newChanges);
    }

    /** Epochs of the current stage done. */
    int epochsInStage() {
        return Math.max(0, epoch - stageFirstEpoch + 1);
    }

    /** The current stage has trained all its planned epochs, or early stopping ended it. */
    boolean stageDone() {
        Stage s = config.stages().get(stage);
        if (epochsInStage() >= stageEpochs) return true;
        return s.earlyStoppingPatience() > 0 && epochsInStage() > 0 && epoch - bestEpoch >= s.earlyStoppingPatience();
    }

    /** The current stage ended at a time budget's plan below its configured epochs, not at its configuration. */
    boolean endedByBudget() {
        return stageEpochs < config.stages().get(stage).epochs() && epochsInStage() >= stageEpochs;
    }

    /** The state at the start of stage {@code index}, before its first epoch. */
    TrainingState startStage(int index) {
        return new TrainingState(epoch, history, 0, Double.NEGATIVE_INFINITY, selectionName, config, spec, data, index, epoch + 1,
                config.stages().get(index).epochs(), changes);
    }

    /** The same state with another number of epochs planned for the current stage (a time budget's plan). */
    TrainingState withStageEpochs(int epochs) {
        return new TrainingState(epoch, history, bestEpoch, bestSelection, selectionName, config, spec, data, stage, stageFirstEpoch, epochs, changes);
    }

    /** After one more epoch of the current stage. */
    TrainingState after(EpochMetrics metrics) {
        List<EpochMetrics> h = new java.util.ArrayList<>(history);
        h.add(metrics);
        boolean better = metrics.selection() > bestSelection;
        return new TrainingState(metrics.epoch(), h, better ? metrics.epoch() : bestEpoch, better ? metrics.selection() : bestSelection,
                selectionName, config, spec, data, stage, stageFirstEpoch, stageEpochs, changes);
    }
}
