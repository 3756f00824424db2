package io.siamese.experiments.cli;

import io.siamese.data.DataProblems;
import io.siamese.data.DataSpec;
import io.siamese.data.Datasets;
import io.siamese.data.ImageCache;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.ModelSpec;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./siamese bench-memory}: trains as {@code train} does and prints the process's memory after every epoch and
 * every fold (several runs one after the other, as the LFW experiment trains a model per fold): resident memory
 * ({@code VmRSS}), the Java heap, and the native memory JavaCPP tracks. A tool for finding native memory that grows
 * from epoch to epoch, not a test: it asserts nothing and its figures depend on the machine.
 */
@Command(name = "bench-memory", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train and print resident memory (VmRSS), Java heap and JavaCPP's native memory after every epoch and fold.",
                "Example: ./siamese bench-memory --data identities:/work/lfw/lfw --crop-faces --channels 3 --epochs 8"})
final class BenchMemoryCommand implements Callable<Integer> {

    /**
     * What one benchmark trains; the defaults are the measurement of issue 16 (compact preset, 1,000 pairs per epoch,
     * 8 epochs, one run).
     */
    record Settings(String preset, Integer channels, int epochs, int pairsPerEpoch, int folds) {
        static final Settings DEFAULTS = new Settings("compact", null, 8, 1000, 1);

        Settings {
            if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
            if (pairsPerEpoch < 2) throw new IllegalArgumentException("--pairs-per-epoch must be >= 2, got " + pairsPerEpoch);
            if (folds < 1) throw new IllegalArgumentException("--folds must be >= 1, got " + folds);
        }
    }

    @Option(names = "--data", required = true, paramLabel = "SPEC", description = "folders:PATH, identities:PATH, lfw-pairs:PATH, omniglot:PATH or synthetic.")
    String data;

    @Option(names = "--preset", description = "koch, seed or compact (default compact).")
    String preset;

    @Option(names = "--channels", description = "1 or 3; default: the preset's.")
    Integer channels;

    @Option(names = "--epochs", description = "Epochs per run (default 8).")
    Integer epochs;

    @Option(names = "--pairs-per-epoch", description = "Training pairs per epoch (default 1000).")
    Integer pairsPerEpoch;

    @Option(names = "--folds", description = "Runs one after the other, each a new model on another split, like the LFW experiment's folds (default 1).")
    Integer folds;

    @Option(names = "--batch", description = "Pairs per batch (default: train's).")
    Integer batch;

    @Option(names = "--validation-pairs", description = "Validation pairs scored after every epoch (default: train's).")
    Integer validationPairs;

    @Option(names = "--augment", description = "none, photometric, koch-affine, both or face (default: train's).")
    String augment;

    @Option(names = "--crop-faces", description = "Cut faces out with OpenCV's Haar cascade first (whole image when none is found).")
    boolean cropFaces;

    @Option(names = "--run", paramLabel = "DIR", description = "Where the runs write their checkpoints (default: a temporary folder, deleted at the end).")
    Path run;

    @Option(names = "--max-images", paramLabel = "N", description = "Only the first identities of the dataset, up to N images (default: all).")
    Integer maxImages;

    @Option(names = "--image-cache", paramLabel = "MODE", description = {"Where preprocessed images are kept: memory, off, or a folder for memory and disk",
            "(default: as -Dsiamese.imageCache says; the launcher's default is the user cache folder)."})
    String imageCache;

    @Option(names = "--in-memory", description = {"First preprocess every image once (through the image cache), then train on those model-sized images",
            "held in memory with no decoding or cropping: the floor a cached epoch is compared with."})
    boolean inMemory;

    @Override
    public Integer call() {
        Settings d = Settings.DEFAULTS;
        Settings settings = new Settings(preset != null ? preset : d.preset(), channels != null ? channels : d.channels(),
                epochs != null ? epochs : d.epochs(), pairsPerEpoch != null ? pairsPerEpoch : d.pairsPerEpoch(), folds != null ? folds : d.folds());
        TrainingConfig config = TrainingConfig.DEFAULTS.withEpochs(settings.epochs()).withPairsPerEpoch(settings.pairsPerEpoch());
        if (batch != null) config = config.withBatchSize(batch);
        if (validationPairs != null) config = config.withValidationPairs(validationPairs);
        if (augment != null) config = config.withAugmentation(augment);
        ModelSpec spec = ModelSpec.preset(settings.preset());
        if (settings.channels() != null) spec = spec.withChannels(settings.channels());
        Path folder = run != null ? run : temporaryFolder();
        try {
            run(settings, config, spec, folder, System.out);
        } finally {
            if (run == null) deleteTree(folder);
        }
        return 0;
    }

    /** Trains {@code settings.folds()} runs into {@code folder} and prints one line per epoch and per fold to {@code out}. */
    List<MemorySnapshot> run(Settings settings, TrainingConfig config, ModelSpec spec, Path folder, PrintStream out) {
        DataSpec dataSpec = DataSpec.parse(data);
        DataProblems problems = new DataProblems();
        ImageDataset dataset = Datasets.open(dataSpec, problems);
        if (maxImages != null) dataset = firstIdentities(dataset, maxImages);
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels()).withCache(cache());
        if (cropFaces) preprocessor = preprocessor.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        if (inMemory) {
            long start = System.nanoTime();
            dataset = InMemoryImage.preload(dataset, preprocessor, problems);
            out.printf(Locale.ROOT, "preloaded %d images in %.1f s; training reads them from memory%n", dataset.size(), (System.nanoTime() - start) / 1e9);
            preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels()).withCache(ImageCache.none());
        }
        out.printf(Locale.ROOT, "%s, %s, %d pairs per epoch, batch %d, %d validation pairs, augmentation %s%s%n", spec.describe(), dataset.describe(),
                config.pairsPerEpoch(), config.batchSize(), config.validationPairs(), config.augmentation(), cropFaces ? ", faces cropped" : "");
        out.println("start           " + MemorySnapshot.now().describe());
        List<MemorySnapshot> epochs = new ArrayList<>();
        for (int fold = 1; fold <= settings.folds(); fold++) {
            TrainingConfig foldConfig = config.withSeed(config.seed() + fold - 1);
            ImageDataset.Split split = dataset.split(foldConfig.trainFraction(), foldConfig.validationFraction(), foldConfig.seed());
            TrainingData trainingData = new TrainingData(split.train(), split.validation(), preprocessor, dataSpec + " (fold " + fold + ")");
            int f = fold;
            new Trainer(folder.resolve("fold-" + fold), foldConfig).onEpoch((state, metrics) -> {
                MemorySnapshot now = MemorySnapshot.now();
                epochs.add(now);
                out.printf(Locale.ROOT, "fold %d epoch %2d %6.1f s  %s%n", f, state.epoch(), metrics.seconds(), now.describe());
            }).train(spec, trainingData, false);
            out.printf(Locale.ROOT, "fold %d done      %s%n", fold, MemorySnapshot.now().describe());
        }
        if (settings.folds() == 1 && epochs.size() >= 3) {
            MemorySnapshot second = epochs.get(1), last = epochs.get(epochs.size() - 1);
            out.printf(Locale.ROOT, "RSS after epoch 2: %.0f MB, after epoch %d: %.0f MB (%+.1f%%)%n", second.residentMb(), epochs.size(),
                    last.residentMb(), 100 * (last.residentMb() / second.residentMb() - 1));
        }
        out.println("image cache: " + preprocessor.cache().stats().describe());
        if (problems.count() > 0) out.println(problems.count() + " unreadable images were skipped");
        return epochs;
    }

    private ImageCache cache() {
        if (imageCache == null) return ImageCache.standard();
        return switch (imageCache.trim().toLowerCase(Locale.ROOT)) {
            case "off", "none" -> ImageCache.none();
            case "memory" -> ImageCache.create(ImageCache.Config.DEFAULTS.withFolder(null));
            default -> ImageCache.create(ImageCache.Config.DEFAULTS.withFolder(Path.of(imageCache)));
        };
    }

    /** The first identities, in the dataset's order, while their images number at most {@code limit}. */
    static ImageDataset firstIdentities(ImageDataset dataset, int limit) {
        if (limit < 1) throw new IllegalArgumentException("--max-images must be >= 1, got " + limit);
        List<String> keep = new ArrayList<>();
        int images = 0;
        for (var identity : dataset.byIdentity().entrySet()) {
            if (images + identity.getValue().size() > limit) break;
            images += identity.getValue().size();
            keep.add(identity.getKey());
        }
        return dataset.restrictTo(keep, dataset.name() + " (first " + images + " images)");
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("siamese-bench-memory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e.getMessage());
        }
    }
}
