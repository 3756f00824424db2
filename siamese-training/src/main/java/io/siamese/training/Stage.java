package io.siamese.training;

import io.siamese.model.OptimizerSpec;

/**
 * One stage of a run, resolved from its {@link TrainingConfig}: what it trains, for how long and with what. A run is
 * a sequence of stages ({@link TrainingConfig#stages()}), written in the run's {@code config.json}; the trainer runs
 * each the same way (an epoch loop with a checkpoint per epoch, validation, early stopping and a share of the time
 * budget) and hands the best network of one stage to the next.
 *
 * @param name                  {@code pretrain} or {@code pairs}
 * @param kind                  what is trained
 * @param epochs                planned epochs (a time budget may end the stage sooner)
 * @param batchSize             examples per batch (images or pairs)
 * @param examplesPerEpoch      pairs per epoch ({@link Kind#PAIRS}); every training image once ({@link Kind#CLASSIFY}): 0
 * @param optimizer             the stage's optimizer and schedule
 * @param augmentation          augmentation preset name
 * @param earlyStoppingPatience epochs without a better validation metric before the stage ends; 0: off
 * @param budgetShare           the share of the run's time budget for this stage (shares of the stages left are
 *                              renormalised when a stage starts)
 * @param rotations             {@link Kind#CLASSIFY}: 1 or 4 quarter-turn rotations per identity
 * @param minImagesPerIdentity  {@link Kind#CLASSIFY}: identities with fewer images are not classes
 * @param featureScale          {@link Kind#CLASSIFY}: 0 for a plain softmax, above 0 for the L2-constrained softmax
 * @param margin                {@link Kind#CLASSIFY}: 0, or the additive cosine margin of an additive-margin softmax
 */
public record Stage(String name, Kind kind, int epochs, int batchSize, int examplesPerEpoch, OptimizerSpec optimizer,
                    String augmentation, int earlyStoppingPatience, double budgetShare, int rotations, int minImagesPerIdentity,
                    double featureScale, double margin) {

    /** What a stage trains. */
    public enum Kind {
        /** The tower as a softmax classifier of the training identities. */
        CLASSIFY,
        /** The Siamese graph on pairs, with binary cross-entropy. */
        PAIRS
    }
}
