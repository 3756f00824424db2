package io.siamese.model;

import java.util.Locale;

/**
 * How the graph's weights are updated. Binary cross-entropy is always the loss.
 *
 * @param kind          {@link Kind#ADAM} (default) or {@link Kind#KOCH}: SGD with Nesterov momentum, a per-epoch
 *                      learning-rate decay and L2, as in Koch et al. (2015)
 * @param learningRate  initial learning rate
 * @param momentum      momentum (KOCH only)
 * @param decayPerEpoch multiplicative learning-rate decay per epoch (KOCH: 0.99, that is 1% per epoch)
 * @param l2            L2 weight penalty (0 disables)
 */
public record OptimizerSpec(Kind kind, double learningRate, double momentum, double decayPerEpoch, double l2) {

    public enum Kind { ADAM, KOCH }

    /** Adam at 1e-4, the original projects' setting. */
    public static final OptimizerSpec DEFAULTS = new OptimizerSpec(Kind.ADAM, 1e-4, 0.0, 1.0, 0.0);

    /** Koch et al.'s schedule: SGD, momentum 0.9, learning rate 0.01 decaying 1% per epoch, L2 2e-4. */
    public static final OptimizerSpec KOCH = new OptimizerSpec(Kind.KOCH, 0.01, 0.9, 0.99, 2e-4);

    public OptimizerSpec {
        if (kind == null) throw new IllegalArgumentException("optimizer kind must be ADAM or KOCH");
        if (!(learningRate > 0 && learningRate < 10)) throw new IllegalArgumentException("learningRate must be in (0, 10), got " + learningRate);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(decayPerEpoch > 0 && decayPerEpoch <= 1)) throw new IllegalArgumentException("decayPerEpoch must be in (0, 1], got " + decayPerEpoch);
        if (!(l2 >= 0)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
    }

    /** {@code adam} or {@code koch}. */
    public static OptimizerSpec named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> DEFAULTS;
            case "koch" -> KOCH;
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose adam or koch");
        };
    }

    public OptimizerSpec withLearningRate(double newLearningRate) {
        return new OptimizerSpec(kind, newLearningRate, momentum, decayPerEpoch, l2);
    }

    public OptimizerSpec withL2(double newL2) {
        return new OptimizerSpec(kind, learningRate, momentum, decayPerEpoch, newL2);
    }
}
