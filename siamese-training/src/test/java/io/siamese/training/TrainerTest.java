package io.siamese.training;

import io.siamese.model.ModelFile;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @TempDir
    Path dir;

    private static List<Integer> epochs(List<EpochMetrics> history) {
        return history.stream().map(EpochMetrics::epoch).toList();
    }

    @Test
    void resumingAfterTwoOfFourEpochsContinuesExactlyLikeAnUninterruptedRun() {
        TrainingResult straight = new Trainer(dir.resolve("straight"), TinyRuns.config(4)).train(TinyRuns.spec(), TinyRuns.data(), false);

        Path run = dir.resolve("interrupted");
        TrainingResult firstHalf = new Trainer(run, TinyRuns.config(2)).train(TinyRuns.spec(), TinyRuns.data(), false);
        assertEquals(List.of(1, 2), epochs(firstHalf.history()));
        var afterTwo = new Checkpoints(run, 2).load(2);
        assertEquals(2, afterTwo.network().graph().getConfiguration().getEpochCount(), "DL4J's epoch counter is saved");
        long iterationsAfterTwo = afterTwo.network().graph().getConfiguration().getIterationCount();
        assertEquals(8, iterationsAfterTwo, "2 epochs of 32 pairs in batches of 8");

        TrainingResult resumed = new Trainer(run, TinyRuns.config(4)).train(TinyRuns.spec(), TinyRuns.data(), true);
        assertEquals(2, resumed.resumedFrom());
        assertEquals(List.of(1, 2, 3, 4), epochs(resumed.history()));
        assertEquals(List.of(1, 2, 3, 4), epochs(MetricsCsv.read(run.resolve("metrics.csv"))), "no duplicated or missing epoch in the CSV");

        var lastStraight = new Checkpoints(dir.resolve("straight"), 2).load(4).network().graph();
        var lastResumed = new Checkpoints(run, 2).load(4).network().graph();
        assertEquals(16, lastResumed.getConfiguration().getIterationCount());
        assertEquals(lastStraight.getUpdater().getStateViewArray(), lastResumed.getUpdater().getStateViewArray(),
                "the Adam moments continue as if never interrupted");
        assertEquals(lastStraight.params(), lastResumed.params(), "same pairs, same optimizer state, same weights");
        assertEquals(straight.history().get(3).trainLoss(), resumed.history().get(3).trainLoss(), 1e-9);
    }

    @Test
    void kochsScheduleDecaysPerEpochAndResumesWithItsMomentum() {
        TrainingConfig koch = TinyRuns.config(3).withOptimizer(io.siamese.model.OptimizerSpec.KOCH);
        TrainingResult straight = new Trainer(dir.resolve("straight"), koch).train(TinyRuns.spec(), TinyRuns.data(), false);
        assertEquals(0.01 * 0.99 * 0.99, straight.history().get(2).learningRate(), 1e-12, "1% decay per epoch: epoch 3 uses 0.99^2");
        var graph = new Checkpoints(dir.resolve("straight"), 2).load(3).network().graph();
        var updater = (org.nd4j.linalg.learning.config.Nesterovs) graph.getLayer("conv1").getConfig().getUpdaterByParam("W");
        assertEquals(0.01 * Math.pow(0.99, 3), updater.getLearningRate(0, graph.getConfiguration().getEpochCount()), 1e-12,
                "DL4J's schedule reads the saved epoch counter");
        assertEquals(0.9, updater.getMomentum(), 0.0);

        Path run = dir.resolve("interrupted");
        new Trainer(run, koch.withEpochs(1)).train(TinyRuns.spec(), TinyRuns.data(), false);
        new Trainer(run, koch).train(TinyRuns.spec(), TinyRuns.data(), true);
        assertEquals(graph.params(), new Checkpoints(run, 2).load(3).network().graph().params(),
                "momentum state and the decayed learning rate continue exactly after a resume");
    }

    @Test
    void aTruncatedNewestCheckpointFallsBackToThePreviousOne() throws IOException {
        Path run = dir.resolve("run");
        new Trainer(run, TinyRuns.config(3)).train(TinyRuns.spec(), TinyRuns.data(), false);
        Path newest = new Checkpoints(run, 2).path(3);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 3);
        }
        TrainingResult resumed = new Trainer(run, TinyRuns.config(4)).train(TinyRuns.spec(), TinyRuns.data(), true);
        assertEquals(2, resumed.resumedFrom(), "epoch 3's checkpoint is unreadable, so training continues after epoch 2");
        assertEquals(List.of(1, 2, 3, 4), epochs(resumed.history()));
    }

    @Test
    void aRunFolderWithCheckpointsIsNotOverwrittenWithoutResume() {
        Path run = dir.resolve("run");
        new Trainer(run, TinyRuns.config(1)).train(TinyRuns.spec(), TinyRuns.data(), false);
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> new Trainer(run, TinyRuns.config(2)).train(TinyRuns.spec(), TinyRuns.data(), false));
        assertTrue(e.getMessage().contains("--resume"));
    }

    @Test
    void theRunWritesItsFilesAndACalibratedModel() throws IOException {
        Path run = dir.resolve("run");
        TrainingResult result = new Trainer(run, TinyRuns.config(3)).train(TinyRuns.spec(), TinyRuns.data(), false);
        for (String name : List.of("config.json", "metrics.csv", "curves.png", "roc.png", "scores.png", "model.zip", "calibration.json")) {
            assertTrue(Files.size(run.resolve(name)) > 200, name + " should exist and not be empty");
        }
        BufferedImage curves = ImageIO.read(run.resolve("curves.png").toFile());
        assertEquals(3 * Plots.WIDTH, curves.getWidth(), "three panels: loss, precision, recall");
        assertTrue(distinctColours(curves) > 10, "the curves are drawn, not a blank image");
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "a header and three epochs");
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"pairsPerEpoch\" : 32"));

        List<Integer> kept = new Checkpoints(run, 2).epochs();
        assertTrue(kept.containsAll(List.of(3, 2)) && kept.contains(result.bestEpoch()), "the last two and the best are kept: " + kept);
        assertTrue(kept.size() <= 3);

        SiameseModel loaded = SiameseModel.load(run.resolve("model.zip"));
        assertTrue(loaded.calibration().isCalibrated());
        assertEquals(result.model().calibration(), loaded.calibration());
        assertEquals(result.model().calibration(), ModelFile.readHeader(run.resolve("model.zip")).calibration());
        assertTrue(loaded.calibration().far() <= TinyRuns.config(3).targetFar() + 1e-12, "the threshold keeps validation FAR at the target");
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() {
        EpochValidator decreasing = new EpochValidator() {
            private int calls;

            @Override
            public String name() {
                return "decreasing";
            }

            @Override
            public double evaluate(SiameseModel model) {
                return -(calls++);
            }
        };
        TrainingResult result = new Trainer(dir.resolve("run"), TinyRuns.config(6).withEarlyStoppingPatience(2))
                .validator(decreasing).train(TinyRuns.spec(), TinyRuns.data(), false);
        assertTrue(result.stoppedEarly());
        assertEquals(List.of(1, 2, 3), epochs(result.history()));
        assertEquals(1, result.bestEpoch());
    }

    @Test
    void aTimeBudgetStopsAfterTheEpochThatReachesIt() {
        TrainingResult result = new Trainer(dir.resolve("run"), TinyRuns.config(5)).deadline(java.time.Instant.now())
                .train(TinyRuns.spec(), TinyRuns.data(), false);
        assertEquals(List.of(1), epochs(result.history()), "at least one epoch, then the budget is spent");
        assertTrue(result.stoppedEarly());
        assertTrue(Files.isRegularFile(result.modelPath()));
    }

    @Test
    void aBudgetedStagePlansItsScheduleOnTheEpochsThatFitDuringItsFirstEpoch() {
        double peak = 1e-3;
        TrainingConfig cfg = TinyRuns.config(5).withPairsPerEpoch(128)
                .withOptimizer(io.siamese.model.OptimizerSpec.ADAMW_COSINE.withLearningRate(peak));
        new Trainer(dir.resolve("run"), cfg).deadline(java.time.Instant.now()).train(TinyRuns.spec(), TinyRuns.data(), false);
        // The budget fits one of the five epochs. Planned after the first 5 of the epoch's 16 batches, the schedule has
        // decayed to its final rate by the epoch's end; planned for five epochs it would still be near its peak.
        SiameseNetwork saved = new Checkpoints(dir.resolve("run"), 2).load(1).network();
        assertTrue(saved.currentLearningRate() < 0.05 * peak, "learning rate after the one epoch: " + saved.currentLearningRate());
    }

    @Test
    void trainingLowersTheLoss() {
        TrainingResult result = new Trainer(dir.resolve("run"), TinyRuns.config(4).withPairsPerEpoch(128)).train(TinyRuns.spec(), TinyRuns.data(), false);
        assertNotEquals(result.history().get(0).trainLoss(), result.history().get(3).trainLoss());
        assertTrue(result.history().get(3).trainLoss() < result.history().get(0).trainLoss(),
                "loss " + result.history().get(0).trainLoss() + " -> " + result.history().get(3).trainLoss());
        assertFalse(Double.isNaN(result.validation().auc()));
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        return colours.size();
    }
}
