package io.siamese.model;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class MaxPoolingVertexTest {

    /**
     * 13x13 grayscale: conv 4@2x2 gives 12x12 maps, pooling 6x6; conv 6@2x2 gives 5x5 maps, whose last row and column
     * the second pooling drops (Truncate). Both poolings run in the vertex.
     */
    private final ModelSpec oddSpec = new ModelSpec("odd", 13, 13, 1,
            List.of(new ConvSpec(4, 2, true), new ConvSpec(6, 2, true), new ConvSpec(5, 2, false)), 7);

    /** conv 3@2x2 (identity) on 11x11x2, then a 3x3 stride-2 pooling vertex (overlapping windows, last row dropped). */
    private static ComputationGraph overlappingPoolingGraph(DataType dataType) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(21).dataType(dataType).updater(new NoOp()).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(11, 11, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(3).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), "in")
                .addVertex("pool", new MaxPoolingVertex(3, 2), "conv")
                .addLayer("dense", new DenseLayer.Builder().nOut(4).activation(Activation.TANH).weightInit(WeightInit.XAVIER).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static INDArray uniform(long seed, DataType dataType, long... shape) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.rand(rng, shape).castTo(dataType);
    }

    @Test
    void forwardIsTheMaximumOfEachWindow() {
        ComputationGraph graph = overlappingPoolingGraph(DataType.FLOAT);
        Map<String, INDArray> activations = graph.feedForward(uniform(3, DataType.FLOAT, 2, 2, 11, 11), false);
        INDArray maps = activations.get("conv");
        INDArray pooled = activations.get("pool");
        assertEquals(List.of(2L, 3L, 4L, 4L), List.of(pooled.size(0), pooled.size(1), pooled.size(2), pooled.size(3)));
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int dy = 0; dy < 3; dy++) {
                            for (int dx = 0; dx < 3; dx++) max = Math.max(max, maps.getDouble(n, c, 2 * y + dy, 2 * x + dx));
                        }
                        assertEquals(max, pooled.getDouble(n, c, y, x), 0.0, "window " + n + "," + c + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void overlappingWindowsPassAGradientCheckInDoublePrecision() {
        DataType previous = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph graph = overlappingPoolingGraph(DataType.DOUBLE);
            INDArray input = uniform(4, DataType.DOUBLE, 3, 2, 11, 11);
            INDArray labels = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}});
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[] {input}).labels(new INDArray[] {labels})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
            assertTrue(ok, "gradient check of the max-pooling vertex failed");
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    @Test
    void theSiameseGraphPoolsInVerticesWithTheSameNamesAndParameterCount() {
        SiameseNetwork network = SiameseNetwork.create(oddSpec, OptimizerSpec.DEFAULTS, 2);
        for (int i = 1; i <= 2; i++) {
            assertInstanceOf(MaxPoolingVertexImpl.class, network.graph().getVertex(Names.pool(i)));
            assertInstanceOf(MaxPoolingVertexImpl.class, network.embeddingGraph().getVertex(Names.pool(i)));
        }
        assertEquals(oddSpec.parameterCount(), network.graph().numParams());
        ComputationGraph legacy = new ComputationGraph(LegacyGraphs.siameseWithPoolingLayers(oddSpec, SiameseGraphs.updater(OptimizerSpec.DEFAULTS), 2, DataType.FLOAT));
        legacy.init();
        assertEquals(legacy.numParams(), network.graph().numParams());
        assertEquals(legacy.paramTable().keySet(), network.graph().paramTable().keySet());
    }

    @Test
    void outputsAndGradientsEqualThoseOfDl4jsPoolingLayer() {
        SiameseNetwork network = SiameseNetwork.create(oddSpec, OptimizerSpec.DEFAULTS, 9);
        ComputationGraph legacy = new ComputationGraph(LegacyGraphs.siameseWithPoolingLayers(oddSpec, SiameseGraphs.updater(OptimizerSpec.DEFAULTS), 9, DataType.FLOAT));
        legacy.init();
        legacy.setParams(network.graph().params());
        assertSameFunction(legacy, network.graph(), oddSpec, 1e-6);
    }

    /**
     * Equal activations at every vertex (pooled maps equal to the bit, the rest within 1e-6) and parameter gradients
     * within {@code relativeGradientTolerance} (in L2 norm, per parameter) for one random batch.
     */
    public static void assertSameFunction(ComputationGraph expected, ComputationGraph actual, ModelSpec spec, double relativeGradientTolerance) {
        INDArray left = TinySpecs.images(spec, 4, 31);
        INDArray right = TinySpecs.images(spec, 4, 32);
        Map<String, INDArray> expectedActivations = expected.feedForward(new INDArray[] {left, right}, false);
        Map<String, INDArray> actualActivations = actual.feedForward(new INDArray[] {left, right}, false);
        assertEquals(expectedActivations.keySet(), actualActivations.keySet());
        for (String name : expectedActivations.keySet()) {
            if (name.startsWith("pool")) {
                // The maximum of a window is one of its elements, so the pooled maps must be equal to the bit.
                assertEquals(expectedActivations.get(name), actualActivations.get(name), name);
            } else {
                assertTrue(expectedActivations.get(name).equalsWithEps(actualActivations.get(name), 1e-6), name);
            }
        }
        INDArray labels = Nd4j.createFromArray(new float[][] {{1}, {0}, {0}, {1}});
        assertSameGradients(expected, actual, left, right, labels, relativeGradientTolerance);
    }

    /** Parameter gradients of one batch within {@code relativeTolerance} of each other (in L2 norm, per parameter). */
    public static void assertSameGradients(ComputationGraph expected, ComputationGraph actual, INDArray left, INDArray right,
                                           INDArray labels, double relativeTolerance) {
        Map<String, INDArray> expectedGradients = gradients(expected, left, right, labels);
        Map<String, INDArray> actualGradients = gradients(actual, left, right, labels);
        assertEquals(expectedGradients.keySet(), actualGradients.keySet());
        for (String key : expectedGradients.keySet()) {
            double scale = expectedGradients.get(key).norm2Number().doubleValue();
            double difference = actualGradients.get(key).sub(expectedGradients.get(key)).norm2Number().doubleValue();
            assertTrue(scale > 0, key + " has a zero gradient, so the comparison would prove nothing");
            assertTrue(difference <= relativeTolerance * scale, key + ": relative gradient difference " + difference / scale);
        }
    }

    /** Parameter gradients of one forward and backward pass, copied out of DL4J's reused gradient view. */
    static Map<String, INDArray> gradients(ComputationGraph graph, INDArray left, INDArray right, INDArray labels) {
        graph.setInputs(left, right);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        Map<String, INDArray> copy = new TreeMap<>();
        graph.gradient().gradientForVariable().forEach((key, value) -> copy.put(key, value.dup()));
        return copy;
    }

    @Test
    void theVertexSurvivesAConfigurationJsonRoundTrip() {
        ComputationGraphConfiguration conf = SiameseGraphs.siamese(oddSpec, OptimizerSpec.DEFAULTS, 1, DataType.FLOAT);
        String json = conf.toJson();
        assertTrue(json.contains(MaxPoolingVertex.class.getName()), "the vertex is written under its class name");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(new MaxPoolingVertex(2, 2), back.getVertices().get(Names.pool(1)));

        String overlapping = overlappingPoolingGraph(DataType.FLOAT).getConfiguration().toJson();
        assertEquals(new MaxPoolingVertex(3, 2), ComputationGraphConfiguration.fromJson(overlapping).getVertices().get("pool"),
                "kernel size and stride are kept");
    }

    @Test
    void aModelSavedWithPoolingLayersLoadsWithTheVerticesAndComputesTheSame() {
        ComputationGraph legacy = new ComputationGraph(LegacyGraphs.siameseWithPoolingLayers(oddSpec, SiameseGraphs.updater(OptimizerSpec.DEFAULTS), 5, DataType.FLOAT));
        legacy.init();
        legacy.fit(new INDArray[] {TinySpecs.images(oddSpec, 4, 1), TinySpecs.images(oddSpec, 4, 2)},
                new INDArray[] {Nd4j.createFromArray(new float[][] {{1}, {0}, {0}, {1}})});
        ComputationGraphConfiguration saved = ComputationGraphConfiguration.fromJson(legacy.getConfiguration().toJson());
        assertInstanceOf(LayerVertex.class, saved.getVertices().get(Names.pool(1)), "the saved configuration has pooling layers");

        SiameseNetwork restored = SiameseNetwork.restore(oddSpec, OptimizerSpec.DEFAULTS, 5, saved, legacy.params().dup());
        for (int i = 1; i <= 2; i++) assertInstanceOf(MaxPoolingVertexImpl.class, restored.graph().getVertex(Names.pool(i)));
        assertEquals(legacy.params(), restored.graph().params());
        restored.graph().getUpdater().setStateViewArray(legacy.getUpdater().getStateViewArray().dup());
        assertEquals(legacy.getConfiguration().getIterationCount(), restored.graph().getConfiguration().getIterationCount());
        assertSameFunction(legacy, restored.graph(), oddSpec, 1e-6);
    }

    @Test
    void onlyPoolingLayersTheVertexComputesExactlyAreReplaced() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(12, 12, 1))
                .addLayer("max", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).build(), "in")
                .addLayer("average", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).build(), "max")
                .addLayer("padded", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(1, 1).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).build(), "average")
                .addLayer("same", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same).build(), "padded")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build(), "same")
                .setOutputs("out").build();
        List<String> order = List.copyOf(conf.getVertices().keySet());
        assertEquals(List.of("max"), SiameseGraphs.withPoolingVertices(conf));
        assertEquals(new MaxPoolingVertex(2, 2), conf.getVertices().get("max"));
        for (String kept : List.of("average", "padded", "same")) assertInstanceOf(LayerVertex.class, conf.getVertices().get(kept), kept);
        assertEquals(order, List.copyOf(conf.getVertices().keySet()), "DL4J's topological order follows the map's order");
    }

    @Test
    void outputTypesFollowTruncateModeAndBadInputsAreRefused() {
        MaxPoolingVertex pool = new MaxPoolingVertex(2, 2);
        assertEquals(InputType.convolutional(48, 48, 64), pool.getOutputType(0, InputType.convolutional(96, 96, 64)));
        assertEquals(InputType.convolutional(2, 2, 256), pool.getOutputType(0, InputType.convolutional(5, 5, 256)));
        assertThrows(InvalidInputTypeException.class, () -> pool.getOutputType(0, InputType.convolutional(1, 4, 3)));
        assertThrows(InvalidInputTypeException.class, () -> pool.getOutputType(0, InputType.convolutional(8, 8, 3, CNN2DFormat.NHWC)));
        assertThrows(InvalidInputTypeException.class, () -> pool.getOutputType(0, InputType.feedForward(16)));
        assertThrows(IllegalArgumentException.class, () -> new MaxPoolingVertex(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new MaxPoolingVertex(2, 0));
    }
}
