package io.siamese.training;

import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;

import java.util.List;
import java.util.Locale;

/**
 * A way to train: the model and the training configuration that go together, chosen by measurement
 * ({@code docs/accuracy.md}). The one place the recipes' values live; the command line and the experiments start
 * from them and override single values.
 *
 * @param name        {@code faces}, {@code characters} or {@code koch}
 * @param description one line for logs and summaries
 * @param spec        the model
 * @param training    the stages and their settings
 */
public record Recipe(String name, String description, ModelSpec spec, TrainingConfig training) {

    /** Names accepted by {@link #named}. */
    public static final List<String> NAMES = List.of("faces", "characters", "koch");

    /**
     * Faces on a 2-core CPU (about 10 minutes for the 24 training people of an AT&T/ORL fold): the {@code face}
     * preset; 60 epochs of identity pretraining with the L2-constrained softmax over the training people (AdamW,
     * warm-up and cosine decay, face augmentation); then 8 epochs of 1,000 pairs, half the impostors mined from the
     * current embedding. Raw scores: normalising them against a cohort of training images ({@code withScoreCohort},
     * S-norm) lowered the pair EER but broke the calibration of multi-frame identification (docs/accuracy.md).
     */
    public static Recipe faces() {
        OptimizerSpec pretrain = OptimizerSpec.ADAMW_COSINE.withLearningRate(2e-3);
        return new Recipe("faces", "face preset, identity pretraining (L2-constrained softmax), then pairs with mined negatives",
                ModelSpec.face(),
                TrainingConfig.DEFAULTS.withEpochs(8).withBatchSize(32).withPairsPerEpoch(1000).withValidationPairs(20_000)
                        .withOptimizer(pretrain.withLearningRate(5e-4)).withAugmentation("face")
                        .withPretraining(PretrainingConfig.DEFAULTS.withEpochs(60).withBatchSize(32).withOptimizer(pretrain)
                                .withAugmentation("face").withFeatureScale(16))
                        .withNegatives(HardNegativeMiner.Config.DEFAULTS));
    }

    /**
     * Handwritten characters (Omniglot): the {@code characters} preset; identity pretraining over every character in
     * its four quarter-turns, with Koch et al.'s affine distortions; then pairs with half the impostors mined, half
     * of those from the same alphabet.
     */
    public static Recipe characters() {
        OptimizerSpec pretrain = OptimizerSpec.ADAMW_COSINE.withLearningRate(2e-3);
        return new Recipe("characters", "characters preset, pretraining on characters x 4 rotations, then pairs with mined same-alphabet negatives",
                ModelSpec.characters(),
                TrainingConfig.DEFAULTS.withEpochs(8).withBatchSize(64).withPairsPerEpoch(4000).withValidationPairs(20_000)
                        .withOptimizer(pretrain.withLearningRate(5e-4)).withAugmentation("koch-affine")
                        .withPretraining(PretrainingConfig.DEFAULTS.withEpochs(30).withBatchSize(64).withOptimizer(pretrain)
                                .withAugmentation("koch-affine").withRotations(4).withFeatureScale(16))
                        .withNegatives(HardNegativeMiner.Config.DEFAULTS));
    }

    /** Koch et al. (2015) as published: their network on pairs only, SGD with momentum and a per-epoch decay. */
    public static Recipe koch() {
        return new Recipe("koch", "Koch et al. 2015: their network (without batch normalisation), pairs only, SGD with momentum",
                ModelSpec.koch(1).withBatchNorm(false), TrainingConfig.DEFAULTS.withOptimizer(OptimizerSpec.KOCH).withAugmentation("koch-affine"));
    }

    /** A recipe by name. */
    public static Recipe named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "faces" -> faces();
            case "characters" -> characters();
            case "koch" -> koch();
            default -> throw new IllegalArgumentException("unknown recipe '" + name + "'; choose one of " + NAMES);
        };
    }

    public Recipe withSpec(ModelSpec newSpec) {
        return new Recipe(name, description, newSpec, training);
    }

    public Recipe withTraining(TrainingConfig newTraining) {
        return new Recipe(name, description, spec, newTraining);
    }
}
