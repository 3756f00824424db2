package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiameseModelTest {

    private final ModelSpec spec = TinySpecs.tiny();
    private final SiameseModel model = new SiameseModel(SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 21), Calibration.UNCALIBRATED);

    @Test
    void scoringCachedEmbeddingsMatchesTheFullGraph() {
        INDArray a = TinySpecs.images(spec, 3, 1);
        INDArray b = TinySpecs.images(spec, 3, 2);
        float[] graph = model.network().scorePairs(a, b).toFloatVector();
        List<Embedding> ea = model.embedAll(a);
        List<Embedding> eb = model.embedAll(b);
        for (int i = 0; i < 3; i++) {
            assertEquals(graph[i], model.score(ea.get(i), eb.get(i)), 1e-6);
        }
        double[] gallery = model.scores(ea.get(0), eb);
        for (int i = 0; i < 3; i++) assertEquals(model.score(ea.get(0), eb.get(i)), gallery[i], 0.0);
    }

    @Test
    void scoreIsSymmetricAndAnImageMatchesItselfBest() {
        INDArray a = TinySpecs.images(spec, 1, 3);
        INDArray b = TinySpecs.images(spec, 1, 4);
        assertEquals(model.score(a, b), model.score(b, a), 0.0);
        Embedding ea = model.embed(a);
        assertEquals(1.0 / (1.0 + Math.exp(-model.network().headBias())), model.score(ea, ea), 1e-12,
                "identical embeddings have zero L1 distance, so the score is sigmoid(bias)");
    }

    @Test
    void verifyUsesTheCalibratedThreshold() {
        INDArray a = TinySpecs.images(spec, 1, 5);
        INDArray b = TinySpecs.images(spec, 1, 6);
        double s = model.score(a, b);
        Calibration base = Calibration.UNCALIBRATED;
        assertTrue(model.withCalibration(base.withThreshold(Math.max(0, s - 1e-3))).verify(a, b));
        assertFalse(model.withCalibration(base.withThreshold(Math.min(1, s + 1e-3))).verify(a, b));
    }

    @Test
    void embedRefusesABatchAndMismatchedEmbeddings() {
        assertThrows(IllegalArgumentException.class, () -> model.embed(TinySpecs.images(spec, 2, 1)));
        Embedding short3 = new Embedding(new float[] {1, 2, 3});
        Embedding e = model.embed(TinySpecs.images(spec, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> model.score(short3, e));
    }
}
