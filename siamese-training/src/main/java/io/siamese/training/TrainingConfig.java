package io.siamese.training;

import io.siamese.model.OptimizerSpec;

/**
 * Everything about a training run except the model's shape and the data. Immutable; {@link #DEFAULTS} is the one
 * place defaults live (the command line only overrides them).
 *
 * @param epochs                how many epochs in all (a resumed run continues up to this number)
 * @param batchSize             pairs per batch
 * @param pairsPerEpoch         pairs drawn afresh each epoch from the training split (seeded by run seed and epoch)
 * @param validationPairs       fixed validation pairs (drawn once from the validation split)
 * @param optimizer             Adam (default) or Koch et al.'s SGD schedule
 * @param augmentation          augmentation name: none, photometric, affine or both
 * @param seed                  seeds weights, pair sampling, splits and augmentation
 * @param keepLast              checkpoints kept besides the best one
 * @param targetFar             false-accept rate the calibrated threshold aims for
 * @param earlyStoppingPatience stop after this many epochs without a better validation metric; 0 trains all epochs
 * @param trainFraction         share of identities for training (identities layout) or of each role's images (folders)
 * @param validationFraction    share for validation; the rest is the test split
 */
public record TrainingConfig(int epochs, int batchSize, int pairsPerEpoch, int validationPairs, OptimizerSpec optimizer,
                             String augmentation, long seed, int keepLast, double targetFar, int earlyStoppingPatience,
                             double trainFraction, double validationFraction) {

    public static final TrainingConfig DEFAULTS = new TrainingConfig(10, 32, 2000, 400, OptimizerSpec.DEFAULTS,
            "none", 42, 3, Calibrator.DEFAULT_TARGET_FAR, 0, 0.7, 0.15);

    public TrainingConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (pairsPerEpoch < 2) throw new IllegalArgumentException("pairsPerEpoch must be >= 2, got " + pairsPerEpoch);
        if (validationPairs < 2) throw new IllegalArgumentException("validationPairs must be >= 2, got " + validationPairs);
        if (optimizer == null) throw new IllegalArgumentException("optimizer must be set");
        if (augmentation == null || augmentation.isBlank()) throw new IllegalArgumentException("augmentation must be none, photometric, affine or both");
        if (keepLast < 1) throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        if (!(targetFar > 0 && targetFar < 1)) throw new IllegalArgumentException("targetFar must be in (0, 1), got " + targetFar);
        if (earlyStoppingPatience < 0) throw new IllegalArgumentException("earlyStoppingPatience must be >= 0, got " + earlyStoppingPatience);
        if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction <= 1)) {
            throw new IllegalArgumentException("need 0 < trainFraction, 0 < validationFraction, sum <= 1; got " + trainFraction + " and " + validationFraction);
        }
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(v, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(epochs, v, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withPairsPerEpoch(int v) {
        return new TrainingConfig(epochs, batchSize, v, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withValidationPairs(int v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, v, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withOptimizer(OptimizerSpec v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, v, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withAugmentation(String v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, v, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, v, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withKeepLast(int v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, v, targetFar, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withTargetFar(double v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, v, earlyStoppingPatience, trainFraction, validationFraction);
    }

    public TrainingConfig withEarlyStoppingPatience(int v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, v, trainFraction, validationFraction);
    }

    public TrainingConfig withSplit(double train, double validation) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, train, validation);
    }

    /** The seed of one epoch's pairs and augmentation: resume redraws exactly what an uninterrupted run would. */
    public long epochSeed(int epoch) {
        return seed * 1_000_003L + epoch;
    }
}
