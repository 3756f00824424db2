package io.siamese.experiments;

import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.SyntheticFaces;
import io.siamese.model.ModelSpec;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.model.OptimizerSpec;
import io.siamese.training.Checkpoints;
import io.siamese.training.EpochMetrics;
import io.siamese.training.Plots;
import io.siamese.training.Progress;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.TrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 5: if training is interrupted, does resuming continue as if nothing happened?
 *
 * <p>The same run is trained twice on synthetic faces: once without a break, and once interrupted after epoch
 * {@code k}, with a truncated checkpoint for epoch {@code k + 1} left behind (what a failing disk or a copy cut short
 * leaves; a {@code kill -9} during the write leaves only an ignored temporary file, since writes are atomic), then resumed. The resumed run must skip the broken checkpoint, renumber
 * nothing, and end with the same weights and the same curves. Runtime: about a minute; the test runs a few batches.
 * Output: {@code experiments/results/Exp05Resume/TIMESTAMP/} with both runs, {@code resume.png} and {@code summary.md}.
 */
public final class Exp05Resume {

    /**
     * @param faces          synthetic people
     * @param spec           the model
     * @param training       the run (its epochs are the full length)
     * @param interruptAfter the epoch after which the first attempt dies
     * @param out            result folder, or null for a new timestamped one
     */
    public record Config(SyntheticFaces.Config faces, ModelSpec spec, TrainingConfig training, int interruptAfter, Path out) {
        public static final Config DEFAULTS = new Config(SyntheticFaces.Config.DEFAULTS.withIdentities(20).withImagesPerIdentity(12),
                ModelSpec.compact(), TrainingConfig.DEFAULTS.withEpochs(6).withPairsPerEpoch(640).withValidationPairs(200)
                .withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(1e-3)), 3, null);

        public Config {
            if (interruptAfter < 1 || interruptAfter >= training.epochs()) {
                throw new IllegalArgumentException("interruptAfter must be in [1, " + (training.epochs() - 1) + "], got " + interruptAfter);
            }
        }

        public Config tiny() {
            return new Config(faces.withIdentities(8).withImagesPerIdentity(4), spec,
                    training.withEpochs(3).withPairsPerEpoch(32).withValidationPairs(20), 1, out);
        }

        public Config withOut(Path folder) {
            return new Config(faces, spec, training, interruptAfter, folder);
        }
    }

    private Exp05Resume() {
    }

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.out.println(run(Config.DEFAULTS, Progress.NONE).jsonLine());
    }

    public static ExperimentResult run(Config config, Progress progress) {
        // 1. Setup.
        Path folder = Results.folder("Exp05Resume", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp05Resume", folder, config, "none: every epoch");

        // 2. Data: synthetic people, split by identity.
        TrainingConfig training = config.training();
        ImageDataset.Split split = SyntheticFaces.dataset(config.faces()).split(training.trainFraction(), training.validationFraction(), training.seed());
        TrainingData data = new TrainingData(split.train(), split.validation(),
                new ImagePreprocessor(config.spec().height(), config.spec().width(), config.spec().channels()), "synthetic");

        // 3. The reference: all epochs in one go.
        TrainingResult straight = new Trainer(folder.resolve("uninterrupted"), training).progress(progress).train(config.spec(), data, false);

        // 4. The interrupted run: it stops after epoch k, a corrupt checkpoint for epoch k+1 is planted, and it is resumed.
        Path interrupted = folder.resolve("interrupted");
        new Trainer(interrupted, training.withEpochs(config.interruptAfter())).progress(progress).train(config.spec(), data, false);
        Checkpoints checkpoints = new Checkpoints(interrupted, training.keepLast());
        truncateCopy(checkpoints.path(config.interruptAfter()), checkpoints.path(config.interruptAfter() + 1));
        TrainingResult resumed = new Trainer(interrupted, training).progress(progress).train(config.spec(), data, true);

        // 5. Compare: epoch numbers, losses, and the final weights and optimizer state.
        INDArray a = checkpoints.load(training.epochs()).network().graph().params();
        INDArray b = new Checkpoints(folder.resolve("uninterrupted"), training.keepLast()).load(training.epochs()).network().graph().params();
        double maxWeightDifference = a.sub(b).amaxNumber().doubleValue();
        double maxLossDifference = 0;
        for (int i = 0; i < straight.history().size(); i++) {
            maxLossDifference = Math.max(maxLossDifference, Math.abs(straight.history().get(i).trainLoss() - resumed.history().get(i).trainLoss()));
        }
        double[] epochs = straight.history().stream().mapToDouble(EpochMetrics::epoch).toArray();
        Plots.lines("Training loss: uninterrupted vs interrupted and resumed", "epoch", "train loss", epochs,
                List.of("uninterrupted", "resumed after epoch " + config.interruptAfter()),
                List.of(straight.history().stream().mapToDouble(EpochMetrics::trainLoss).toArray(),
                        resumed.history().stream().mapToDouble(EpochMetrics::trainLoss).toArray()),
                folder.resolve("resume.png"));

        // 6. Report.
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("epochs", training.epochs());
        numbers.put("resumed_from", resumed.resumedFrom());
        numbers.put("epochs_in_csv", resumed.history().stream().map(EpochMetrics::epoch).toList());
        numbers.put("max_weight_difference", maxWeightDifference);
        numbers.put("max_loss_difference", maxLossDifference);
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("interrupted after epoch", config.interruptAfter() + " (epoch " + (config.interruptAfter() + 1) + "'s checkpoint left truncated)");
        rows.put("resumed from epoch", String.valueOf(resumed.resumedFrom()));
        rows.put("epochs in metrics.csv", resumed.history().stream().map(e -> String.valueOf(e.epoch())).toList().toString());
        rows.put("largest weight difference at the end", String.valueOf(maxWeightDifference));
        rows.put("largest train-loss difference per epoch", String.valueOf(maxLossDifference));
        new Results.Summary("Resume: an interrupted run continues exactly",
                "If training dies mid-run, does --resume continue with the same epoch numbering, optimizer state and curves?")
                .table("measure", "value", rows)
                .takeaway("The broken newest checkpoint was reported and skipped; training continued after epoch " + resumed.resumedFrom() + ".")
                .takeaway(maxWeightDifference == 0 ? "The resumed run ends with bit-identical weights: pairs and augmentation are seeded by (seed, epoch), and the Adam moments and counters are saved in every checkpoint."
                        : "The resumed run ends within " + maxWeightDifference + " of the uninterrupted weights (floating-point summation order can differ between runs on some CPUs).")
                .takeaway("resume.png overlays both loss curves; metrics.csv of the resumed run has each epoch exactly once.")
                .write(folder);
        return record.finish(numbers);
    }

    /** Writes the first third of a checkpoint under the next epoch's name: a newest checkpoint that is corrupt. */
    private static void truncateCopy(Path from, Path to) {
        try {
            byte[] bytes = Files.readAllBytes(from);
            Files.write(to, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
