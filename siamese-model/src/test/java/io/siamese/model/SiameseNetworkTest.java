package io.siamese.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiameseNetworkTest {

    private final ModelSpec spec = TinySpecs.tiny();

    @Test
    void kochPresetHasThePapersParameterCount() {
        ModelSpec koch = ModelSpec.koch(3).withBatchNorm(false);
        assertEquals(38_964_545L, koch.parameterCount());
        SiameseNetwork network = SiameseNetwork.create(koch, OptimizerSpec.DEFAULTS, 1);
        assertEquals(38_964_545L, network.graph().numParams());
        assertEquals(9216, koch.featureMapShape()[0] * koch.featureMapShape()[1] * koch.featureMapShape()[2]);
        // The preset normalises after each convolution: scale, shift, running mean and variance per channel.
        assertEquals(38_964_545L + 4 * (64 + 128 + 128 + 256), ModelSpec.koch(3).parameterCount());
    }

    @Test
    void everyPresetGraphAgreesWithItsComputedParameterCount() {
        for (String name : ModelSpec.PRESETS) {
            ModelSpec preset = ModelSpec.preset(name);
            assertEquals(preset.parameterCount(), SiameseNetwork.create(preset, OptimizerSpec.DEFAULTS, 1).graph().numParams(), name);
        }
    }

    @Test
    void theTowerHasOneSetOfWeightsForBothImages() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 7);
        Map<String, INDArray> params = network.graph().paramTable();
        assertEquals(1, params.keySet().stream().filter(k -> k.startsWith("conv1_W")).count());
        assertEquals(spec.parameterCount(), network.graph().numParams());
    }

    @Test
    void bothBranchesGiveTheSameEmbeddingForTheSameImage() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 7);
        INDArray a = TinySpecs.images(spec, 3, 1);
        INDArray b = TinySpecs.images(spec, 3, 2);
        ComputationGraph g = network.graph();
        Map<String, INDArray> ab = g.feedForward(new INDArray[] {a, b}, false);
        Map<String, INDArray> ba = g.feedForward(new INDArray[] {b, a}, false);
        // image a through the left branch equals image a through the right branch
        assertEquals(ab.get(Names.LEFT_EMBEDDING), ba.get(Names.RIGHT_EMBEDDING));
        assertEquals(ab.get(Names.RIGHT_EMBEDDING), ba.get(Names.LEFT_EMBEDDING));
        assertNotEquals(ab.get(Names.LEFT_EMBEDDING), ab.get(Names.RIGHT_EMBEDDING));
        // and the embedding-only graph computes the same function with the same weights
        assertTrue(network.embed(a).equalsWithEps(ab.get(Names.LEFT_EMBEDDING), 1e-6));
    }

    @Test
    void thePreActivationCacheLeavesGradientsUnchanged() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 13);
        assertEquals(CacheMode.DEVICE, network.graph().getConfiguration().getCacheMode(), "SiameseGraphs turns the cache on");
        // A graph built without the cache from the start: DL4J keeps a stale cached array when the mode changes later.
        ComputationGraphConfiguration withoutCache = SiameseGraphs.siamese(spec, OptimizerSpec.DEFAULTS, 13, DataType.FLOAT);
        withoutCache.setCacheMode(CacheMode.NONE);
        ComputationGraph uncached = new ComputationGraph(withoutCache);
        uncached.init();
        assertEquals(network.graph().params(), uncached.params());
        INDArray[] inputs = {TinySpecs.images(spec, 4, 14), TinySpecs.images(spec, 4, 15)};
        INDArray labels = Nd4j.createFromArray(new float[][] {{1}, {0}, {0}, {1}});
        INDArray cached = gradient(network.graph(), inputs, labels);
        INDArray recomputed = gradient(uncached, inputs, labels);
        assertTrue(cached.amaxNumber().doubleValue() > 0);
        assertTrue(cached.equalsWithEps(recomputed, 1e-6), "the cached pre-activations must give the recomputed gradients");
    }

    private static INDArray gradient(ComputationGraph graph, INDArray[] inputs, INDArray labels) {
        graph.setInputs(inputs);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        return graph.gradient().gradient().dup();
    }

    @Test
    void scoreIsSymmetric() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 7);
        INDArray a = TinySpecs.images(spec, 4, 3);
        INDArray b = TinySpecs.images(spec, 4, 4);
        assertArrayEquals(network.scorePairs(a, b).toFloatVector(), network.scorePairs(b, a).toFloatVector(), 0f);
    }

    @Test
    void l1VertexIsZeroForIdenticalInputs() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 7);
        INDArray a = TinySpecs.images(spec, 2, 5);
        INDArray distance = network.graph().feedForward(new INDArray[] {a, a.dup()}, false).get(Names.DISTANCE);
        // Exactly zero on the plain path; the oneDNN build may differ by rounding between two rows of one batch.
        assertEquals(0.0, distance.amaxNumber().doubleValue(), 1e-6);
        INDArray other = network.graph().feedForward(new INDArray[] {a, TinySpecs.images(spec, 2, 6)}, false).get(Names.DISTANCE);
        assertTrue(other.amaxNumber().doubleValue() > 0);
    }

    @Test
    void unequalLeftAndRightBatchesAreRefused() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 7);
        INDArray two = TinySpecs.images(spec, 2, 1);
        INDArray three = TinySpecs.images(spec, 3, 2);
        assertThrows(IllegalArgumentException.class, () -> network.scorePairs(two, three));
        Exception e = assertThrows(Exception.class, () -> network.graph().output(two, three));
        assertTrue(String.valueOf(e.getMessage()).contains("same size") || String.valueOf(e.getCause()).contains("same size"), e.toString());
    }

    @Test
    void wrongImageShapeIsRefusedWithTheExpectedShape() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> network.embed(Nd4j.rand(1, 3, 12, 12)));
        assertTrue(e.getMessage().contains("[N, 1, 12, 12]"), e.getMessage());
    }

    @Test
    void theEmbeddingGraphFollowsTrainingWithoutCopies() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS.withLearningRate(1e-2), 7);
        INDArray a = TinySpecs.images(spec, 4, 8);
        INDArray before = network.embed(a).dup();
        network.graph().fit(new INDArray[] {a, TinySpecs.images(spec, 4, 9)}, new INDArray[] {Nd4j.ones(4, 1)});
        INDArray after = network.embed(a);
        assertFalse(before.equalsWithEps(after, 1e-7), "training changed the tower, so the embedding must change");
        INDArray viaSiamese = network.graph().feedForward(new INDArray[] {a, a}, false).get(Names.LEFT_EMBEDDING);
        assertTrue(after.equalsWithEps(viaSiamese, 1e-6));
    }

    @Test
    void aSingleImageEmbedsLikeTheEmbeddingGraph() {
        // The tiny tower ends in a convolution; the second spec ends in a pooling vertex and has 3 channels.
        ModelSpec endsInPooling = new ModelSpec("pooled", 15, 15, 3, List.of(new ConvSpec(5, 3, true), new ConvSpec(7, 2, true)), 6);
        for (ModelSpec s : List.of(spec, endsInPooling)) {
            SiameseNetwork network = SiameseNetwork.create(s, OptimizerSpec.DEFAULTS.withLearningRate(1e-2), 17);
            for (int step = 0; step < 2; step++) {
                INDArray image = TinySpecs.images(s, 1, 20 + step);
                INDArray viaGraph = network.embeddingGraph().outputSingle(false, image);
                INDArray single = network.embed(image);
                assertArrayEquals(new long[] {1, s.embeddingSize()}, single.shape());
                assertTrue(single.equalsWithEps(viaGraph, 1e-5), s.preset() + ": " + single + " vs " + viaGraph);
                // Train once: the matrix-vector path reads the live parameters, like the graph.
                network.graph().fit(new INDArray[] {TinySpecs.images(s, 2, 30), TinySpecs.images(s, 2, 31)}, new INDArray[] {Nd4j.ones(2, 1)});
            }
            assertEquals(network.towerParameterCount() - network.graph().getLayer(Names.EMBEDDING).numParams(), network.featureGraph().numParams());
        }
    }

    @Test
    void theKochEmbeddingOfOneImageMatchesTheGraph() {
        SiameseNetwork network = SiameseNetwork.create(ModelSpec.koch(3), OptimizerSpec.DEFAULTS, 4);
        INDArray image = TinySpecs.images(network.spec(), 1, 5);
        INDArray single = network.embed(image);
        INDArray viaGraph = network.embeddingGraph().outputSingle(false, image);
        double difference = single.sub(viaGraph).amaxNumber().doubleValue();
        assertTrue(difference < 1e-5, "the matrix-vector embedding differs from the graph's by " + difference);
        assertTrue(viaGraph.stdNumber().doubleValue() > 1e-3, "a constant embedding would prove nothing");
    }

    @Test
    void sameSeedGivesSameWeights() {
        assertEquals(SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 3).graph().params(),
                SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 3).graph().params());
        assertNotEquals(SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 3).graph().params(),
                SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 4).graph().params());
    }
}
