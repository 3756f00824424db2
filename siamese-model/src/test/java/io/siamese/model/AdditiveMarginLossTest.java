package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdditiveMarginLossTest {

    @TempDir
    Path dir;

    private static INDArray oneHot(int rows, int classes, int seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < rows; i++) labels.putScalar(i, random.nextInt(classes), 1);
        return labels;
    }

    @Test
    void withoutAMarginItIsTheSoftmaxCrossEntropy() {
        Nd4j.getRandom().setSeed(3);
        INDArray logits = Nd4j.randn(DataType.DOUBLE, 6, 4).muli(3);
        INDArray labels = oneHot(6, 4, 5);
        LossMCXENT reference = new LossMCXENT();
        AdditiveMarginLoss none = new AdditiveMarginLoss(0);
        assertEquals(reference.computeScore(labels, logits.dup(), new ActivationSoftmax(), null, true),
                none.computeScore(labels, logits.dup(), new ActivationSoftmax(), null, true), 1e-9);
        assertTrue(reference.computeGradient(labels, logits.dup(), new ActivationSoftmax(), null)
                .equalsWithEps(none.computeGradient(labels, logits.dup(), new ActivationSoftmax(), null), 1e-9));
    }

    @Test
    void theMarginIsTakenOffTheTrueLogitAndTheGradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(7);
        INDArray logits = Nd4j.randn(DataType.DOUBLE, 5, 3).muli(2);
        INDArray labels = oneHot(5, 3, 11);
        double margin = 4.0;
        AdditiveMarginLoss loss = new AdditiveMarginLoss(margin);
        // The score is the plain cross-entropy of the logits with the margin subtracted from each true class.
        double expected = new LossMCXENT().computeScore(labels, logits.sub(labels.mul(margin)), new ActivationSoftmax(), null, false);
        assertEquals(expected, loss.computeScore(labels, logits.dup(), new ActivationSoftmax(), null, false), 1e-9);
        assertTrue(loss.computeScore(labels, logits.dup(), new ActivationSoftmax(), null, false)
                > new LossMCXENT().computeScore(labels, logits.dup(), new ActivationSoftmax(), null, false), "a margin makes the loss larger");
        // d score / d logit by central differences.
        INDArray gradient = loss.computeGradient(labels, logits.dup(), new ActivationSoftmax(), null);
        double h = 1e-6;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                INDArray up = logits.dup(), down = logits.dup();
                up.putScalar(i, j, logits.getDouble(i, j) + h);
                down.putScalar(i, j, logits.getDouble(i, j) - h);
                double numeric = (loss.computeScore(labels, up, new ActivationSoftmax(), null, false)
                        - loss.computeScore(labels, down, new ActivationSoftmax(), null, false)) / (2 * h);
                assertEquals(numeric, gradient.getDouble(i, j), 1e-6, "logit " + i + "," + j);
            }
        }
        // A masked example adds nothing.
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 5, 1);
        mask.putScalar(2, 0, 0);
        assertEquals(0.0, loss.computeScoreArray(labels, logits.dup(), new ActivationSoftmax(), mask).getDouble(2), 0.0);
        assertEquals(0.0, loss.computeGradient(labels, logits.dup(), new ActivationSoftmax(), mask).getRow(2).norm1Number().doubleValue(), 0.0);
        assertThrows(IllegalStateException.class, () -> loss.computeScore(labels, logits, new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, true));
        assertThrows(IllegalArgumentException.class, () -> new AdditiveMarginLoss(-1));
    }

    @Test
    void aMarginClassifierKeepsUnitLengthClassWeightsAndRoundTripsThroughACheckpoint() {
        ModelSpec spec = TinySpecs.tinyNormalized();
        OptimizerSpec cosine = OptimizerSpec.ADAMW_COSINE.withLearningRate(1e-2);
        TowerClassifier classifier = TowerClassifier.create(spec, 4, 16, 0.35, cosine, 29);
        assertEquals(0.35, classifier.margin(), 1e-12);
        assertEquals(16.0, classifier.featureScale());
        assertEquals(0.0, TowerClassifier.create(spec, 4, 16, cosine, 29).margin(), "the L2-constrained softmax has no margin");
        classifier.planSchedule(20);
        INDArray images = TinySpecs.images(spec, 4, 130);
        INDArray labels = Nd4j.eye(4);
        org.nd4j.linalg.dataset.MultiDataSet data = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {images}, new INDArray[] {labels});
        double before = classifier.graph().score(data);
        for (int i = 0; i < 10; i++) classifier.graph().fit(data);
        double after = classifier.graph().score(data);
        assertTrue(after < before, "the loss falls: " + before + " -> " + after);
        // Each identity's weight vector (a column of the embedding x classes matrix) is unit length after the updates.
        INDArray w = classifier.graph().getParam(Names.weights(Names.CLASSES));
        INDArray norms = w.norm2(0);
        for (int j = 0; j < 4; j++) assertEquals(1.0, norms.getDouble(j), 1e-4, "class " + j);
        // The output is a softmax of 16 cos(theta): it does not depend on the labels.
        INDArray out = classifier.graph().outputSingle(images);
        assertEquals(4.0, out.sumNumber().doubleValue(), 1e-4);
        // A checkpoint keeps the loss, its margin and the constraint; training goes on identically.
        Path file = dir.resolve("pretrain.zip");
        ModelFile.write(file, classifier, Map.of());
        TowerClassifier read = ModelFile.readClassifier(file).classifier();
        assertEquals(0.35, read.margin(), 1e-12);
        assertEquals(classifier.graph().params(), read.graph().params());
        classifier.graph().fit(data);
        read.graph().fit(data);
        assertTrue(classifier.graph().params().equalsWithEps(read.graph().params(), 1e-6), "the same next update");
        assertEquals(0.35, classifier.withOptimizer(OptimizerSpec.DEFAULTS).margin(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TowerClassifier.create(spec, 4, 0, 0.35, cosine, 29), "a margin needs unit-length features");
    }
}
