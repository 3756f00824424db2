package io.siamese.experiments;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.IdentityFoldersReader;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.OneShotTrials;
import io.siamese.data.SharedDatasets;
import io.siamese.data.ValidationPairs;
import io.siamese.data.face.FaceCrops;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.AtomicFiles;
import io.siamese.model.EmbeddingKind;
import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.training.Evaluation;
import io.siamese.training.HardNegativeMiner;
import io.siamese.training.PretrainingConfig;
import io.siamese.training.Progress;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Experiment 8: which ingredients of the training recipe help, measured on people the runs never trained on and never
 * tuned on the reported test people.
 *
 * <p>Protocol (nested inside the faces experiment's folds): the 40 AT&T/ORL people are shuffled into 5 folds of 8, as
 * experiment 3 does ({@link PersonFolds}, the same seed). For each fold its 8 test people are left out entirely; its 8
 * validation people are the development people here, and each variant trains on the remaining 24 (some of them
 * validation people for early stopping and the threshold) and is measured on every pair of the 8 development people's images and on 5-way one-shot trials among
 * them. Every variant sees the same people, pairs, trials, seed and number of epochs; the table gives the mean and
 * standard deviation over the 5 folds. The recipe is the first variant; each other variant removes or replaces one
 * ingredient. Runtime: a few minutes per variant and fold on 2 cores. Output:
 * {@code experiments/results/Exp08RecipeAblation/TIMESTAMP/} with {@code ablation.md} (the table for
 * {@code docs/accuracy.md}), {@code experiment.json} and one run folder per variant and fold.
 */
public final class Exp08RecipeAblation {

    private static final Logger log = LoggerFactory.getLogger(Exp08RecipeAblation.class);

    /** One way to train: a model and a training configuration. */
    public record Variant(String name, String change, ModelSpec spec, TrainingConfig training, boolean withYale) {
        Variant(String name, String change, ModelSpec spec, TrainingConfig training) {
            this(name, change, spec, training, false);
        }
    }

    /**
     * @param faces       the ORL folder, or null for {@code ../shared/datasets/orl_faces}
     * @param variants    names from {@link #variants()}, the recipe first
     * @param folds       how many of the 5 folds to run (1-5)
     * @param trials      5-way one-shot trials per fold
     * @param seed        the folds' seed (experiment 3's) and every run's
     * @param out         result folder, or null for a new timestamped one
     */
    public record Config(String dataset, Path data, List<String> variants, int folds, int trials, long seed, Path out) {
        public static final Config DEFAULTS = new Config("faces", null, List.of("recipe", "no-pretraining", "no-pair-stage", "plain-softmax", "no-mining", "no-batchnorm", "constant-lr",
                "sigmoid-embedding", "no-flip-averaging", "augment-both", "augment-none", "before"), 5, 400, 42, null);
        /** Omniglot: three seeds of the same split (background alphabets but the two largest train, the largest measures). */
        public static final Config OMNIGLOT = new Config("omniglot", null, List.of("chars-recipe", "chars-no-rotations", "chars-no-pretraining",
                "chars-no-mining", "chars-augment-none", "chars-before"), 3, 400, 42, null);

        public Config withVariants(List<String> v) {
            return new Config(dataset, data, v, folds, trials, seed, out);
        }

        public Config withFolds(int v) {
            return new Config(dataset, data, variants, v, trials, seed, out);
        }

        public Config withOut(Path v) {
            return new Config(dataset, data, variants, folds, trials, seed, v);
        }
    }

    /** The recipe and its ablations, by name. */
    public static Map<String, Variant> variants() {
        OptimizerSpec cosine = OptimizerSpec.ADAMW_COSINE.withLearningRate(2e-3);
        TrainingConfig recipe = TrainingConfig.DEFAULTS.withEpochs(8).withBatchSize(32).withPairsPerEpoch(1000).withValidationPairs(20_000)
                .withOptimizer(cosine.withLearningRate(5e-4)).withAugmentation("face").withSplit(0.75, 0.25)
                .withPretraining(PretrainingConfig.DEFAULTS.withEpochs(60).withBatchSize(32).withOptimizer(cosine).withAugmentation("face")
                        .withFeatureScale(16))
                .withNegatives(HardNegativeMiner.Config.DEFAULTS);
        ModelSpec face = ModelSpec.face();
        Map<String, Variant> v = new LinkedHashMap<>();
        v.put("recipe", new Variant("recipe", "face preset, identity pretraining, AdamW + warm-up/cosine, face augmentation, mirror averaging", face, recipe));
        v.put("with-yale", new Variant("with-yale", "the 15 Yale people (faces cut out by the Haar cascade) join every fold's training people",
                face, recipe, true));
        v.put("no-pretraining", new Variant("no-pretraining", "pairs only (the same pair epochs, plus as many pair epochs as pretraining had)",
                face, recipe.withPretraining(PretrainingConfig.OFF).withEpochs(recipe.epochs() + recipe.pretraining().epochs())));
        v.put("no-pair-stage", new Variant("no-pair-stage", "pretraining only: the classifier's tower with a head fitted on training pairs, no pair training",
                face, recipe.withEpochs(0)));
        v.put("plain-softmax", new Variant("plain-softmax", "pretraining with a plain softmax on the embedding layer instead of the "
                + "L2-constrained softmax on the unit-length embedding", face, recipe.withPretraining(recipe.pretraining().withFeatureScale(0))));
        v.put("no-mining", new Variant("no-mining", "uniformly random negatives instead of half mined (semi-hard)", face,
                recipe.withNegatives(HardNegativeMiner.Config.OFF)));
        v.put("no-batchnorm", new Variant("no-batchnorm", "no batch normalisation in the tower", face.withBatchNorm(false), recipe));
        v.put("constant-lr", new Variant("constant-lr", "constant learning rates, no weight decay",
                face, recipe.withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(5e-4))
                        .withPretraining(recipe.pretraining().withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(2e-3)))));
        v.put("sigmoid-embedding", new Variant("sigmoid-embedding", "Koch's sigmoid embedding instead of unit length",
                face.withEmbeddingKind(EmbeddingKind.SIGMOID), recipe));
        v.put("no-flip-averaging", new Variant("no-flip-averaging", "no test-time mirror averaging", face.withTestTimeFlip(false), recipe));
        v.put("augment-both", new Variant("augment-both", "the old augmentation (photometric + Koch's affine)", face,
                recipe.withAugmentation("both").withPretraining(recipe.pretraining().withAugmentation("both"))));
        v.put("augment-none", new Variant("augment-none", "no augmentation", face,
                recipe.withAugmentation("none").withPretraining(recipe.pretraining().withAugmentation("none"))));
        v.put("before", new Variant("before", "the recipe before this work: compact preset without batch norm, sigmoid, pairs only, Adam 1e-4, old augmentation",
                ModelSpec.compact().withBatchNorm(false), TrainingConfig.DEFAULTS.withEpochs(40).withPairsPerEpoch(1600).withValidationPairs(20_000)
                        .withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(1e-4)).withAugmentation("both").withSplit(0.75, 0.25)));

        // Characters: the validation alphabet is the measure (within-alphabet 20-way one-shot), never Lake's runs.
        TrainingConfig chars = TrainingConfig.DEFAULTS.withEpochs(8).withBatchSize(64).withPairsPerEpoch(4000).withValidationPairs(20_000)
                .withOptimizer(cosine.withLearningRate(5e-4)).withAugmentation("koch-affine")
                .withPretraining(PretrainingConfig.DEFAULTS.withEpochs(30).withBatchSize(64).withOptimizer(cosine).withAugmentation("koch-affine")
                        .withRotations(4))
                .withNegatives(HardNegativeMiner.Config.DEFAULTS);
        ModelSpec characters = ModelSpec.characters();
        v.put("chars-recipe", new Variant("chars-recipe", "characters preset, pretraining on characters x 4 rotations, AdamW + cosine, "
                + "Koch's affine distortions, half the negatives mined (half of those within the alphabet)", characters, chars));
        v.put("chars-no-rotations", new Variant("chars-no-rotations", "pretraining classes without the quarter-turn rotations", characters,
                chars.withPretraining(chars.pretraining().withRotations(1))));
        v.put("chars-no-pretraining", new Variant("chars-no-pretraining", "pairs only, as many epochs in all", characters,
                chars.withPretraining(PretrainingConfig.OFF).withEpochs(chars.epochs() + 6)));
        v.put("chars-no-mining", new Variant("chars-no-mining", "uniformly random negatives", characters, chars.withNegatives(HardNegativeMiner.Config.OFF)));
        v.put("chars-augment-none", new Variant("chars-augment-none", "no augmentation", characters,
                chars.withAugmentation("none").withPretraining(chars.pretraining().withAugmentation("none"))));
        v.put("chars-before", new Variant("chars-before", "the CPU-budget recipe before this work: compact preset without batch norm, Adam 1e-3, uniform pairs",
                ModelSpec.compact().withBatchNorm(false), TrainingConfig.DEFAULTS.withEpochs(20).withPairsPerEpoch(4000).withValidationPairs(20_000)
                        .withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(1e-3))));
        return v;
    }

    private Exp08RecipeAblation() {
    }

    public static void main(String[] args) {
        CpuAcceleration.configure();
        Config config = args.length > 2 && args[2].equals("omniglot") ? Config.OMNIGLOT : Config.DEFAULTS;
        if (args.length > 0) config = config.withVariants(List.of(args[0].split(",")));
        if (args.length > 1) config = config.withFolds(Integer.parseInt(args[1]));
        System.out.println(run(config, Progress.NONE).jsonLine());
    }

    public static ExperimentResult run(Config config, Progress progress) {
        Map<String, Variant> known = variants();
        for (String name : config.variants()) {
            if (!known.containsKey(name)) throw new DatasetException("unknown variant '" + name + "'; choose from " + known.keySet());
        }
        return config.dataset().equals("omniglot") ? runOmniglot(config, known, progress) : runFaces(config, known, progress);
    }

    /**
     * Omniglot: the small background sets' two largest alphabets are held out as experiment 2 holds them out; the
     * largest (experiment 2's validation alphabet) is where every variant is measured, by 20-way within-alphabet
     * one-shot trials, and where it early-stops. The second (experiment 2's test alphabet) and Lake's runs are never
     * looked at. Spread: the seeds {@code seed}, {@code seed + 1}, ...
     */
    private static ExperimentResult runOmniglot(Config config, Map<String, Variant> known, Progress progress) {
        Path omniglot = config.data() != null ? config.data() : SharedDatasets.omniglot().orElseThrow(() -> new DatasetException(
                "Omniglot was not found: pass its folder or put it in ../shared/datasets/omniglot"));
        DataProblems problems = new DataProblems();
        Exp02OmniglotOneShot.Protocol protocol = Exp02OmniglotOneShot.protocol(omniglot, problems);
        Path folder = Results.folder("Exp08RecipeAblation", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp08RecipeAblation", folder, config, "fixed epochs per variant");
        Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
        for (int k = 0; k < config.folds(); k++) {
            long seed = config.seed() + k;
            List<io.siamese.data.OneShotTrial> trials = io.siamese.data.omniglot.KochTrials.withinAlphabets(protocol.validation(), 20, config.trials(), seed + 11);
            for (String name : config.variants()) {
                Variant variant = known.get(name);
                ModelSpec spec = variant.spec();
                ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
                io.siamese.training.EpochValidator validator = Exp02OmniglotOneShot.oneShotValidator(trials, preprocessor);
                long start = System.nanoTime();
                TrainingResult result = new Trainer(folder.resolve(name).resolve("seed-" + seed), variant.training().withSeed(seed))
                        .progress(progress).validator(validator)
                        .train(spec, new TrainingData(protocol.train().dataset(), protocol.validation().dataset(), preprocessor, "omniglot (ablation)"), false);
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("twenty_way", validator.evaluate(result.model()));
                figures.put("eer", Evaluation.verification(Evaluation.score(result.model(),
                        ValidationPairs.of(protocol.validation().dataset(), 20_000, seed), preprocessor, problems), 0.5).eer());
                figures.put("epochs", (double) result.history().size());
                figures.put("minutes", (System.nanoTime() - start) / 60e9);
                results.computeIfAbsent(name, n -> new ArrayList<>()).add(figures);
                log.info("seed {} {}: {}", seed, name, figures);
                writeOmniglotTable(folder, results, known);
                record.progress(summary(results, List.of("twenty_way", "eer", "minutes")));
            }
        }
        return record.finish(summary(results, List.of("twenty_way", "eer", "minutes")));
    }

    private static void writeOmniglotTable(Path folder, Map<String, List<Map<String, Double>>> results, Map<String, Variant> known) {
        StringBuilder md = new StringBuilder("| variant | change | 20-way one-shot (validation alphabet) | EER (validation alphabet) | minutes per run | seeds |\n")
                .append("|---|---|---|---|---|---|\n");
        results.forEach((name, runs) -> md.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% ± %.1f | %.1f%% ± %.1f | %.1f | %d |%n",
                name, known.get(name).change(), 100 * mean(runs, "twenty_way"), 100 * sd(runs, "twenty_way"), 100 * mean(runs, "eer"),
                100 * sd(runs, "eer"), mean(runs, "minutes"), runs.size())));
        AtomicFiles.writeString(folder.resolve("ablation.md"), md.toString());
    }

    private static ExperimentResult runFaces(Config config, Map<String, Variant> known, Progress progress) {
        // 1. Setup and data.
        Path faces = config.data() != null ? config.data() : SharedDatasets.orlFaces().orElseThrow(() -> new DatasetException(
                "the AT&T/ORL faces were not found: pass their folder or put them in ../shared/datasets/orl_faces"));
        DataProblems problems = new DataProblems();
        ImageDataset all = IdentityFoldersReader.read(faces, problems);
        Path folder = Results.folder("Exp08RecipeAblation", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp08RecipeAblation", folder, config, "fixed epochs per variant");
        // Experiment 3's folds: its validation people are the development people here, its test people are never read.
        List<PersonFolds.Fold> folds = PersonFolds.split(all, 5, Exp03FacesOneShot.Config.DEFAULTS.validationShare(), config.seed());

        // 2. Every variant on every fold's development people.
        Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
        for (int k = 0; k < config.folds(); k++) {
            ImageDataset dev = folds.get(k).validation();
            ImageDataset learn = folds.get(k).train();
            for (String name : config.variants()) {
                Variant variant = known.get(name);
                long start = System.nanoTime();
                Map<String, Double> figures = measure(variant, learn, dev, folder.resolve(name).resolve("fold-" + (k + 1)), config, progress, problems);
                figures.put("minutes", (System.nanoTime() - start) / 60e9);
                results.computeIfAbsent(name, n -> new ArrayList<>()).add(figures);
                log.info("fold {} {}: {}", k + 1, name, figures);
                writeTable(folder, results, known, config);
                record.progress(summary(results, FACE_KEYS));
            }
        }

        // 3. Report.
        return record.finish(summary(results, FACE_KEYS));
    }

    private static final List<String> FACE_KEYS = List.of("eer", "auc", "five_way", "frr_at_calibrated", "far_at_calibrated", "minutes");

    /** Mean and sd of each figure of each variant, as {@code VARIANT_FIGURE_mean} and {@code VARIANT_FIGURE_sd}. */
    private static Map<String, Object> summary(Map<String, List<Map<String, Double>>> results, List<String> keys) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        results.forEach((name, runs) -> {
            for (String key : keys) {
                numbers.put(name + "_" + key + "_mean", mean(runs, key));
                numbers.put(name + "_" + key + "_sd", sd(runs, key));
            }
            numbers.put(name + "_runs", runs.size());
        });
        return numbers;
    }

    private static Map<String, Double> measure(Variant variant, ImageDataset learn, ImageDataset dev, Path runDir, Config config,
                                               Progress progress, DataProblems problems) {
        TrainingConfig training = variant.training().withSeed(config.seed());
        ImageDataset.Split split = learn.split(training.trainFraction(), 1 - training.trainFraction(), training.seed());
        ImageDataset train = variant.withYale() ? split.train().concat(yale(problems), split.train().name() + "+yale") : split.train();
        ModelSpec spec = variant.spec();
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        TrainingResult result = new Trainer(runDir, training).progress(progress)
                .train(spec, new TrainingData(train, split.validation(), preprocessor, "identities (ablation)"), false);
        SiameseModel model = result.model();
        Evaluation.Scored scored = Evaluation.score(model, ValidationPairs.of(dev, Integer.MAX_VALUE, 1), preprocessor, problems);
        Evaluation.VerificationReport report = Evaluation.verification(scored, model.calibration().threshold());
        double fiveWay = Evaluation.oneShot(model, OneShotTrials.acrossIdentities(dev, 5, config.trials(), config.seed() + 5), preprocessor, problems).accuracy();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("eer", report.eer());
        figures.put("auc", report.auc());
        figures.put("five_way", fiveWay);
        figures.put("frr_at_calibrated", report.frr());
        figures.put("far_at_calibrated", report.far());
        figures.put("epochs", (double) result.history().size());
        return figures;
    }

    private static ImageDataset yaleFaces;

    /** The Yale faces, cut out once per run (they are whole-head photos; the AT&T images are face crops already). */
    private static synchronized ImageDataset yale(DataProblems problems) {
        if (yaleFaces == null) {
            Path yale = SharedDatasets.yaleFaces().orElseThrow(() -> new DatasetException("the Yale faces were not found in ../shared/datasets/yale_faces"));
            yaleFaces = FaceCrops.of(IdentityFoldersReader.read(yale, problems), new HaarFaceCropper(), problems).dataset();
        }
        return yaleFaces;
    }

    private static void writeTable(Path folder, Map<String, List<Map<String, Double>>> results, Map<String, Variant> known, Config config) {
        StringBuilder md = new StringBuilder("| variant | change | EER | ROC-AUC | 5-way one-shot | FRR / FAR at the calibrated threshold | minutes per run | folds |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        results.forEach((name, runs) -> md.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% ± %.1f | %.3f ± %.3f | %.1f%% ± %.1f | %.1f%% / %.2f%% | %.1f | %d |%n",
                name, known.get(name).change(), 100 * mean(runs, "eer"), 100 * sd(runs, "eer"), mean(runs, "auc"), sd(runs, "auc"),
                100 * mean(runs, "five_way"), 100 * sd(runs, "five_way"), 100 * mean(runs, "frr_at_calibrated"),
                100 * mean(runs, "far_at_calibrated"), mean(runs, "minutes"), runs.size())));
        AtomicFiles.writeString(folder.resolve("ablation.md"), md.toString());
    }

    static double mean(List<Map<String, Double>> runs, String key) {
        return runs.stream().mapToDouble(r -> r.getOrDefault(key, Double.NaN)).average().orElse(Double.NaN);
    }

    static double sd(List<Map<String, Double>> runs, String key) {
        if (runs.size() < 2) return 0;
        double m = mean(runs, key);
        return Math.sqrt(runs.stream().mapToDouble(r -> (r.get(key) - m) * (r.get(key) - m)).sum() / (runs.size() - 1));
    }
}
