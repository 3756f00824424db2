package io.siamese.training;

import io.siamese.model.OptimizerSpec;

/**
 * The identity-pretraining stage: the tower is first trained as a classifier of the training identities, then the
 * Siamese graph is built from its weights and fine-tuned on pairs (see {@code docs/accuracy.md} for what it adds).
 *
 * @param epochs                passes over every training image of every identity kept; 0 turns pretraining off
 * @param batchSize             images per batch
 * @param optimizer             its optimizer (warm-up and cosine decay over the stage by default)
 * @param augmentation          augmentation preset name (as {@code TrainingConfig.augmentation})
 * @param rotations             1, or 4 to make each quarter-turn rotation of an identity a class of its own (Omniglot)
 * @param minImagesPerIdentity  identities with fewer images are left out of the classifier (they still make pairs)
 * @param earlyStoppingPatience stop the stage after this many epochs without a better validation metric; 0: off
 * @param budgetShare           the share of a time budget this stage may use; the pair stage gets the rest
 * @param featureScale          0: a plain softmax on the embedding layer; above 0: the L2-constrained softmax (Ranjan et
 *                              al. 2017) on the unit-length embedding times this scale, which trains exactly the
 *                              embedding the Siamese head compares
 * @param margin                0: none; above 0 (with {@code featureScale > 0}): the additive cosine margin of the
 *                              additive-margin softmax (CosFace), with class weights kept unit length
 */
public record PretrainingConfig(int epochs, int batchSize, OptimizerSpec optimizer, String augmentation, int rotations,
                                int minImagesPerIdentity, int earlyStoppingPatience, double budgetShare, double featureScale, double margin) {

    /** No pretraining: pairs from the start, as Koch et al. trained. */
    public static final PretrainingConfig OFF = new PretrainingConfig(0, 64, OptimizerSpec.ADAMW_COSINE, "none", 1, 2, 0, 0.7, 0, 0);

    /** Thirty epochs of AdamW with warm-up and cosine decay, 64 images per batch, 70% of a time budget. */
    public static final PretrainingConfig DEFAULTS = OFF.withEpochs(30);

    public PretrainingConfig {
        if (epochs < 0) throw new IllegalArgumentException("pretraining epochs must be >= 0, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("pretraining batchSize must be >= 1, got " + batchSize);
        if (optimizer == null) throw new IllegalArgumentException("pretraining optimizer must be set");
        if (augmentation == null || augmentation.isBlank()) throw new IllegalArgumentException("pretraining augmentation must be named");
        if (rotations != 1 && rotations != 4) throw new IllegalArgumentException("rotations must be 1 or 4, got " + rotations);
        if (minImagesPerIdentity < 1) throw new IllegalArgumentException("minImagesPerIdentity must be >= 1, got " + minImagesPerIdentity);
        if (earlyStoppingPatience < 0) throw new IllegalArgumentException("earlyStoppingPatience must be >= 0, got " + earlyStoppingPatience);
        if (!(budgetShare > 0 && budgetShare < 1)) throw new IllegalArgumentException("budgetShare must be in (0, 1), got " + budgetShare);
        if (!(featureScale >= 0)) throw new IllegalArgumentException("featureScale must be >= 0, got " + featureScale);
        if (!(margin >= 0 && margin < 1)) throw new IllegalArgumentException("margin must be in [0, 1), got " + margin);
        if (margin > 0 && featureScale == 0) throw new IllegalArgumentException("a cosine margin needs featureScale > 0 (unit-length features)");
    }

    public boolean enabled() {
        return epochs > 0;
    }

    public PretrainingConfig withEpochs(int v) {
        return new PretrainingConfig(v, batchSize, optimizer, augmentation, rotations, minImagesPerIdentity, earlyStoppingPatience, budgetShare, featureScale, margin);
    }

    public PretrainingConfig withBatchSize(int v) {
        return new PretrainingConfig(epochs, v, optimizer, augmentation, rotations, minImagesPerIdentity, earlyStoppingPatience, budgetShare, featureScale, margin);
    }

    public PretrainingConfig withOptimizer(OptimizerSpec v) {
        return new PretrainingConfig(epochs, batchSize, v, augmentation, rotations, minImagesPerIdentity, earlyStoppingPatience, budgetShare, featureScale, margin);
    }

    public PretrainingConfig withAugmentation(String v) {
        return new PretrainingConfig(epochs, batchSize, optimizer, v, rotations, minImagesPerIdentity, earlyStoppingPatience, budgetShare, featureScale, margin);
    }

    public PretrainingConfig withRotations(int v) {
        return new PretrainingConfig(epochs, batchSize, optimizer, augmentation, v, minImagesPerIdentity, earlyStoppingPatience, budgetShare, featureScale, margin);
    }

    public PretrainingConfig withMinImagesPerIdentity(int v) {
        return new PretrainingConfig(epochs, batchSize, optimizer, augmentation, rotations, v, earlyStoppingPatience, budgetShare, featureScale, margin);
    }

    public PretrainingConfig withEarlyStoppingPatience(int v) {
        return new PretrainingConfig(epochs, batchSize, optimizer, augmentation, rotations, minImagesPerIdentity, v, budgetShare, featureScale, margin);
    }

    public PretrainingConfig withFeatureScale(double v) {
        return new PretrainingConfig(epochs, batchSize, optimizer, augmentation, rotations, minImagesPerIdentity, earlyStoppingPatience, budgetShare, v, margin);
    }

    public PretrainingConfig withMargin(double v) {
        return new PretrainingConfig(epochs, batchSize, optimizer, augmentation, rotations, minImagesPerIdentity, earlyStoppingPatience, budgetShare, featureScale, v);
    }

    public PretrainingConfig withBudgetShare(double v) {
        return new PretrainingConfig(epochs, batchSize, optimizer, augmentation, rotations, minImagesPerIdentity, earlyStoppingPatience, v, featureScale, margin);
    }
}
