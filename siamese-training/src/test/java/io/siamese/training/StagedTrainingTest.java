package io.siamese.training;

import io.siamese.model.ConvSpec;
import io.siamese.model.EmbeddingKind;
import io.siamese.model.ModelFile;
import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.Names;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run as a sequence of stages: identity pretraining, then pairs; checkpoints, resume and budgets across both. */
class StagedTrainingTest {

    @TempDir
    Path dir;

    /** The face preset's layout in miniature. */
    static ModelSpec spec() {
        return new ModelSpec("tiny-face", 16, 16, 1, List.of(new ConvSpec(6, 3, true, true), new ConvSpec(8, 3, true, true)), 16,
                true, EmbeddingKind.NORMALIZED, true);
    }

    static TrainingConfig config(int pretrainEpochs, int pairEpochs) {
        OptimizerSpec cosine = OptimizerSpec.ADAMW_COSINE.withLearningRate(3e-3);
        return TinyRuns.config(1).withOptimizer(cosine).withKeepLast(10).withValidationPairs(200)
                .withPretraining(PretrainingConfig.DEFAULTS.withEpochs(pretrainEpochs).withBatchSize(16).withOptimizer(cosine))
                .withEpochs(pairEpochs);
    }

    private static List<String> stages(List<EpochMetrics> history) {
        return history.stream().map(EpochMetrics::stage).toList();
    }

    @Test
    void pretrainingRunsFirstAndHandsItsTowerToThePairStage() throws IOException {
        Path run = dir.resolve("run");
        TrainingResult result = new Trainer(run, config(3, 2)).train(spec(), TinyRuns.data(), false);
        assertEquals(List.of("pretrain", "pretrain", "pretrain", "pairs", "pairs"), stages(result.history()));
        assertEquals(List.of(1, 2, 3, 4, 5), result.history().stream().map(EpochMetrics::epoch).toList());
        assertEquals(ModelFile.CLASSIFIER, ModelFile.readHeader(new Checkpoints(run, 10).path(3)).role());
        assertEquals(ModelFile.SIAMESE, ModelFile.readHeader(new Checkpoints(run, 10).path(4)).role());
        assertTrue(result.bestEpoch() >= 4, "the model is the pair stage's best epoch");
        SiameseModel model = SiameseModel.load(run.resolve("model.zip"));
        assertTrue(model.calibration().isCalibrated());
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"stages\"") && config.contains("\"pretrain\"") && config.contains("\"CLASSIFY\""), config);
        assertTrue(Files.readString(run.resolve("metrics.csv")).contains("pretrain"));
    }

    @Test
    void aRunCrashedInEitherStageResumesExactlyLikeAnUninterruptedOne() throws IOException {
        Path straight = dir.resolve("straight");
        new Trainer(straight, config(3, 2)).train(spec(), TinyRuns.data(), false);
        var expected = new Checkpoints(straight, 10).load(5).network().graph().params();
        // A crash after epoch 2 (inside pretraining) and after epoch 3 (the last pretraining epoch): the checkpoints
        // written later are lost, and the run is resumed with the same configuration.
        for (int crashedAfter : new int[] {2, 3}) {
            Path run = dir.resolve("crashed-after-" + crashedAfter);
            copy(straight, run);
            for (int epoch = crashedAfter + 1; epoch <= 5; epoch++) Files.delete(new Checkpoints(run, 10).path(epoch));
            TrainingResult resumed = new Trainer(run, config(3, 2)).train(spec(), TinyRuns.data(), true);
            assertEquals(crashedAfter, resumed.resumedFrom());
            assertEquals(List.of("pretrain", "pretrain", "pretrain", "pairs", "pairs"), stages(resumed.history()));
            assertEquals(expected, new Checkpoints(run, 10).load(5).network().graph().params(), "crashed after epoch " + crashedAfter);
        }
    }

    @Test
    void theStagesTrainWithoutShiftAveragingAndTheModelEmbedsWithIt() throws IOException {
        ModelSpec shifting = spec().withTestTimeShift(1);
        Path run = dir.resolve("run");
        TrainingResult result = new Trainer(run, config(2, 2)).train(shifting, TinyRuns.data(), false);
        // Checkpoints hold the networks as trained and validated: no shift averaging.
        assertEquals(0, new Checkpoints(run, 10).load(4).network().spec().testTimeShift());
        // The model (returned and saved) is the best checkpoint's network under the whole spec, calibrated with it.
        assertEquals(shifting, result.model().network().spec());
        SiameseModel saved = SiameseModel.load(run.resolve("model.zip"));
        assertEquals(shifting, saved.network().spec());
        SiameseNetwork best = new Checkpoints(run, 10).load(result.bestEpoch()).network();
        assertEquals(best.graph().params(), saved.network().graph().params());
        var images = TinyRuns.data().validation().images().subList(0, 3);
        var batch = org.nd4j.linalg.factory.Nd4j.concat(0, images.stream().map(r -> TinyRuns.data().preprocessor().load(r.source())).toArray(org.nd4j.linalg.api.ndarray.INDArray[]::new));
        assertFalse(best.embed(batch).equalsWithEps(saved.network().embed(batch), 1e-5), "the saved model averages over shifts");
        assertTrue(best.withInferenceSpec(shifting).embed(batch).equalsWithEps(saved.network().embed(batch), 1e-5));
        assertThrows(IllegalArgumentException.class, () -> best.withInferenceSpec(shifting.withEmbeddingSize(8)), "only the shift may differ");
    }

    @Test
    void aPretrainingOnlyRunCanBeExtendedWithAPairStage() {
        Path run = dir.resolve("run");
        TrainingResult pretrained = new Trainer(run, config(2, 0)).train(spec(), TinyRuns.data(), false);
        assertEquals(List.of("pretrain", "pretrain"), stages(pretrained.history()));
        assertTrue(pretrained.model().calibration().isCalibrated(), "the pretrained tower with a fitted head is a usable model");
        TrainingResult extended = new Trainer(run, config(2, 2)).train(spec(), TinyRuns.data(), true);
        assertEquals(List.of("pretrain", "pretrain", "pairs", "pairs"), stages(extended.history()));
    }

    @Test
    void aNewRunStartsFromAGivenTowerAndAResumedRunKeepsItsOwn() throws IOException {
        SiameseNetwork source = new Trainer(dir.resolve("source"), config(3, 0)).train(spec(), TinyRuns.data(), false).model().network();
        SiameseNetwork other = SiameseNetwork.create(spec(), OptimizerSpec.DEFAULTS, 99);
        String conv = Names.weights(Names.conv(1));
        // Pretraining at a learning rate too small to move the weights: the run's tower is what it started from.
        TrainingConfig still = config(1, 0).withPretraining(config(1, 0).pretraining().withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(1e-9)));
        Path run = dir.resolve("transfer");
        SiameseNetwork started = new Trainer(run, still).initialTower(source, "source/model.zip").train(spec(), TinyRuns.data(), false).model().network();
        assertTrue(source.graph().getParam(conv).equalsWithEps(started.graph().getParam(conv), 1e-6), "the tower starts from the source's");
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"initialTower\" : \"source/model.zip\""));
        SiameseNetwork fromScratch = new Trainer(dir.resolve("scratch"), still).train(spec(), TinyRuns.data(), false).model().network();
        assertFalse(source.graph().getParam(conv).equalsWithEps(fromScratch.graph().getParam(conv), 1e-3), "without it, random weights");
        // A resumed run continues from its checkpoint: another initial tower is ignored.
        TrainingConfig twoEpochs = still.withPretraining(still.pretraining().withEpochs(2));
        SiameseNetwork resumed = new Trainer(run, twoEpochs).override(true).initialTower(other, "other").train(spec(), TinyRuns.data(), true).model().network();
        assertTrue(source.graph().getParam(conv).equalsWithEps(resumed.graph().getParam(conv), 1e-6), "the resumed run keeps its tower");
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"initialTower\" : \"source/model.zip\""), "and its record");
    }

    @Test
    void frozenBlocksKeepTheStartingTowersWeightsThroughBothStages() {
        SiameseNetwork source = new Trainer(dir.resolve("source"), config(2, 0)).train(spec(), TinyRuns.data(), false).model().network();
        TrainingConfig two = config(1, 1);
        TrainingConfig frozen = two.withOptimizer(two.optimizer().withFrozenBlocks(1))
                .withPretraining(two.pretraining().withOptimizer(two.pretraining().optimizer().withFrozenBlocks(1)));
        SiameseNetwork tuned = new Trainer(dir.resolve("frozen"), frozen).initialTower(source, "source").train(spec(), TinyRuns.data(), false)
                .model().network();
        assertEquals(source.graph().getParam(Names.weights(Names.conv(1))), tuned.graph().getParam(Names.weights(Names.conv(1))), "block 1 is the source's");
        assertFalse(source.graph().getParam(Names.weights(Names.conv(2))).equalsWithEps(tuned.graph().getParam(Names.weights(Names.conv(2))), 1e-6),
                "block 2 trained");
        // Frozen random weights are refused before any training.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(dir.resolve("random"), frozen).train(spec(), TinyRuns.data(), false));
        assertTrue(e.getMessage().contains("--init"), e.getMessage());
    }

    @Test
    void pretrainingLearnsASeparableToyProblem() {
        TrainingResult result = new Trainer(dir.resolve("run"), config(8, 0).withPretraining(config(8, 0).pretraining()
                .withOptimizer(OptimizerSpec.ADAMW_COSINE.withLearningRate(1e-2)))).train(spec(), TinyRuns.data(), false);
        List<EpochMetrics> h = result.history();
        assertTrue(h.get(h.size() - 1).trainLoss() < h.get(0).trainLoss() * 0.8,
                "the classifier's loss falls: " + h.stream().map(EpochMetrics::trainLoss).toList());
        double bestAuc = h.stream().mapToDouble(EpochMetrics::auc).max().orElseThrow();
        assertTrue(bestAuc > 0.8, "unseen synthetic people are told apart by the pretrained embedding: AUC " + bestAuc);
    }

    @Test
    void aSpentTimeBudgetEndsTheRunWithAUsableModel() {
        TrainingResult result = new Trainer(dir.resolve("run"), config(6, 6)).deadline(Instant.now().plusMillis(1))
                .train(spec(), TinyRuns.data(), false);
        // The first stage trains one epoch, sees that no other fits and that the budget is spent: the pretrained
        // tower with its fitted head is the model.
        assertEquals(List.of("pretrain"), stages(result.history()));
        assertTrue(result.stoppedEarly());
        assertTrue(result.model().calibration().isCalibrated());
    }

    @Test
    void minedNegativesChangeThePairStageFromItsSecondEpoch() {
        TrainingConfig uniform = TinyRuns.config(2);
        TrainingConfig mined = uniform.withNegatives(HardNegativeMiner.Config.DEFAULTS);
        Path a = dir.resolve("uniform"), b = dir.resolve("mined");
        new Trainer(a, uniform).train(TinyRuns.spec(), TinyRuns.data(), false);
        new Trainer(b, mined).train(TinyRuns.spec(), TinyRuns.data(), false);
        assertEquals(new Checkpoints(a, 2).load(1).network().graph().params(), new Checkpoints(b, 2).load(1).network().graph().params(),
                "the first epoch has no model to mine with: the same uniform pairs");
        assertTrue(!new Checkpoints(a, 2).load(2).network().graph().params().equals(new Checkpoints(b, 2).load(2).network().graph().params()),
                "the second epoch trains on mined pairs");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
