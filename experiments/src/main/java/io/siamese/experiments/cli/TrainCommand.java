package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.data.DataProblems;
import io.siamese.data.DataSpec;
import io.siamese.data.Datasets;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.augment.AugmentationConfig;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.data.lfw.LfwCentreCrop;
import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.BadInputException;
import io.siamese.model.Json;
import io.siamese.training.ConfigDiff;
import io.siamese.training.LiveCurves;
import io.siamese.training.PretrainingConfig;
import io.siamese.training.Recipe;
import io.siamese.training.RunInfo;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./siamese train}: trains on a data spec into a run folder, checkpointing every epoch. Options without a value
 * keep the recipe's values ({@link Recipe}: {@code characters} for Omniglot data, {@code faces} otherwise): the
 * command line holds no defaults of its own.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a Siamese network, checkpointing every epoch into RUN/checkpoints; --resume continues a run.",
                "Writes RUN/metrics.csv, RUN/curves.png, RUN/roc.png, RUN/scores.png and the calibrated RUN/model.zip."})
final class TrainCommand implements Callable<Integer>, ExitStatus.RunFolder {

    /** The help footer: the defaults of the options above, read from the recipes. */
    static String defaultsFooter() {
        StringBuilder footer = new StringBuilder(String.format(Locale.ROOT, "%nDefaults come from the recipe (--recipe; characters for omniglot: data, faces otherwise):%n"));
        for (Recipe r : List.of(Recipe.faces(), Recipe.characters())) {
            TrainingConfig d = r.training();
            footer.append(String.format(Locale.ROOT, "  %s: --preset %s --pretrain-epochs %d --pretrain-batch %d --pretrain-lr %s --pretrain-augment %s"
                            + " --rotations %d --epochs %d --batch %d --pairs-per-epoch %d --validation-pairs %d --lr %s --weight-decay %s --augment %s"
                            + " --seed %d --keep %d --target-far %s --patience %d%n",
                    r.name(), r.spec().preset(), d.pretraining().epochs(), d.pretraining().batchSize(), plain(d.pretraining().optimizer().learningRate()),
                    d.pretraining().augmentation(), d.pretraining().rotations(), d.epochs(), d.batchSize(), d.pairsPerEpoch(), d.validationPairs(),
                    plain(d.optimizer().learningRate()), plain(d.optimizer().weightDecay()), d.augmentation(), d.seed(), d.keepLast(), d.targetFar(),
                    d.earlyStoppingPatience()));
        }
        return footer.toString();
    }

    private static String plain(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    @Option(names = "--data", paramLabel = "SPEC", description = "folders:PATH, identities:PATH, lfw-pairs:PATH, omniglot:PATH or synthetic (with --resume: the run's).")
    String data;

    @Option(names = "--run", paramLabel = "RUN", description = "Run folder (default: checkpoints/PRESET-TIMESTAMP).")
    Path run;

    @Option(names = "--resume", description = "Continue RUN from its newest readable checkpoint; options not given keep the run's values.")
    boolean resume;

    @Option(names = "--override", description = "With --resume: apply changed training options from the next epoch (recorded in RUN/config.json) instead of refusing them.")
    boolean override;

    @Option(names = "--recipe", description = "faces, characters or koch: the model and training settings the other options change (default: characters for omniglot: data, faces otherwise).")
    String recipe;

    @Option(names = "--preset", description = "koch (105x105, the paper), seed (100x100x3, the original projects), compact (48x48, fast), face (64x64, batch-normalised, unit-length embedding) or characters (28x28); default: the recipe's.")
    String preset;

    @Option(names = "--channels", description = "1 (grayscale) or 3 (colour); default: the preset's.")
    Integer channels;

    @Option(names = "--epochs", description = "Epochs to train (with --resume: the total, counting the epochs already done).") Integer epochs;
    @Option(names = "--batch", description = "Pairs per batch.") Integer batch;
    @Option(names = "--pairs-per-epoch", description = "Training pairs drawn per epoch, half genuine, half impostor.") Integer pairsPerEpoch;
    @Option(names = "--validation-pairs", description = "Validation pairs (fixed for the run) for the per-epoch metrics and the calibration.") Integer validationPairs;
    @Option(names = "--optimizer", description = "adam, adamw-cosine (warm-up, cosine decay, weight decay) or koch (SGD, momentum, 1%% per-epoch decay, L2).") String optimizer;
    @Option(names = "--weight-decay", description = "Decoupled weight decay (AdamW).") Double weightDecay;
    @Option(names = "--pretrain-epochs", description = "Identity pretraining: epochs of the tower as a classifier of the training identities before the pairs (0: off).") Integer pretrainEpochs;
    @Option(names = "--pretrain-batch", description = "Identity pretraining: images per batch.") Integer pretrainBatch;
    @Option(names = "--pretrain-lr", description = "Identity pretraining: peak learning rate.") Double pretrainLearningRate;
    @Option(names = "--pretrain-margin", paramLabel = "M", description = "Identity pretraining: the cosine margin of the additive-margin softmax "
            + "(CosFace: unit-length class weights, the true class's cosine lowered by M before the scaled softmax), e.g. 0.35; 0 (default): "
            + "the L2-constrained softmax. Needs a recipe whose pretraining uses unit-length features (faces, characters).") Double pretrainMargin;
    @Option(names = "--pretrain-min-images", paramLabel = "N", description = "Identity pretraining: identities with fewer images are left out "
            + "of the classifier (default 2; 1 makes every person a class, even with a single photo). They still make pairs.") Integer pretrainMinImages;
    @Option(names = "--pretrain-augment", description = "Identity pretraining: augmentation (as --augment).") String pretrainAugment;
    @Option(names = "--rotations", description = "Identity pretraining: 4 makes each quarter-turn of an identity a class (characters), 1 does not.") Integer rotations;
    @Option(names = "--lr", description = "Learning rate.") Double learningRate;
    @Option(names = "--augment", description = "none, photometric, koch-affine, both or face (flips, small shifts and scale, mild photometric).") String augment;
    @Option(names = "--seed", description = "Seed of the weights, the pair sampling and the augmentation: the same seed gives the same run.") Long seed;
    @Option(names = "--keep", description = "Checkpoints kept besides the best.") Integer keep;
    @Option(names = "--target-far", description = "False-accept rate the calibrated threshold aims for (e.g. 0.001).") Double targetFar;
    @Option(names = "--score-cohort", paramLabel = "N", description = "The most training images of other people the model keeps to normalise "
            + "its scores (S-norm; in a folders layout its negatives), chosen at random with the seed, e.g. 500; 0 (every recipe's default): raw head scores. It lowered the pair EER on ORL "
            + "but made multi-frame identification accept many more strangers (docs/accuracy.md). It changes only the final model, so a resume may change it.") Integer scoreCohort;
    @Option(names = "--soup", paramLabel = "N", description = {"Train N runs with seeds SEED, SEED+1, ... (each in RUN/member-K, resumable; with --init all from that tower)",
            "and average their weights into RUN/model.zip before calibrating it (a model soup; default 1: one run)."}) Integer soup;
    @Option(names = "--split", paramLabel = "T,V", split = ",", description = {"The shares of the people (identities layout) or of each role's images (folders layout)",
            "that train and validate, e.g. 0.85,0.15 (default 0.7,0.15: the rest is left out for testing elsewhere)."}) List<Double> split;
    @Option(names = "--patience", description = "Early stopping after this many epochs without improvement (0: off).") Integer patience;
    @Option(names = "--live", description = "Show the loss, precision and recall curves in a window, updated every epoch (needs a display).")
    boolean live;

    @Option(names = "--crop-faces", description = "Cut faces out with OpenCV's Haar cascade before training (whole image when none is found); the same as --crop haar.")
    boolean cropFaces;

    @Option(names = "--crop", paramLabel = "HOW", description = {"How faces are cut out before the resize: none (default), haar (the Haar cascade),",
            "centre (a fixed central square of 45%% of the shorter side, as experiment lfw cuts LFW's photos) or centre:F (of the fraction F)."})
    String crop;

    @Option(names = "--init", paramLabel = "MODEL", description = {"Start the tower from a saved model's tower (a model.zip of the same preset and channels),",
            "for example one trained on LFW's thousands of people, instead of from random weights; the head and the optimizer start afresh."})
    Path init;

    @Option(names = "--freeze-blocks", paramLabel = "N", description = {"With --init: the tower's first N convolution blocks keep the starting tower's weights",
            "in both stages (default 0: every block trains)."})
    Integer freezeBlocks;

    @Option(names = "--test-zoom", paramLabel = "Z", description = {"The final model embeds every image shrunk by Z about its centre, edges repeated",
            "(training's stages never use it; 0.9 helped ORL's faces with a tower from LFW, docs/accuracy.md; default: the preset's, 1)."})
    Double testZoom;

    @Option(names = "--test-rotation", paramLabel = "DEG", description = {"The final model averages every embedding over the image rotated by DEG degrees either way",
            "(training's stages never use it; 4 helped ORL's faces with a tower from LFW and --test-zoom 0.9, docs/accuracy.md; default: the preset's, 0)."})
    Double testRotation;

    /** The run folder once known: where an internal failure leaves error.log. */
    private Path runDir;

    @Override
    public Path runFolder() {
        return runDir;
    }

    @Override
    public Integer call() {
        runDir = run;
        Optional<RunInfo> previous = resume ? previousRun() : Optional.empty();
        if (data == null && previous.isEmpty()) throw new BadInputException("--data is required (only a resumed run knows its data)");
        DataSpec dataSpec = ExitStatus.option("--data", () -> DataSpec.parse(data != null ? data : previous.get().data()));
        Recipe base = recipe(dataSpec);
        TrainingConfig config = config(previous.map(RunInfo::config).orElse(base.training()));
        ModelSpec spec = spec(previous.map(RunInfo::spec).orElse(base.spec()));
        if (runDir == null) {
            runDir = Path.of("checkpoints", spec.preset() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        }
        if (previous.isPresent()) checkResume(previous.get(), spec, dataSpec, config);
        io.siamese.model.SiameseNetwork initial = init != null && !resume ? initialTower(init, spec) : null;
        checkFrozenBlocks(config.stages().get(0).optimizer().frozenBlocks(), spec, resume || initial != null);
        ImagePreprocessor preprocessor = preprocessor(spec);
        DataProblems problems = new DataProblems();
        ImageDataset dataset = Datasets.open(dataSpec, problems);
        ImageDataset.Split split = dataset.split(config.trainFraction(), config.validationFraction(), config.seed());
        TrainingData trainingData = new TrainingData(split.train(), split.validation(), preprocessor, dataSpec.toString());
        System.err.println("run folder: " + runDir + (resume ? " (resuming)" : "") + "  -  resume later with: --run " + runDir + " --resume");
        Trainer trainer = new Trainer(runDir, config).override(override).progress(ConsoleProgress.stderr());
        if (initial != null) trainer.initialTower(initial, init.toString());
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
        String how = crop != null ? crop.toLowerCase(Locale.ROOT) : cropFaces ? "haar" : "none";
        if (cropFaces && crop != null && !how.equals("haar")) throw new BadInputException("--crop-faces and --crop " + crop + " disagree; give one");
        if (how.equals("none")) return p;
        if (how.equals("haar")) return p.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        if (how.equals("centre") || how.equals("center")) return p.withFaceCropper(new LfwCentreCrop(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        if (how.startsWith("centre:") || how.startsWith("center:")) {
            double fraction = ExitStatus.option("--crop", () -> new LfwCentreCrop(Double.parseDouble(how.substring(how.indexOf(':') + 1)))).fraction();
            return p.withFaceCropper(new LfwCentreCrop(fraction), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        }
        throw new BadInputException("--crop must be none, haar, centre or centre:F, got '" + crop + "'");
    }

    /**
     * {@code --freeze-blocks} against the tower, before any data is read: no more blocks than it has, and frozen blocks
     * only where the tower starts from trained weights ({@code --init}, or a resumed run's own).
     */
    static void checkFrozenBlocks(int frozen, ModelSpec spec, boolean startsFromTrainedTower) {
        if (frozen > spec.convolutions().size()) {
            throw new BadInputException("--freeze-blocks: the " + spec.preset() + " tower has " + spec.convolutions().size() + " blocks, got " + frozen);
        }
        if (frozen > 0 && !startsFromTrainedTower) throw new BadInputException("--freeze-blocks needs --init: frozen blocks would keep their random weights");
    }

    /** The network of a saved model whose tower starts a new run: same preset, input size and channels. */
    static io.siamese.model.SiameseNetwork initialTower(Path model, ModelSpec spec) {
        if (!Files.isRegularFile(model)) throw new BadInputException("--init: no model file " + model);
        io.siamese.model.SiameseNetwork network = ExitStatus.option("--init", () -> io.siamese.model.SiameseModel.load(model)).network();
        ModelSpec from = network.spec();
        if (from.height() != spec.height() || from.width() != spec.width() || from.channels() != spec.channels()
                || !from.convolutions().equals(spec.convolutions()) || from.embeddingSize() != spec.embeddingSize() || from.batchNorm() != spec.batchNorm()) {
            throw new BadInputException("--init: " + model + " holds a " + from.describe() + " tower; this run trains " + spec.describe());
        }
        return network;
    }

    /** The run folder's {@code config.json}, when it has one (a resumed run). */
    private Optional<RunInfo> previousRun() {
        if (run == null) throw new BadInputException("--resume needs --run RUN (the run folder to continue)");
        Path file = run.resolve("config.json");
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Json.read(file, RunInfo.class));
        } catch (RuntimeException e) {
            throw new BadInputException(file + " cannot be read (" + e.getMessage() + "); resume needs the run's configuration", e);
        }
    }

    /** The recipe asked for, or the one that suits the data. */
    Recipe recipe(DataSpec dataSpec) {
        String name = recipe != null ? recipe : dataSpec.kind() == DataSpec.Kind.OMNIGLOT ? "characters" : "faces";
        return ExitStatus.option("--recipe", () -> Recipe.named(name));
    }

    /** The model asked for: the preset and channel options over the resumed run's model, or over the recipe's. */
    ModelSpec spec(ModelSpec base) {
        ModelSpec spec = preset != null ? ExitStatus.option("--preset", () -> ModelSpec.preset(preset)) : base;
        spec = ExitStatus.option("--channels", spec, channels, ModelSpec::withChannels);
        spec = ExitStatus.option("--test-zoom", spec, testZoom, ModelSpec::withTestTimeZoom);
        return ExitStatus.option("--test-rotation", spec, testRotation, ModelSpec::withTestTimeRotation);
    }

    /**
     * A resume must train the same model on the same data: anything else is refused with the list of differences. A
     * changed training option is refused too unless {@code --override} applies it from the next epoch.
     */
    private void checkResume(RunInfo previous, ModelSpec spec, DataSpec dataSpec, TrainingConfig config) {
        List<String> differences = new ArrayList<>();
        if (!dataSpec.toString().equals(previous.data())) differences.add("--data: the run trains on " + previous.data() + ", not " + dataSpec);
        if (!spec.equals(previous.spec())) differences.add("--preset/--channels: the run trains " + previous.spec().describe() + ", not " + spec.describe());
        ConfigDiff diff = ConfigDiff.between(previous.config(), config);
        for (String line : diff.fixed()) differences.add(optionOf(line) + ": " + line + " (the seed and split chose the run's people; a run keeps them)");
        if (!differences.isEmpty()) {
            throw new BadInputException("cannot resume " + run + " as asked: " + String.join("; ", differences));
        }
        if (!diff.changed().isEmpty() && !override) {
            throw new BadInputException("cannot resume " + run + " with changed training options (" + String.join("; ",
                    diff.changed().stream().map(line -> optionOf(line) + " " + line).toList())
                    + "); add --override to apply them from the next epoch, or leave them out to keep the run's values");
        }
    }

    /** The command-line option of a configuration component named at the start of a {@link ConfigDiff} line. */
    static String optionOf(String diffLine) {
        String component = diffLine.substring(0, diffLine.indexOf(':'));
        return switch (component) {
            case "batchSize" -> "--batch";
            case "pairsPerEpoch" -> "--pairs-per-epoch";
            case "validationPairs" -> "--validation-pairs";
            case "optimizer.learningRate" -> "--lr";
            case "optimizer.weightDecay" -> "--weight-decay";
            case "augmentation" -> "--augment";
            case "seed" -> "--seed";
            case "keepLast" -> "--keep";
            case "targetFar" -> "--target-far";
            case "earlyStoppingPatience" -> "--patience";
            case "trainFraction", "validationFraction" -> "--split";
            case "soup" -> "--soup";
            case "pretraining.epochs" -> "--pretrain-epochs";
            case "pretraining.batchSize" -> "--pretrain-batch";
            case "pretraining.optimizer.learningRate" -> "--pretrain-lr";
            case "pretraining.augmentation" -> "--pretrain-augment";
            case "pretraining.margin" -> "--pretrain-margin";
            case "pretraining.minImagesPerIdentity" -> "--pretrain-min-images";
            case "pretraining.rotations" -> "--rotations";
            case "optimizer.frozenBlocks", "pretraining.optimizer.frozenBlocks" -> "--freeze-blocks";
            default -> component.startsWith("optimizer.") ? "--optimizer" : component.startsWith("pretraining.") ? "--pretrain-*" : component;
        };
    }

    /** The options over {@code base} (a recipe's configuration, or a resumed run's); a refused value is bad input naming its option. */
    TrainingConfig config(TrainingConfig base) {
        TrainingConfig c = base;
        c = ExitStatus.option("--batch", c, batch, TrainingConfig::withBatchSize);
        c = ExitStatus.option("--pairs-per-epoch", c, pairsPerEpoch, TrainingConfig::withPairsPerEpoch);
        c = ExitStatus.option("--validation-pairs", c, validationPairs, TrainingConfig::withValidationPairs);
        OptimizerSpec opt = optimizer == null ? c.optimizer() : ExitStatus.option("--optimizer", () -> OptimizerSpec.named(optimizer));
        opt = ExitStatus.option("--lr", opt, learningRate, OptimizerSpec::withLearningRate);
        opt = ExitStatus.option("--weight-decay", opt, weightDecay, OptimizerSpec::withWeightDecay);
        c = c.withOptimizer(opt);
        PretrainingConfig p = c.pretraining();
        p = ExitStatus.option("--pretrain-epochs", p, pretrainEpochs, PretrainingConfig::withEpochs);
        p = ExitStatus.option("--pretrain-batch", p, pretrainBatch, PretrainingConfig::withBatchSize);
        PretrainingConfig pp = p;
        p = ExitStatus.option("--pretrain-lr", p, pretrainLearningRate, (x, v) -> x.withOptimizer(pp.optimizer().withLearningRate(v)));
        p = ExitStatus.option("--pretrain-min-images", p, pretrainMinImages, PretrainingConfig::withMinImagesPerIdentity);
        p = ExitStatus.option("--pretrain-margin", p, pretrainMargin, PretrainingConfig::withMargin);
        if (pretrainAugment != null) {
            ExitStatus.option("--pretrain-augment", () -> AugmentationConfig.named(pretrainAugment));
            p = p.withAugmentation(pretrainAugment);
        }
        p = ExitStatus.option("--rotations", p, rotations, PretrainingConfig::withRotations);
        c = c.withPretraining(p);
        // After the pretraining options: 0 pair epochs is allowed only when pretraining is on.
        c = ExitStatus.option("--epochs", c, epochs, TrainingConfig::withEpochs);
        if (augment != null) {
            ExitStatus.option("--augment", () -> AugmentationConfig.named(augment)); // Refuses an unknown name before any data is read.
            c = ExitStatus.option("--augment", c, augment, TrainingConfig::withAugmentation);
        }
        c = ExitStatus.option("--seed", c, seed, TrainingConfig::withSeed);
        c = ExitStatus.option("--keep", c, keep, TrainingConfig::withKeepLast);
        c = ExitStatus.option("--target-far", c, targetFar, TrainingConfig::withTargetFar);
        c = ExitStatus.option("--patience", c, patience, TrainingConfig::withEarlyStoppingPatience);
        if (split != null) {
            if (split.size() != 2) throw new BadInputException("--split takes two shares, training and validation (e.g. 0.85,0.15), got " + split);
            c = ExitStatus.option("--split", c, split, (x, v) -> x.withSplit(v.get(0), v.get(1)));
        }
        c = ExitStatus.option("--score-cohort", c, scoreCohort, TrainingConfig::withScoreCohort);
        c = ExitStatus.option("--soup", c, soup, TrainingConfig::withSoup);
        c = ExitStatus.option("--freeze-blocks", c, freezeBlocks, TrainingConfig::withFrozenBlocks);
        return c;
    }
}
