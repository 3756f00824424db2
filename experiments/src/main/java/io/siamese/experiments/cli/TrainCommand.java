package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.data.DataProblems;
import io.siamese.data.DataSpec;
import io.siamese.data.Datasets;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.augment.AugmentationConfig;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;
import io.siamese.training.LiveCurves;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./siamese train}: trains on a data spec into a run folder, checkpointing every epoch. Options without a value
 * keep {@link TrainingConfig#DEFAULTS} and the preset's own sizes: the command line holds no defaults of its own.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a Siamese network, checkpointing every epoch into RUN/checkpoints; --resume continues a run.",
                "Writes RUN/metrics.csv, RUN/curves.png, RUN/roc.png, RUN/scores.png and the calibrated RUN/model.zip."})
final class TrainCommand implements Callable<Integer>, ExitStatus.RunFolder {

    /** The help footer: the defaults of the options above, read from {@link TrainingConfig#DEFAULTS}. */
    static String defaultsFooter() {
        TrainingConfig d = TrainingConfig.DEFAULTS;
        return String.format(Locale.ROOT, "%nDefaults: --preset %s --epochs %d --batch %d --pairs-per-epoch %d --validation-pairs %d"
                        + " --optimizer %s --lr %s --augment %s --seed %d --keep %d --target-far %s --patience %d%n",
                DEFAULT_PRESET, d.epochs(), d.batchSize(), d.pairsPerEpoch(), d.validationPairs(), d.optimizer().kind().name().toLowerCase(Locale.ROOT), new java.math.BigDecimal(Double.toString(d.optimizer().learningRate())).stripTrailingZeros().toPlainString(),
                d.augmentation(), d.seed(), d.keepLast(), d.targetFar(), d.earlyStoppingPatience());
    }

    /** The preset used when --preset is not given. */
    static final String DEFAULT_PRESET = "compact";

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "folders:PATH, identities:PATH, lfw-pairs:PATH, omniglot:PATH or synthetic.")
    String data;

    @Option(names = "--run", paramLabel = "RUN", description = "Run folder (default: checkpoints/PRESET-TIMESTAMP).")
    Path run;

    @Option(names = "--resume", description = "Continue RUN from its newest readable checkpoint.")
    boolean resume;

    @Option(names = "--preset", description = "koch (105x105, the paper), seed (100x100x3, the original projects) or compact (48x48, fast). Default: " + DEFAULT_PRESET + ".")
    String preset;

    @Option(names = "--channels", description = "1 (grayscale) or 3 (colour); default: the preset's.")
    Integer channels;

    @Option(names = "--epochs", description = "Epochs to train (with --resume: the total, counting the epochs already done).") Integer epochs;
    @Option(names = "--batch", description = "Pairs per batch.") Integer batch;
    @Option(names = "--pairs-per-epoch", description = "Training pairs drawn per epoch, half genuine, half impostor.") Integer pairsPerEpoch;
    @Option(names = "--validation-pairs", description = "Validation pairs (fixed for the run) for the per-epoch metrics and the calibration.") Integer validationPairs;
    @Option(names = "--optimizer", description = "adam or koch (SGD, momentum, 1%% per-epoch decay, L2).") String optimizer;
    @Option(names = "--lr", description = "Learning rate.") Double learningRate;
    @Option(names = "--augment", description = "none, photometric, koch-affine or both.") String augment;
    @Option(names = "--seed", description = "Seed of the weights, the pair sampling and the augmentation: the same seed gives the same run.") Long seed;
    @Option(names = "--keep", description = "Checkpoints kept besides the best.") Integer keep;
    @Option(names = "--target-far", description = "False-accept rate the calibrated threshold aims for (e.g. 0.001).") Double targetFar;
    @Option(names = "--patience", description = "Early stopping after this many epochs without improvement (0: off).") Integer patience;
    @Option(names = "--live", description = "Show the loss, precision and recall curves in a window, updated every epoch (needs a display).")
    boolean live;

    @Option(names = "--crop-faces", description = "Cut faces out with OpenCV's Haar cascade before training (whole image when none is found).")
    boolean cropFaces;

    /** The run folder once known: where an internal failure leaves error.log. */
    private Path runDir;

    @Override
    public Path runFolder() {
        return runDir;
    }

    @Override
    public Integer call() {
        runDir = run;
        TrainingConfig config = config();
        ModelSpec spec = ExitStatus.option("--preset", () -> ModelSpec.preset(preset == null ? DEFAULT_PRESET : preset));
        spec = ExitStatus.option("--channels", spec, channels, ModelSpec::withChannels);
        if (runDir == null) {
            runDir = Path.of("checkpoints", spec.preset() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        }
        DataSpec dataSpec = ExitStatus.option("--data", () -> DataSpec.parse(data));
        DataProblems problems = new DataProblems();
        ImageDataset dataset = Datasets.open(dataSpec, problems);
        ImageDataset.Split split = dataset.split(config.trainFraction(), config.validationFraction(), config.seed());
        TrainingData trainingData = new TrainingData(split.train(), split.validation(), preprocessor(spec), dataSpec.toString());
        System.err.println("run folder: " + runDir + (resume ? " (resuming)" : "") + "  -  resume later with: --run " + runDir + " --resume");
        Trainer trainer = new Trainer(runDir, config).progress(ConsoleProgress.stderr());
        java.util.Optional<LiveCurves> window = live ? LiveCurves.open("siamese: " + runDir) : java.util.Optional.empty();
        window.ifPresent(trainer::onEpoch);
        TrainingResult result = trainer.train(spec, trainingData, resume);
        System.out.printf(Locale.ROOT, "model: %s%nvalidation at threshold %.4f: precision %.3f, recall %.3f, FAR %.4f, FRR %.4f, AUC %.4f, EER %.2f%%%n",
                result.modelPath(), result.validation().threshold(), result.validation().precision(), result.validation().recall(),
                result.validation().far(), result.validation().frr(), result.validation().auc(), 100 * result.validation().eer());
        return 0;
    }

    ImagePreprocessor preprocessor(ModelSpec spec) {
        ImagePreprocessor p = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        return cropFaces ? p.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE) : p;
    }

    /** The options over {@link TrainingConfig#DEFAULTS}; a value the configuration refuses is bad input naming its option. */
    TrainingConfig config() {
        TrainingConfig c = TrainingConfig.DEFAULTS;
        c = ExitStatus.option("--epochs", c, epochs, TrainingConfig::withEpochs);
        c = ExitStatus.option("--batch", c, batch, TrainingConfig::withBatchSize);
        c = ExitStatus.option("--pairs-per-epoch", c, pairsPerEpoch, TrainingConfig::withPairsPerEpoch);
        c = ExitStatus.option("--validation-pairs", c, validationPairs, TrainingConfig::withValidationPairs);
        OptimizerSpec opt = optimizer == null ? c.optimizer() : ExitStatus.option("--optimizer", () -> OptimizerSpec.named(optimizer));
        opt = ExitStatus.option("--lr", opt, learningRate, OptimizerSpec::withLearningRate);
        c = c.withOptimizer(opt);
        if (augment != null) {
            ExitStatus.option("--augment", () -> AugmentationConfig.named(augment)); // Refuses an unknown name before any data is read.
            c = ExitStatus.option("--augment", c, augment, TrainingConfig::withAugmentation);
        }
        c = ExitStatus.option("--seed", c, seed, TrainingConfig::withSeed);
        c = ExitStatus.option("--keep", c, keep, TrainingConfig::withKeepLast);
        c = ExitStatus.option("--target-far", c, targetFar, TrainingConfig::withTargetFar);
        c = ExitStatus.option("--patience", c, patience, TrainingConfig::withEarlyStoppingPatience);
        return c;
    }
}
