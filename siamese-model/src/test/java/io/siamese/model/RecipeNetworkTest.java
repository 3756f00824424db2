package io.siamese.model;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.learning.regularization.Regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch normalisation, unit-length embeddings, mirror averaging, the cosine schedule and the pretraining classifier. */
class RecipeNetworkTest {

    @TempDir
    Path dir;

    private final ModelSpec spec = TinySpecs.tinyNormalized();
    private final OptimizerSpec cosine = OptimizerSpec.ADAMW_COSINE.withLearningRate(1e-2);

    private static void fitPairs(SiameseNetwork network, int steps, long seed) {
        ModelSpec s = network.spec();
        for (int i = 0; i < steps; i++) {
            network.graph().fit(new INDArray[] {TinySpecs.images(s, 4, seed + i), TinySpecs.images(s, 4, seed + 100 + i)},
                    new INDArray[] {Nd4j.createFromArray(new float[][] {{1}, {0}, {1}, {0}})});
        }
    }

    @Test
    void everyPresetNormalisesItsTowerAndTheFacePresetIsAboutOneMillionParameters() {
        for (String name : ModelSpec.PRESETS) assertTrue(ModelSpec.preset(name).batchNorm(), name);
        ModelSpec face = ModelSpec.face();
        assertEquals(EmbeddingKind.NORMALIZED, face.embeddingKind());
        assertEquals(128, face.embeddingSize());
        assertTrue(face.parameterCount() > 500_000 && face.parameterCount() < 1_500_000, "face preset: " + face.parameterCount());
        SiameseNetwork network = SiameseNetwork.create(face, OptimizerSpec.DEFAULTS, 1);
        assertEquals(face.parameterCount(), network.graph().numParams());
        long batchNormLayers = network.graph().getConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization)
                .count();
        assertEquals(face.convolutions().size(), batchNormLayers);
    }

    @Test
    void embeddingsHaveUnitLengthAndAreTheMeanOfTheImageAndItsMirror() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 3);
        fitPairs(network, 3, 10);
        INDArray images = TinySpecs.images(spec, 5, 20);
        INDArray embeddings = network.embed(images);
        INDArray norms = embeddings.norm2(1);
        for (int i = 0; i < 5; i++) assertEquals(1.0, norms.getDouble(i), 1e-5);
        // A mirrored image has the same embedding: the average is symmetric.
        INDArray mirrored = Nd4j.exec(new Reverse(images, 3))[0];
        assertTrue(embeddings.equalsWithEps(network.embed(mirrored), 1e-5));
        // Without averaging, the two differ (the tower itself is not symmetric).
        SiameseNetwork plain = ModelFileRoundTrip.copyWithSpec(network, spec.withTestTimeFlip(false), dir);
        assertFalse(plain.embed(images).equalsWithEps(plain.embed(mirrored), 1e-3));
        // One image alone takes the matrix-vector path; it must agree with the batched path.
        INDArray one = images.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        assertTrue(network.embed(one).equalsWithEps(embeddings.getRow(0).reshape(1, spec.embeddingSize()), 1e-5));
    }

    @Test
    void inferenceUsesRunningStatisticsSoAnEmbeddingDoesNotDependOnItsBatch() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 5);
        fitPairs(network, 4, 30);
        INDArray a = TinySpecs.images(spec, 3, 40);
        INDArray b = TinySpecs.images(spec, 3, 41);
        INDArray aWithA = network.embed(a);
        INDArray aWithB = network.embed(Nd4j.concat(0, a, b)).get(NDArrayIndex.interval(0, 3), NDArrayIndex.all());
        assertTrue(aWithA.equalsWithEps(aWithB, 1e-5));
        // Training moved the running mean away from its initial zeros.
        assertNotEquals(0.0, network.graph().getParam(Names.batchNorm(1) + "_mean").amaxNumber().doubleValue());
    }

    @Test
    void theSiameseBranchesAndTheEmbeddingGraphAgree() {
        SiameseNetwork network = SiameseNetwork.create(spec.withTestTimeFlip(false), OptimizerSpec.DEFAULTS, 7);
        fitPairs(network, 2, 50);
        INDArray a = TinySpecs.images(spec, 4, 60);
        INDArray b = TinySpecs.images(spec, 4, 61);
        Map<String, INDArray> activations = network.graph().feedForward(new INDArray[] {a, b}, false);
        assertTrue(network.embed(a).equalsWithEps(activations.get(Names.LEFT_EMBEDDING), 1e-5));
        assertTrue(network.embed(b).equalsWithEps(activations.get(Names.RIGHT_EMBEDDING), 1e-5));
    }

    @Test
    void aBatchNormalisedNetworkSavesLoadsAndResumesExactly() {
        SiameseNetwork original = SiameseNetwork.create(spec, cosine, 9);
        original.planSchedule(40);
        fitPairs(original, 5, 70);
        Path file = dir.resolve("bn.zip");
        ModelFile.write(file, original, Calibration.UNCALIBRATED, Map.of());
        SiameseNetwork loaded = ModelFile.read(file).network();
        INDArray a = TinySpecs.images(spec, 5, 80);
        INDArray b = TinySpecs.images(spec, 5, 81);
        assertEquals(original.scorePairs(a, b), loaded.scorePairs(a, b));
        assertEquals(original.embed(a), loaded.embed(a));
        assertEquals(original.graph().getConfiguration().getIterationCount(), loaded.graph().getConfiguration().getIterationCount());
        assertEquals(original.currentLearningRate(), loaded.currentLearningRate());
        // Both continue identically: parameters, running statistics, optimizer state and the schedule's position.
        fitPairs(original, 3, 90);
        fitPairs(loaded, 3, 90);
        assertEquals(original.graph().params(), loaded.graph().params());
        assertEquals(original.graph().getUpdater().getStateViewArray(), loaded.graph().getUpdater().getStateViewArray());
    }

    @Test
    void theCosineScheduleWarmsUpPeaksAndDecaysToItsFinalRate() {
        double peak = 0.01;
        long planned = 100;
        assertEquals(peak / 5, cosine.learningRateAt(0, planned), 1e-12, "5 warm-up updates: the first at a fifth");
        assertEquals(peak, cosine.learningRateAt(4, planned), 1e-12);
        assertEquals(peak, cosine.learningRateAt(5, planned), 1e-12, "the cosine starts at the peak");
        assertEquals(peak * (0.01 + 0.99 * 0.5), cosine.learningRateAt(5 + 95 / 2, planned), peak * 0.02);
        assertEquals(peak * 0.01, cosine.learningRateAt(100, planned), 1e-12);
        assertEquals(peak * 0.01, cosine.learningRateAt(1000, planned), 1e-12, "beyond the plan the final rate stays");
        assertEquals(peak, cosine.learningRateAt(50, 0), 0, "unplanned: the peak");
        assertEquals(peak, OptimizerSpec.DEFAULTS.withLearningRate(peak).learningRateAt(50, 100), 0, "constant");
        // A warm-up capped at 2 updates: full rate from the third, whatever the plan.
        assertEquals(peak / 2, cosine.learningRateAt(0, 10_000, 2), 1e-12);
        assertEquals(peak, cosine.learningRateAt(2, 10_000, 2), 1e-9);
    }

    @Test
    void thePlannedScheduleDrivesTheGraphsLearningRate() {
        SiameseNetwork network = SiameseNetwork.create(spec, cosine, 11);
        network.planSchedule(20);
        assertEquals(cosine.learningRateAt(0, 20), network.currentLearningRate(), 1e-12);
        fitPairs(network, 7, 100);
        assertEquals(cosine.learningRateAt(7, 20), network.currentLearningRate(), 1e-12);
        // Every layer holds the same plan (DL4J gives each layer its own copy of the updater).
        for (org.deeplearning4j.nn.api.Layer layer : network.graph().getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer base && base.getIUpdater() instanceof Adam adam) {
                assertEquals(20, ((WarmupCosineSchedule) adam.getLearningRateSchedule()).getPlannedIterations(), layer.getConfig().getLayerName());
            }
        }
    }

    @Test
    void weightDecayIsDecoupledAndLeavesBatchNormalisationAlone() {
        ComputationGraph graph = SiameseNetwork.create(spec, cosine, 13).graph();
        BaseLayer conv = (BaseLayer) graph.getLayer(Names.conv(1)).conf().getLayer();
        assertInstanceOf(WeightDecay.class, conv.getRegularization().get(0));
        assertEquals(cosine.weightDecay(), ((WeightDecay) conv.getRegularization().get(0)).getCoeff().valueAt(0, 0), 1e-12);
        BaseLayer norm = (BaseLayer) graph.getLayer(Names.batchNorm(1)).conf().getLayer();
        for (String param : new String[] {"gamma", "beta", "mean", "var"}) {
            List<Regularization> r = norm.getRegularizationByParam(param);
            assertTrue(r == null || r.isEmpty(), "batch-norm parameter " + param + " is not decayed");
        }
    }

    @Test
    void aPretrainedClassifiersTowerBecomesTheSiameseTower() {
        TowerClassifier classifier = TowerClassifier.create(spec, 5, cosine, 17);
        INDArray images = TinySpecs.images(spec, 6, 110);
        INDArray labels = Nd4j.zeros(6, 5);
        for (int i = 0; i < 6; i++) labels.putScalar(i, i % 5, 1);
        for (int i = 0; i < 4; i++) classifier.graph().fit(new INDArray[] {images}, new INDArray[] {labels});
        SiameseNetwork siamese = classifier.toSiamese(OptimizerSpec.DEFAULTS, 19);
        // The classifier's embedding layer output, scaled to unit length, is the Siamese embedding (mirror averaging off).
        SiameseNetwork noFlip = ModelFileRoundTrip.copyWithSpec(siamese, spec.withTestTimeFlip(false), dir);
        INDArray dense = classifier.graph().feedForward(new INDArray[] {images}, false).get(Names.EMBEDDING);
        INDArray unit = dense.divColumnVector(dense.norm2(1).reshape(6, 1));
        assertTrue(unit.equalsWithEps(noFlip.embed(images), 1e-5));
        // The head is the Siamese network's own, fresh.
        assertEquals(SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 19).graph().getParam(Names.weights(Names.SCORE)),
                siamese.graph().getParam(Names.weights(Names.SCORE)));
    }

    @Test
    void aTrainedTowerStartsANewClassifierAndANewSiameseNetwork() {
        // A source network with a trained tower (batch-norm statistics moved away from 0 and 1).
        SiameseNetwork source = SiameseNetwork.create(spec, cosine, 41);
        fitPairs(source, 5, 500);
        INDArray images = TinySpecs.images(spec, 5, 140);
        INDArray expected = source.embed(images);

        SiameseNetwork fresh = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 43);
        assertFalse(expected.equalsWithEps(fresh.embed(images), 1e-3), "a fresh network embeds differently");
        INDArray head = fresh.graph().getParam(Names.weights(Names.SCORE)).dup();
        fresh.startFrom(source);
        assertTrue(expected.equalsWithEps(fresh.embed(images), 1e-5), "the same tower gives the same embedding");
        assertEquals(head, fresh.graph().getParam(Names.weights(Names.SCORE)), "the head stays the new network's own");

        // Into a classifier, then back: the embedding survives both copies.
        TowerClassifier classifier = TowerClassifier.create(spec, 3, 16, cosine, 47).startFrom(source);
        assertTrue(expected.equalsWithEps(classifier.toSiamese(OptimizerSpec.DEFAULTS, 49).embed(images), 1e-5));
    }

    @Test
    void frozenBlocksKeepTheirWeightsWhileTheRestOfTheTowerTrains() {
        OptimizerSpec frozen = cosine.withFrozenBlocks(1);
        SiameseNetwork network = SiameseNetwork.create(spec, frozen, 53);
        network.planSchedule(10);
        Map<String, INDArray> before = parameters(network.graph());
        fitPairs(network, 4, 600);
        Map<String, INDArray> after = parameters(network.graph());
        for (String p : new String[] {Names.conv(1) + "_W", Names.conv(1) + "_b", Names.batchNorm(1) + "_gamma", Names.batchNorm(1) + "_beta"}) {
            assertEquals(before.get(p), after.get(p), p + " is frozen (no update, no weight decay)");
        }
        assertNotEquals(before.get(Names.batchNorm(1) + "_mean"), after.get(Names.batchNorm(1) + "_mean"), "running statistics follow the data");
        for (String p : new String[] {Names.conv(2) + "_W", Names.batchNorm(2) + "_gamma", Names.EMBEDDING + "_W", Names.SCORE + "_W"}) {
            assertNotEquals(before.get(p), after.get(p), p + " trains");
        }

        // The pretraining classifier freezes the same blocks, and its hand-over to a frozen pair stage keeps them frozen.
        TowerClassifier classifier = TowerClassifier.create(spec, 4, 16, frozen, 59);
        classifier.planSchedule(10);
        INDArray conv1 = classifier.graph().getParam(Names.weights(Names.conv(1))).dup();
        INDArray conv2 = classifier.graph().getParam(Names.weights(Names.conv(2))).dup();
        for (int i = 0; i < 4; i++) classifier.graph().fit(new INDArray[] {TinySpecs.images(spec, 4, 700)}, new INDArray[] {Nd4j.eye(4)});
        assertEquals(conv1, classifier.graph().getParam(Names.weights(Names.conv(1))));
        assertNotEquals(conv2, classifier.graph().getParam(Names.weights(Names.conv(2))));
        SiameseNetwork handedOver = classifier.toSiamese(frozen, 61);
        handedOver.planSchedule(10);
        INDArray handedConv1 = handedOver.graph().getParam(Names.weights(Names.conv(1))).dup();
        fitPairs(handedOver, 2, 800);
        assertEquals(handedConv1, handedOver.graph().getParam(Names.weights(Names.conv(1))));

        assertThrows(IllegalArgumentException.class, () -> SiameseNetwork.create(spec, cosine.withFrozenBlocks(spec.convolutions().size() + 1), 1));
        assertThrows(IllegalArgumentException.class, () -> cosine.withFrozenBlocks(-1));
    }

    private static Map<String, INDArray> parameters(ComputationGraph graph) {
        Map<String, INDArray> copy = new java.util.HashMap<>();
        graph.paramTable().forEach((name, value) -> copy.put(name, value.dup()));
        return copy;
    }

    @Test
    void aTowerOfAnotherShapeIsRefused() {
        SiameseNetwork source = SiameseNetwork.create(spec.withChannels(spec.channels() + 2), cosine, 41);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiameseNetwork.create(spec, cosine, 43).startFrom(source));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TowerClassifier.create(spec, 3, 16, cosine, 47).startFrom(source));
    }

    @Test
    void anL2ConstrainedClassifierTrainsTheUnitLengthEmbeddingItself() {
        TowerClassifier classifier = TowerClassifier.create(spec, 4, 16, cosine, 29);
        assertEquals(16.0, classifier.featureScale());
        assertEquals(0.0, TowerClassifier.create(spec, 4, cosine, 29).featureScale());
        INDArray images = TinySpecs.images(spec, 4, 130);
        INDArray labels = Nd4j.eye(4);
        double before = classifier.graph().score(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {images}, new INDArray[] {labels}));
        for (int i = 0; i < 10; i++) classifier.graph().fit(new INDArray[] {images}, new INDArray[] {labels});
        double after = classifier.graph().score(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {images}, new INDArray[] {labels}));
        assertTrue(after < before, "the loss falls: " + before + " -> " + after);
        // The softmax reads 16 times the unit-length embedding, which is what the Siamese network compares.
        Map<String, INDArray> activations = classifier.graph().feedForward(new INDArray[] {images}, false);
        INDArray scaled = activations.get(Names.SCALED_EMBEDDING);
        for (int i = 0; i < 4; i++) assertEquals(16.0, scaled.getRow(i).norm2Number().doubleValue(), 1e-3);
        SiameseNetwork noFlip = ModelFileRoundTrip.copyWithSpec(classifier.toSiamese(OptimizerSpec.DEFAULTS, 31), spec.withTestTimeFlip(false), dir);
        assertTrue(scaled.div(16).equalsWithEps(noFlip.embed(images), 1e-5));
        // A changed optimizer keeps the classifier's shape.
        assertEquals(16.0, classifier.withOptimizer(OptimizerSpec.DEFAULTS).featureScale());
    }

    @Test
    void aClassifierCheckpointRoundTripsAndIsRefusedAsAModel() {
        TowerClassifier classifier = TowerClassifier.create(spec, 4, cosine, 23);
        classifier.planSchedule(10);
        INDArray images = TinySpecs.images(spec, 4, 120);
        INDArray labels = Nd4j.eye(4);
        classifier.graph().fit(new INDArray[] {images}, new INDArray[] {labels});
        Path file = dir.resolve("pretrain.zip");
        ModelFile.write(file, classifier, Map.of("note", new byte[] {1, 2}));
        ModelFile.ClassifierContents read = ModelFile.readClassifier(file);
        assertEquals(4, read.classifier().classes());
        assertEquals(classifier.graph().params(), read.classifier().graph().params());
        assertEquals(classifier.graph().getUpdater().getStateViewArray(), read.classifier().graph().getUpdater().getStateViewArray());
        assertEquals(2, read.extras().get("note").length);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("pretraining"), e.getMessage());
    }

    @Test
    void specsAndOptimizersWrittenBeforeTheRecipeStillRead() {
        ModelSpec old = Json.read("{\"preset\":\"compact\",\"height\":48,\"width\":48,\"channels\":1,\"convolutions\":"
                + "[{\"filters\":16,\"kernel\":5,\"pool\":true}],\"embeddingSize\":128}", ModelSpec.class);
        assertFalse(old.batchNorm());
        assertEquals(EmbeddingKind.SIGMOID, old.embeddingKind());
        assertFalse(old.testTimeFlip());
        assertFalse(old.convolutions().get(0).same());
        OptimizerSpec optimizer = Json.read("{\"kind\":\"ADAM\",\"learningRate\":1.0E-4,\"momentum\":0.0,\"decayPerEpoch\":1.0,\"l2\":0.0}",
                OptimizerSpec.class);
        assertEquals(OptimizerSpec.DEFAULTS, optimizer);
    }
}
