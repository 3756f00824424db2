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
 * @param pretraining           the identity-pretraining stage before the pairs ({@link PretrainingConfig#OFF}: none)
 * @param negatives             how the pair stage draws impostor pairs: mined with the current model (from the run's
 *                              second epoch on) and within a group (an Omniglot alphabet), or
 *                              {@link HardNegativeMiner.Config#OFF}: uniformly at random
 * @param scoreCohort           the most training images (other people's: in a folders layout its negatives) the final
 *                              model keeps to normalise its scores ({@code io.siamese.model.ScoreCohort}), chosen at
 *                              random with the seed; 0: raw head scores. It changes no epoch, only the final model and
 *                              its calibration
 * @param soup                  how many runs are trained (seeds {@code seed}, {@code seed + 1}, ..., each in its own
 *                              folder and resumable) and averaged weight for weight into the final model before it is
 *                              calibrated (a model soup, Wortsman et al. 2022; every member starts from the same tower
 *                              when there is a starting tower); 1: one run (every recipe). A time budget is shared
 *                              between the members
 *
 * <p>{@code epochs}, {@code batchSize}, {@code pairsPerEpoch}, {@code optimizer}, {@code augmentation} and
 * {@code earlyStoppingPatience} describe the pair stage; {@link #stages()} lists the run's stages in order.
 * {@code validationPairs} is the most validation pairs: every pair of the validation images when there are no more
 * (see {@code ValidationPairs}).
 */
public record TrainingConfig(int epochs, int batchSize, int pairsPerEpoch, int validationPairs, OptimizerSpec optimizer,
                             String augmentation, long seed, int keepLast, double targetFar, int earlyStoppingPatience,
                             double trainFraction, double validationFraction, PretrainingConfig pretraining,
                             HardNegativeMiner.Config negatives, int scoreCohort, int soup) {

    /** The most runs a soup averages. */
    public static final int MAX_SOUP = 8;

    public static final TrainingConfig DEFAULTS = new TrainingConfig(10, 32, 2000, 400, OptimizerSpec.DEFAULTS,
            "none", 42, 3, Calibrator.DEFAULT_TARGET_FAR, 0, 0.7, 0.15, PretrainingConfig.OFF, HardNegativeMiner.Config.OFF, 0, 1);

    /** The configuration before stages existed: no pretraining. */
    public TrainingConfig(int epochs, int batchSize, int pairsPerEpoch, int validationPairs, OptimizerSpec optimizer,
                          String augmentation, long seed, int keepLast, double targetFar, int earlyStoppingPatience,
                          double trainFraction, double validationFraction) {
        this(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar,
                earlyStoppingPatience, trainFraction, validationFraction, PretrainingConfig.OFF, HardNegativeMiner.Config.OFF, 0, 1);
    }

    public TrainingConfig {
        if (pretraining == null) pretraining = PretrainingConfig.OFF;
        if (negatives == null) negatives = HardNegativeMiner.Config.OFF;
        if (soup == 0) soup = 1; // configurations written before the soup existed
        if (epochs < 0 || (epochs == 0 && !pretraining.enabled())) {
            throw new IllegalArgumentException("epochs must be >= 1 (or 0 with pretraining: the pretrained tower and a fitted head), got " + epochs);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (pairsPerEpoch < 2) throw new IllegalArgumentException("pairsPerEpoch must be >= 2, got " + pairsPerEpoch);
        if (validationPairs < 2) throw new IllegalArgumentException("validationPairs must be >= 2, got " + validationPairs);
        if (optimizer == null) throw new IllegalArgumentException("optimizer must be set");
        if (augmentation == null || augmentation.isBlank()) throw new IllegalArgumentException("augmentation must be none, photometric, affine or both");
        if (keepLast < 1) throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        if (!(targetFar > 0 && targetFar < 1)) throw new IllegalArgumentException("targetFar must be in (0, 1), got " + targetFar);
        if (soup < 1 || soup > MAX_SOUP) throw badSoup(soup);
        if (scoreCohort < 0) throw new IllegalArgumentException("scoreCohort must be >= 0 (0: raw scores), got " + scoreCohort);
        if (earlyStoppingPatience < 0) throw new IllegalArgumentException("earlyStoppingPatience must be >= 0, got " + earlyStoppingPatience);
        if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction <= 1)) {
            throw new IllegalArgumentException("need 0 < trainFraction, 0 < validationFraction, sum <= 1; got " + trainFraction + " and " + validationFraction);
        }
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(v, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(epochs, v, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withPairsPerEpoch(int v) {
        return new TrainingConfig(epochs, batchSize, v, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withValidationPairs(int v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, v, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withOptimizer(OptimizerSpec v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, v, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withAugmentation(String v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, v, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, v, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withKeepLast(int v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, v, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withTargetFar(double v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, v, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withEarlyStoppingPatience(int v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, v, trainFraction, validationFraction, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withSplit(double train, double validation) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, train, validation, pretraining, negatives, scoreCohort, soup);
    }

    public TrainingConfig withPretraining(PretrainingConfig v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, v, negatives, scoreCohort, soup);
    }

    /**
     * Both stages keep the tower's first {@code blocks} convolution blocks as the run started them
     * ({@link OptimizerSpec#frozenBlocks}): for fine-tuning a tower trained on other people ({@link Trainer#initialTower}).
     */
    public TrainingConfig withFrozenBlocks(int blocks) {
        return withOptimizer(optimizer.withFrozenBlocks(blocks)).withPretraining(pretraining.withOptimizer(pretraining.optimizer().withFrozenBlocks(blocks)));
    }

    public TrainingConfig withNegatives(HardNegativeMiner.Config v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, v, scoreCohort, soup);
    }

    public TrainingConfig withScoreCohort(int v) {
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, v, soup);
    }

    /** @throws IllegalArgumentException when {@code v} is not 1 to {@link #MAX_SOUP} (0 is read as 1 only from old files) */
    public TrainingConfig withSoup(int v) {
        if (v < 1) throw badSoup(v);
        return new TrainingConfig(epochs, batchSize, pairsPerEpoch, validationPairs, optimizer, augmentation, seed, keepLast, targetFar, earlyStoppingPatience, trainFraction, validationFraction, pretraining, negatives, scoreCohort, v);
    }

    private static IllegalArgumentException badSoup(int v) {
        return new IllegalArgumentException("soup must be 1 (one run) to " + MAX_SOUP + " runs averaged, got " + v);
    }

    /**
     * The run's stages in order: identity pretraining when it is on, then the pair stage. Each gets its share of a
     * time budget: pretraining {@link PretrainingConfig#budgetShare()}, the pairs the rest.
     */
    public java.util.List<Stage> stages() {
        Stage pairs = new Stage("pairs", Stage.Kind.PAIRS, epochs, batchSize, pairsPerEpoch, optimizer, augmentation,
                earlyStoppingPatience, pretraining.enabled() ? 1 - pretraining.budgetShare() : 1, 1, 2, 0, 0);
        if (!pretraining.enabled()) return java.util.List.of(pairs);
        Stage pretrain = new Stage("pretrain", Stage.Kind.CLASSIFY, pretraining.epochs(), pretraining.batchSize(), 0,
                pretraining.optimizer(), pretraining.augmentation(), pretraining.earlyStoppingPatience(), pretraining.budgetShare(),
                pretraining.rotations(), pretraining.minImagesPerIdentity(), pretraining.featureScale(), pretraining.margin());
        return epochs == 0 ? java.util.List.of(pretrain) : java.util.List.of(pretrain, pairs);
    }

    /** One line for summaries: the stages and their main settings. */
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (pretraining.enabled()) {
            parts.add(String.format(java.util.Locale.ROOT, "identity pretraining %d epochs (batch %d, %s %s, augmentation %s%s%s)",
                    pretraining.epochs(), pretraining.batchSize(), optimizerName(pretraining.optimizer()), number(pretraining.optimizer().learningRate()),
                    pretraining.augmentation(), pretraining.rotations() == 4 ? ", 4 rotations per class" : "",
                    pretraining.featureScale() > 0 ? (pretraining.margin() > 0 ? ", additive-margin softmax x" + number(pretraining.featureScale())
                            + " margin " + number(pretraining.margin()) : ", L2-constrained softmax x" + number(pretraining.featureScale())) : ", softmax"));
        }
        if (epochs > 0) {
            parts.add(String.format(java.util.Locale.ROOT, "%d epochs of %d pairs (batch %d, %s %s, augmentation %s, %s)", epochs, pairsPerEpoch,
                    batchSize, optimizerName(optimizer), number(optimizer.learningRate()), augmentation,
                    negatives.mines() ? Math.round(100 * negatives.minedFraction()) + "% of impostors mined" : "uniform impostors"));
        }
        String stages = String.join(", then ", parts);
        if (soup > 1) stages += "; the weights of " + soup + " such runs averaged (seeds " + seed + "-" + (seed + soup - 1) + ")";
        return scoreCohort > 0 ? stages + "; scores normalised against up to " + scoreCohort + " training images" : stages;
    }

    private static String optimizerName(io.siamese.model.OptimizerSpec o) {
        if (o.kind() == io.siamese.model.OptimizerSpec.Kind.KOCH) return "Koch's SGD";
        String name = o.weightDecay() > 0 ? "AdamW" : "Adam";
        return o.schedule() == io.siamese.model.OptimizerSpec.Schedule.COSINE ? name + " (warm-up, cosine) peak" : name;
    }

    private static String number(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** The seed of one epoch's pairs and augmentation: resume redraws exactly what an uninterrupted run would. */
    public long epochSeed(int epoch) {
        return seed * 1_000_003L + epoch;
    }
}
