package io.siamese.model;

import java.util.Locale;

/**
 * How the graph's weights are updated. The loss is the graph's own (binary cross-entropy for the Siamese graph,
 * softmax cross-entropy for the pretraining classifier).
 *
 * @param kind                    {@link Kind#ADAM} (default) or {@link Kind#KOCH}: SGD with Nesterov momentum, a
 *                                per-epoch learning-rate decay and L2, as in Koch et al. (2015)
 * @param learningRate            initial (peak, with a warm-up) learning rate
 * @param momentum                momentum (KOCH only)
 * @param decayPerEpoch           multiplicative learning-rate decay per epoch (KOCH: 0.99, that is 1% per epoch)
 * @param l2                      L2 weight penalty added to the gradient (0 disables)
 * @param schedule                {@link Schedule#CONSTANT} or {@link Schedule#COSINE} (ADAM only; model files written
 *                                before this field are constant)
 * @param warmupFraction          COSINE: share of the planned updates over which the rate rises linearly from near 0
 * @param finalLearningRateFraction COSINE: the rate at the last planned update, as a fraction of {@code learningRate}
 * @param weightDecay             decoupled weight decay (AdamW: each update also shrinks every weight by
 *                                {@code learningRate * weightDecay} of itself; batch-norm parameters are exempt); 0
 *                                disables. Setting it replaces {@code l2}.
 * @param frozenBlocks            how many of the tower's first convolution blocks keep their weights (convolution and
 *                                batch-norm scale and shift get no update and no decay; batch-norm running statistics
 *                                still follow the data): for fine-tuning a tower trained on other data. 0 (default, and
 *                                what files written before this field read) trains every block.
 */
public record OptimizerSpec(Kind kind, double learningRate, double momentum, double decayPerEpoch, double l2,
                            Schedule schedule, double warmupFraction, double finalLearningRateFraction, double weightDecay,
                            int frozenBlocks) {

    public enum Kind { ADAM, KOCH }

    /** How the learning rate moves over a stage. */
    public enum Schedule {
        /** The same rate throughout (KOCH: its own per-epoch decay). */
        CONSTANT,
        /** A linear warm-up, then a half cosine down to {@code finalLearningRateFraction} at the last planned update. */
        COSINE
    }

    /** Adam at 1e-4, constant: the original projects' setting. */
    public static final OptimizerSpec DEFAULTS = new OptimizerSpec(Kind.ADAM, 1e-4, 0.0, 1.0, 0.0, Schedule.CONSTANT, 0, 1, 0, 0);

    /** Koch et al.'s schedule: SGD, momentum 0.9, learning rate 0.01 decaying 1% per epoch, L2 2e-4. */
    public static final OptimizerSpec KOCH = new OptimizerSpec(Kind.KOCH, 0.01, 0.9, 0.99, 2e-4, Schedule.CONSTANT, 0, 1, 0, 0);

    /**
     * Adam with a 5% warm-up, cosine decay to 1% of the peak rate and decoupled weight decay (AdamW): the recipe of
     * {@code docs/accuracy.md} for batch-normalised towers.
     */
    public static final OptimizerSpec ADAMW_COSINE = new OptimizerSpec(Kind.ADAM, 2e-3, 0.0, 1.0, 0.0, Schedule.COSINE, 0.05, 0.01, 5e-4, 0);

    public OptimizerSpec {
        if (kind == null) throw new IllegalArgumentException("optimizer kind must be ADAM or KOCH");
        if (schedule == null) schedule = Schedule.CONSTANT;
        if (!(learningRate > 0 && learningRate < 10)) throw new IllegalArgumentException("learningRate must be in (0, 10), got " + learningRate);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(decayPerEpoch > 0 && decayPerEpoch <= 1)) throw new IllegalArgumentException("decayPerEpoch must be in (0, 1], got " + decayPerEpoch);
        if (!(l2 >= 0)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        if (!(warmupFraction >= 0 && warmupFraction < 1)) throw new IllegalArgumentException("warmupFraction must be in [0, 1), got " + warmupFraction);
        // Files written before the schedule existed read 0 here; for a constant schedule the value is never used.
        if (finalLearningRateFraction == 0 && schedule == Schedule.CONSTANT) finalLearningRateFraction = 1;
        if (!(finalLearningRateFraction > 0 && finalLearningRateFraction <= 1)) {
            throw new IllegalArgumentException("finalLearningRateFraction must be in (0, 1], got " + finalLearningRateFraction);
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) throw new IllegalArgumentException("weightDecay must be in [0, 1), got " + weightDecay);
        if (frozenBlocks < 0) throw new IllegalArgumentException("frozenBlocks must be >= 0, got " + frozenBlocks);
        if (kind == Kind.KOCH && schedule != Schedule.CONSTANT) {
            throw new IllegalArgumentException("the koch optimizer has its own per-epoch decay; use schedule CONSTANT with it");
        }
    }

    /** An optimizer without schedule or weight decay (the layout before both existed). */
    public OptimizerSpec(Kind kind, double learningRate, double momentum, double decayPerEpoch, double l2) {
        this(kind, learningRate, momentum, decayPerEpoch, l2, Schedule.CONSTANT, 0, 1, 0, 0);
    }

    /** {@code adam}, {@code adamw-cosine} or {@code koch}. */
    public static OptimizerSpec named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> DEFAULTS;
            case "adamw-cosine", "adamw" -> ADAMW_COSINE;
            case "koch" -> KOCH;
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose adam, adamw-cosine or koch");
        };
    }

    public OptimizerSpec withLearningRate(double newLearningRate) {
        return new OptimizerSpec(kind, newLearningRate, momentum, decayPerEpoch, l2, schedule, warmupFraction, finalLearningRateFraction, weightDecay, frozenBlocks);
    }

    public OptimizerSpec withL2(double newL2) {
        return new OptimizerSpec(kind, learningRate, momentum, decayPerEpoch, newL2, schedule, warmupFraction, finalLearningRateFraction, weightDecay, frozenBlocks);
    }

    public OptimizerSpec withSchedule(Schedule newSchedule) {
        return new OptimizerSpec(kind, learningRate, momentum, decayPerEpoch, l2, newSchedule, warmupFraction, finalLearningRateFraction, weightDecay, frozenBlocks);
    }

    public OptimizerSpec withWarmupFraction(double fraction) {
        return new OptimizerSpec(kind, learningRate, momentum, decayPerEpoch, l2, schedule, fraction, finalLearningRateFraction, weightDecay, frozenBlocks);
    }

    public OptimizerSpec withWeightDecay(double newWeightDecay) {
        return new OptimizerSpec(kind, learningRate, momentum, decayPerEpoch, l2, schedule, warmupFraction, finalLearningRateFraction, newWeightDecay, frozenBlocks);
    }

    /** The same optimizer with the tower's first {@code blocks} convolution blocks frozen (0: none). */
    public OptimizerSpec withFrozenBlocks(int blocks) {
        return new OptimizerSpec(kind, learningRate, momentum, decayPerEpoch, l2, schedule, warmupFraction, finalLearningRateFraction, weightDecay, blocks);
    }

    /**
     * The learning rate at update {@code iteration} (counted from 0) of a stage planned for {@code plannedIterations}
     * updates, ignoring KOCH's per-epoch decay: what {@link WarmupCosineSchedule} computes.
     */
    public double learningRateAt(long iteration, long plannedIterations) {
        return learningRateAt(iteration, plannedIterations, 0);
    }

    /** As {@link #learningRateAt(long, long)}, with the warm-up at most {@code maxWarmupIterations} updates (0: no cap). */
    public double learningRateAt(long iteration, long plannedIterations, long maxWarmupIterations) {
        if (schedule != Schedule.COSINE || plannedIterations <= 0) return learningRate;
        return WarmupCosineSchedule.value(learningRate, warmupFraction, finalLearningRateFraction, plannedIterations, maxWarmupIterations, iteration);
    }
}
