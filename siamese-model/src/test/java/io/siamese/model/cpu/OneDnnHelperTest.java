package io.siamese.model.cpu;

import io.siamese.model.ConvSpec;
import io.siamese.model.LegacyGraphs;
import io.siamese.model.MaxPoolingVertexTest;
import io.siamese.model.ModelSpec;
import io.siamese.model.Names;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.nativeblas.Nd4jCpu;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oneDNN helper path against DL4J's plain path, in one JVM: both graphs come from {@code SiameseGraphs} with the
 * same seed, one built with the helpers and one with them disabled. Runs where {@link CpuAcceleration#configure()}
 * (called by {@link ConfigureAccelerationListener}) switched oneDNN on, that is on an AVX2 CPU with this module's
 * test classpath; skipped elsewhere and with {@code SIAMESE_ACCELERATION=off}.
 */
class OneDnnHelperTest {

    /** Three convolutions, two poolings, 3 channels: every helper kind the Koch tower uses, at 24x24. */
    private final ModelSpec spec = new ModelSpec("helper-check", 24, 24, 3,
            List.of(new ConvSpec(8, 5, true), new ConvSpec(16, 3, true), new ConvSpec(16, 3, false)), 32);

    @BeforeEach
    void onlyWhereOneDnnIsOn() {
        CpuAcceleration.Decision decision = CpuAcceleration.configured();
        assumeTrue(decision != null && decision.accelerated(), "oneDNN is not in use in this JVM: " + (decision == null ? "not configured" : decision.reason()));
    }

    private static <T> T withHelpersDisabled(Supplier<T> build) {
        String previous = System.getProperty(CpuAcceleration.HELPERS_DISABLED_PROPERTY);
        System.setProperty(CpuAcceleration.HELPERS_DISABLED_PROPERTY, "true");
        try {
            return build.get();
        } finally {
            System.setProperty(CpuAcceleration.HELPERS_DISABLED_PROPERTY, previous);
        }
    }

    private SiameseNetwork helperNetwork() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 5);
        network.embeddingGraph();
        return network;
    }

    private SiameseNetwork plainNetwork() {
        return withHelpersDisabled(() -> {
            SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 5);
            network.embeddingGraph();
            return network;
        });
    }

    private INDArray images(int n, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.rand(rng, n, spec.channels(), spec.height(), spec.width());
    }

    @Test
    void theShimMakesDl4jsOwnCheckAnswerYes() {
        assertTrue(Nd4jCpu.Environment.getInstance().isOneDnnBuild(), "the loaded nd4j-native must be a oneDNN build");
        assertTrue(Nd4jCpu.Environment.getInstance().isUseMKLDNN());
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J's own check must find the shim");
        assertNotNull(getClass().getClassLoader().getResource(CpuAcceleration.configured().binary().nativeLibraryResource()),
                "the resource that proves the jar is present must exist inside the real jar");
    }

    @Test
    void verifyFindsTheHelpersOnEveryConvolutionAndPoolingLayer() {
        CpuAcceleration.Report accelerated = CpuAcceleration.verify(helperNetwork().graph());
        assertTrue(accelerated.accelerated(), accelerated.describe());
        assertEquals(3, accelerated.convolutionLayers());
        assertEquals(3, accelerated.convolutionHelpers());
        assertEquals(0, accelerated.poolingLayers(), "the tower pools in vertices, which never use oneDNN");
        assertEquals(2, accelerated.poolingVertices());
        assertTrue(accelerated.nativeBuild().contains("onednn"), accelerated.nativeBuild());
        assertTrue(CpuAcceleration.verify(helperNetwork().embeddingGraph()).accelerated(), "the embedding graph gets helpers too");

        CpuAcceleration.Report plain = CpuAcceleration.verify(plainNetwork().graph());
        assertFalse(plain.accelerated(), plain.describe());
        assertEquals(0, plain.convolutionHelpers());
        assertEquals(0, plain.poolingHelpers());
        assertEquals(2, plain.poolingVertices());
    }

    @Test
    void thePoolingVertexEqualsDl4jsPoolingLayerWithAndWithoutItsOneDnnHelper() {
        SiameseNetwork network = helperNetwork();
        ComputationGraph withHelper = legacyGraph();
        ComputationGraph withoutHelper = withHelpersDisabled(this::legacyGraph);
        assertEquals(2, CpuAcceleration.verify(withHelper).poolingHelpers(), "DL4J's layer runs oneDNN pooling here");
        assertEquals(0, CpuAcceleration.verify(withoutHelper).poolingHelpers());
        withHelper.setParams(network.graph().params());
        MaxPoolingVertexTest.assertSameFunction(withHelper, network.graph(), spec, 1e-6);
        // Without helpers DL4J's convolutions also leave oneDNN (im2col and gemm in backprop), which moves the
        // gradients by rounding (measured: at most 1.2e-5 relative); the pooled maps must still be equal to the bit.
        withoutHelper.setParams(network.graph().params());
        MaxPoolingVertexTest.assertSameFunction(withoutHelper, network.graph(), spec, 1e-4);
    }

    private ComputationGraph legacyGraph() {
        ComputationGraph graph = new ComputationGraph(LegacyGraphs.siameseWithPoolingLayers(spec, new Adam(1e-4), 5, DataType.FLOAT));
        graph.init();
        return graph;
    }

    @Test
    void helperAndPlainPathsGiveTheSameOutputs() {
        SiameseNetwork helper = helperNetwork();
        SiameseNetwork plain = plainNetwork();
        assertEquals(plain.graph().params(), helper.graph().params(), "the same seed must give the same weights");
        INDArray left = images(5, 1);
        INDArray right = images(5, 2);
        INDArray helperScores = helper.scorePairs(left, right);
        INDArray plainScores = plain.scorePairs(left, right);
        assertTrue(maxAbsDifference(helperScores, plainScores) < 1e-5, "scores differ by " + maxAbsDifference(helperScores, plainScores));
        INDArray helperEmbeddings = helper.embed(left);
        INDArray plainEmbeddings = plain.embed(left);
        assertTrue(maxAbsDifference(helperEmbeddings, plainEmbeddings) < 1e-5, "embeddings differ by " + maxAbsDifference(helperEmbeddings, plainEmbeddings));
    }

    @Test
    void helperAndPlainPathsGiveTheSameGradients() {
        INDArray left = images(4, 3);
        INDArray right = images(4, 4);
        INDArray labels = Nd4j.createFromArray(new float[][] {{1}, {0}, {0}, {1}});
        ComputationGraph plain = plainNetwork().graph();
        MaxPoolingVertexTest.assertSameGradients(plain, helperNetwork().graph(), left, right, labels, 1e-3);
        assertTrue(plain.paramTable().containsKey(Names.weights(Names.conv(1))));
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
