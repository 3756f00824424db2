package io.siamese.model;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class L1DistanceVertexTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @org.junit.jupiter.api.AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static ComputationGraph denseSiamese() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12).dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder()
                .addInputs("a", "b").setInputTypes(InputType.feedForward(4), InputType.feedForward(4))
                .addVertex("stack", new StackVertex(), "a", "b")
                .addLayer("tower", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).weightInit(WeightInit.XAVIER).build(), "stack")
                .addVertex("ua", new UnstackVertex(0, 2), "tower")
                .addVertex("ub", new UnstackVertex(1, 2), "tower")
                .addVertex("l1", new L1DistanceVertex(), "ua", "ub")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build(), "l1")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void forwardIsTheElementWiseAbsoluteDifference() {
        ComputationGraph g = denseSiamese();
        INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 3, 4);
        var acts = g.feedForward(new INDArray[] {a, b}, false);
        INDArray expected = Nd4j.math().abs(acts.get("ua").sub(acts.get("ub")));
        assertTrue(expected.equalsWithEps(acts.get("l1"), 1e-12));
    }

    @Test
    void gradientsMatchFiniteDifferencesInDoublePrecision() {
        ComputationGraph g = denseSiamese();
        INDArray a = Nd4j.rand(DataType.DOUBLE, 6, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 6, 4);
        INDArray labels = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {0}, {1}, {0}});
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {a, b}).labels(new INDArray[] {labels})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "gradient check of the L1 vertex failed");
    }

    @Test
    void theWholeConvolutionalSiameseGraphPassesAGradientCheck() {
        ModelSpec spec = TinySpecs.tiny();
        ComputationGraphConfiguration conf = SiameseGraphs.siamese(spec, new NoOp(), 0, 5, DataType.DOUBLE);
        // The gradient check scores the graph thousands of times in training mode, where the pre-activation cache
        // costs more than it saves (measured: 106 s instead of 11 s). SiameseNetworkTest checks that the cache
        // leaves the gradients unchanged.
        conf.setCacheMode(CacheMode.NONE);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        INDArray a = TinySpecs.images(spec, 3, 1, DataType.DOUBLE);
        INDArray b = TinySpecs.images(spec, 3, 2, DataType.DOUBLE);
        INDArray labels = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}});
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {a, b}).labels(new INDArray[] {labels})
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
        assertTrue(ok, "gradient check of the Siamese graph failed");
    }

    @Test
    void theVertexSurvivesAConfigurationJsonRoundTrip() {
        ComputationGraph g = denseSiamese();
        String json = g.getConfiguration().toJson();
        assertTrue(json.contains(L1DistanceVertex.class.getName()));
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(g.getConfiguration(), back);
    }
}
