package io.siamese.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.Objects;

/**
 * Cross-entropy of a softmax whose true-class logit is lowered by a fixed margin before the softmax: the additive-margin
 * softmax (CosFace, Wang et al. 2018; AM-softmax, Wang et al. 2018). With unit-length features times a scale {@code s}
 * and unit-length class weights, a logit is {@code s cos(theta)}, and a margin of {@code s m} asks every image to be
 * closer in angle to its own identity than to any other by {@code m}: identities end up in tighter, better separated
 * cones, which is what verification by distance needs. The margin acts in training only: the layer's output (the
 * softmax of the plain logits) does not depend on the labels.
 * <p>
 * Serialised with the graph's configuration through Jackson (public no-argument constructor and getter/setter);
 * renaming or moving the class breaks saved checkpoints of a classifier that uses it.
 */
public class AdditiveMarginLoss implements ILossFunction {

    private static final double LOG_CLIP = 1e-10;

    /** The margin in logit units ({@code s m}). */
    private double margin;

    /** For Jackson. */
    public AdditiveMarginLoss() {
    }

    /** @param margin subtracted from the true-class logit, in logit units ({@code s m}), at least 0 */
    public AdditiveMarginLoss(double margin) {
        if (!(margin >= 0)) throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        this.margin = margin;
    }

    public double getMargin() {
        return margin;
    }

    public void setMargin(double margin) {
        this.margin = margin;
    }

    /** The softmax of the logits with the margin taken off the true class: a new array. */
    private INDArray probabilities(INDArray labels, INDArray preOutput, IActivation activation) {
        if (!(activation instanceof ActivationSoftmax)) {
            throw new IllegalStateException("the additive-margin loss needs a softmax output layer, got " + activation);
        }
        if (!labels.equalShapes(preOutput)) {
            throw new IllegalArgumentException("labels " + java.util.Arrays.toString(labels.shape()) + " and logits "
                    + java.util.Arrays.toString(preOutput.shape()) + " differ in shape");
        }
        INDArray shifted = preOutput.sub(labels.castTo(preOutput.dataType()).mul(margin));
        return activation.getActivation(shifted, true);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray p = probabilities(labels, preOutput, activationFn);
        INDArray score = Transforms.log(Transforms.max(p, LOG_CLIP, false), false).muli(labels.castTo(p.dataType())).sum(true, 1).negi();
        if (mask != null) score.muli(mask.reshape(score.shape()).castTo(score.dataType()));
        return score;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    /** The gradient with respect to the logits: the margin's softmax minus the labels (the margin is a constant shift). */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray gradient = probabilities(labels, preOutput, activationFn).subi(labels.castTo(preOutput.dataType()));
        if (mask != null) gradient.muliColumnVector(mask.reshape(mask.length(), 1).castTo(gradient.dataType()));
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                                          boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average), computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "AdditiveMarginLoss(" + margin + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdditiveMarginLoss other && Double.compare(margin, other.margin) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(AdditiveMarginLoss.class, margin);
    }
}
