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
import io.siamese.training.Calibrator;
import io.siamese.training.Evaluation;
import io.siamese.training.GalleryProbes;
import io.siamese.training.floor.FloorSet;
import io.siamese.training.floor.Floors;
import io.siamese.training.floor.ImageDistance;
import io.siamese.training.floor.LbpChiSquare;
import io.siamese.training.HardNegativeMiner;
import io.siamese.training.PretrainingConfig;
import io.siamese.training.Recipe;
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
    public record Variant(String name, String change, ModelSpec spec, TrainingConfig training, boolean withYale, boolean transfer) {
        Variant withSpec(ModelSpec s) {
            return new Variant(name, change, s, training, withYale, transfer);
        }

        Variant withTraining(TrainingConfig t) {
            return new Variant(name, change, spec, t, withYale, transfer);
        }

        Variant withAugmentation(String augmentation) {
            return withTraining(training.withAugmentation(augmentation).withPretraining(training.pretraining().withAugmentation(augmentation)));
        }
    }

    /**
     * @param faces       the ORL folder, or null for {@code ../shared/datasets/orl_faces}
     * @param variants    the recipe and its changes ({@link #changes()}, joined by {@code +} to combine)
     * @param folds       how many of the 5 folds to run (1-5)
     * @param trials      5-way one-shot trials per fold
     * @param seed        the folds' seed (experiment 3's) and every run's
     * @param out         result folder, or null for a new timestamped one
     * @param init        a saved model ({@code model.zip}) whose tower the {@code transfer} variants start from, or null
     */
    public record Config(String dataset, Path data, List<String> variants, int folds, int trials, long seed, Path out, Path init) {
        public static final Config DEFAULTS = new Config("faces", null, List.of("recipe", "no-pretraining", "no-pair-stage", "plain-softmax",
                "no-mining", "no-batchnorm", "constant-lr", "sigmoid-embedding", "no-flip-averaging", "augment-both", "augment-none", "with-yale",
                "before"), 5, 400, 42, null, null);
        /** Omniglot: three seeds of the same split (background alphabets but the two largest train, the largest measures). */
        public static final Config OMNIGLOT = new Config("omniglot", null, List.of("recipe", "no-rotations", "no-pretraining",
                "no-mining", "no-same-alphabet", "plain-softmax", "augment-none", "before"), 3, 400, 42, null, null);

        public Config withData(Path v) {
            return new Config(dataset, v, variants, folds, trials, seed, out, init);
        }

        public Config withVariants(List<String> v) {
            if (v.isEmpty()) throw new IllegalArgumentException("no variants");
            for (String name : v) variant(name, Recipe.faces()); // unknown names fail here, before any data is read

            return new Config(dataset, data, v, folds, trials, seed, out, init);
        }

        public Config withFolds(int v) {
            if (v < 1 || v > (dataset.equals("omniglot") ? 10 : 5)) {
                throw new IllegalArgumentException("folds (faces: 1-5) or seeds (omniglot: 1-10), got " + v);
            }
            return new Config(dataset, data, variants, v, trials, seed, out, init);
        }

        public Config withOut(Path v) {
            return new Config(dataset, data, variants, folds, trials, seed, v, init);
        }

        /** The saved model whose tower the {@code transfer} variants start from. */
        public Config withInit(Path model) {
            return new Config(dataset, data, variants, folds, trials, seed, out, model);
        }
    }

    /** One change to a recipe: a name, what it changes in words, and the change. */
    record Change(String name, String description, java.util.function.UnaryOperator<Variant> apply) {
    }

    /**
     * The changes an ablation can make to its recipe, by name. A variant name is a recipe change or several joined by
     * {@code +} ({@code no-pair-stage+plain-softmax}); {@code recipe} is the recipe itself.
     */
    static Map<String, Change> changes() {
        Map<String, Change> c = new LinkedHashMap<>();
        c.put("recipe", new Change("recipe", "the recipe", v -> v));
        c.put("with-yale", new Change("with-yale", "the 15 Yale people (faces cut out by the Haar cascade) join every fold's training people",
                v -> new Variant(v.name(), v.change(), v.spec(), v.training(), true, v.transfer())));
        c.put("transfer", new Change("transfer", "the tower starts from a network trained on other people (--init, for example LFW's), not from random weights",
                v -> new Variant(v.name(), v.change(), v.spec(), v.training(), v.withYale(), true)));
        c.put("finetune-lr", new Change("finetune-lr", "a quarter of the peak learning rates of both stages (gentler fine-tuning of a transferred tower)",
                v -> v.withTraining(v.training().withOptimizer(v.training().optimizer().withLearningRate(v.training().optimizer().learningRate() / 4))
                        .withPretraining(v.training().pretraining().withOptimizer(
                                v.training().pretraining().optimizer().withLearningRate(v.training().pretraining().optimizer().learningRate() / 4))))));
        for (int blocks = 1; blocks <= 4; blocks++) {
            int frozen = blocks;
            c.put("freeze-" + blocks, new Change("freeze-" + blocks, "the tower's first " + blocks + " convolution block" + (blocks > 1 ? "s keep their" : " keeps its")
                    + " starting weights in both stages (with transfer: the weights trained on the other people)",
                    v -> v.withTraining(v.training().withFrozenBlocks(frozen))));
        }
        c.put("no-pretraining", new Change("no-pretraining", "pairs only: twice the pair epochs, about the same time as both stages", v -> v.withTraining(
                v.training().withEpochs(2 * v.training().epochs()).withPretraining(PretrainingConfig.OFF))));
        c.put("no-pair-stage", new Change("no-pair-stage", "pretraining only: the classifier's tower with a head fitted on training pairs",
                v -> v.withTraining(v.training().withEpochs(0))));
        c.put("plain-softmax", new Change("plain-softmax", "pretraining with a plain softmax on the embedding layer, not the L2-constrained one",
                v -> v.withTraining(v.training().withPretraining(v.training().pretraining().withFeatureScale(0)))));
        c.put("l2-softmax", new Change("l2-softmax", "pretraining with the L2-constrained softmax (unit-length embedding x 16, Ranjan et al. 2017)",
                v -> v.withTraining(v.training().withPretraining(v.training().pretraining().withFeatureScale(16)))));
        c.put("margin", new Change("margin", "pretraining with the additive-margin softmax (CosFace: unit-length class weights, cosine margin 0.35, "
                + "scale as the recipe's L2-constrained softmax)", v -> v.withTraining(v.training().withPretraining(v.training().pretraining()
                .withFeatureScale(v.training().pretraining().featureScale() > 0 ? v.training().pretraining().featureScale() : 16).withMargin(0.35)))));
        c.put("short", new Change("short", "half the epochs of both stages (to fit more variants in the time)", v -> v.withTraining(
                v.training().withPretraining(v.training().pretraining().withEpochs(v.training().pretraining().epochs() / 2))
                        .withEpochs(Math.max(v.training().pretraining().enabled() ? 0 : 1, v.training().epochs() / 2)))));
        c.put("long", new Change("long", "one and a half times the epochs of both stages (what experiment 3's 10 minutes per fold leave room for)",
                v -> v.withTraining(v.training().withPretraining(v.training().pretraining().withEpochs(v.training().pretraining().epochs() * 3 / 2))
                        .withEpochs(v.training().epochs() * 3 / 2))));
        c.put("no-mining", new Change("no-mining", "uniformly random negatives instead of half mined",
                v -> v.withTraining(v.training().withNegatives(HardNegativeMiner.Config.OFF))));
        c.put("no-batchnorm", new Change("no-batchnorm", "no batch normalisation in the tower", v -> v.withSpec(v.spec().withBatchNorm(false))));
        c.put("constant-lr", new Change("constant-lr", "constant learning rates (the peaks), no weight decay, no warm-up", v -> v.withTraining(
                v.training().withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(v.training().optimizer().learningRate()))
                        .withPretraining(v.training().pretraining().withOptimizer(
                                OptimizerSpec.DEFAULTS.withLearningRate(v.training().pretraining().optimizer().learningRate()))))));
        c.put("sigmoid-embedding", new Change("sigmoid-embedding", "Koch's sigmoid embedding instead of unit length",
                v -> v.withSpec(v.spec().withEmbeddingKind(EmbeddingKind.SIGMOID))));
        c.put("no-shift-averaging", new Change("no-shift-averaging", "no test-time averaging over 2-pixel shifts", v -> v.withSpec(v.spec().withTestTimeShift(0))));
        for (String zoom : List.of("0.85", "0.9", "0.95")) {
            c.put("zoom-" + zoom, new Change("zoom-" + zoom, "the final model embeds images shrunk by " + zoom + " about their centre (test-time zoom)",
                    v -> v.withSpec(v.spec().withTestTimeZoom(Double.parseDouble(zoom)))));
        }
        for (String degrees : List.of("3", "4", "5")) {
            c.put("rotation-" + degrees, new Change("rotation-" + degrees, "the final model averages each embedding over the image rotated by " + degrees
                    + " degrees either way (test-time rotation averaging)", v -> v.withSpec(v.spec().withTestTimeRotation(Double.parseDouble(degrees)))));
        }
        c.put("soup-2", new Change("soup-2", "two runs (seeds 42 and 43, the same starting tower) averaged weight for weight into the final model before calibration (a model soup)",
                v -> v.withTraining(v.training().withSoup(2))));
        c.put("score-norm", new Change("score-norm", "scores normalised against up to 500 training images (S-norm; the recipes score raw)",
                v -> v.withTraining(v.training().withScoreCohort(500))));
        c.put("no-flip-averaging", new Change("no-flip-averaging", "no test-time mirror averaging", v -> v.withSpec(v.spec().withTestTimeFlip(false))));
        c.put("augment-both", new Change("augment-both", "the old augmentation (photometric + Koch's affine)", v -> v.withAugmentation("both")));
        c.put("augment-none", new Change("augment-none", "no augmentation", v -> v.withAugmentation("none")));
        c.put("no-rotations", new Change("no-rotations", "pretraining classes without the quarter-turn rotations",
                v -> v.withTraining(v.training().withPretraining(v.training().pretraining().withRotations(1)))));
        c.put("no-same-alphabet", new Change("no-same-alphabet", "mined and random negatives from any alphabet",
                v -> v.withTraining(v.training().withNegatives(new HardNegativeMiner.Config(v.training().negatives().minedFraction(),
                        v.training().negatives().candidates(), v.training().negatives().margin(), 0, v.training().negatives().poolImages())))));
        c.put("before", new Change("before", "the recipe before this work: compact preset without batch norm, sigmoid embedding, pairs only, "
                + "Adam at a constant rate, uniform pairs (faces: 1e-4 and photometric + affine augmentation, as experiment 3 had; characters: "
                + "1e-3 and no augmentation, as experiment 2's CPU budget had)", v -> {
            boolean characters = v.spec().preset().equals("characters");
            TrainingConfig old = TrainingConfig.DEFAULTS.withEpochs(characters ? 20 : 40).withPairsPerEpoch(characters ? 4000 : 1600)
                    .withValidationPairs(v.training().validationPairs()).withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(characters ? 1e-3 : 1e-4))
                    .withAugmentation(characters ? "none" : "both").withSplit(v.training().trainFraction(), v.training().validationFraction());
            return new Variant(v.name(), v.change(), ModelSpec.compact().withBatchNorm(false), old, false, false);
        }));
        return c;
    }

    /** A variant by name: the base recipe with the named changes applied in order. */
    static Variant variant(String name, Recipe base) {
        Map<String, Change> known = changes();
        Variant v = new Variant(name, "", base.spec(), base.training(), false, false);
        List<String> descriptions = new ArrayList<>();
        for (String part : name.split("\\+")) {
            Change change = known.get(part);
            if (change == null) throw new IllegalArgumentException("unknown variant '" + part + "'; choose from " + known.keySet() + ", joined by +");
            v = change.apply().apply(v);
            descriptions.add(change.description());
        }
        return new Variant(name, String.join("; ", descriptions), v.spec(), v.training(), v.withYale(), v.transfer());
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
        Recipe base = config.dataset().equals("omniglot") ? Recipe.characters() : Recipe.faces();
        // Faces: a quarter of each fold's training people validates (early stopping, the threshold).
        if (!config.dataset().equals("omniglot")) base = base.withTraining(base.training().withSplit(0.75, 0.25));
        Map<String, Variant> known = new LinkedHashMap<>();
        for (String name : config.variants()) known.put(name, variant(name, base));
        for (Variant v : known.values()) {
            if (v.transfer() && config.init() == null) throw new IllegalArgumentException("variant " + v.name() + " needs a model to start from (--init)");
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
            // The floors on the same trials after the recipe's preprocessing.
            ModelSpec floorSpec = Recipe.characters().spec();
            List<io.siamese.data.ImageRef> trialImages = new ArrayList<>();
            for (io.siamese.data.OneShotTrial t : trials) { trialImages.add(t.query()); trialImages.addAll(t.candidates()); }
            FloorSet floorSet = FloorSet.describe(Floors.drawings(), trialImages,
                    new ImagePreprocessor(floorSpec.height(), floorSpec.width(), floorSpec.channels()), problems);
            for (ImageDistance<?> floor : floorSet.distances()) {
                String name = "floor: " + floor.key();
                known.putIfAbsent(name, new Variant(name, "no training: " + floor.title() + ", same trials", floorSpec, null, false, false));
                results.computeIfAbsent(name, n -> new ArrayList<>()).add(new LinkedHashMap<>(Map.of("twenty_way", floorSet.oneShot(floor, trials).accuracy())));
            }
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
                // The same network with the head's raw scores: what a score cohort changes, without a second training.
                if (!result.model().cohort().isEmpty()) {
                    figures.put("twenty_way_raw", validator.evaluate(result.model().withCohort(io.siamese.model.ScoreCohort.NONE)));
                }
                figures.put("eer", Evaluation.verification(Evaluation.score(result.model(),
                        ValidationPairs.of(protocol.validation().dataset(), 20_000, seed), preprocessor, problems), 0.5).eer());
                figures.put("epochs", (double) result.history().size());
                figures.put("minutes", (System.nanoTime() - start) / 60e9);
                results.computeIfAbsent(name, n -> new ArrayList<>()).add(figures);
                log.info("seed {} {}: {}", seed, name, figures);
                writeOmniglotTable(folder, results, known);
                record.progress(summary(results, OMNIGLOT_KEYS));
            }
        }
        return record.finish(summary(results, OMNIGLOT_KEYS));
    }

    private static final List<String> OMNIGLOT_KEYS = List.of("twenty_way", "twenty_way_raw", "eer", "minutes");

    private static void writeOmniglotTable(Path folder, Map<String, List<Map<String, Double>>> results, Map<String, Variant> known) {
        StringBuilder md = new StringBuilder("| variant | change | 20-way one-shot (validation alphabet) | the same networks' raw scores "
                + "(with a score cohort) | EER (validation alphabet) | minutes per run | seeds |\n").append("|---|---|---|---|---|---|---|\n");
        results.forEach((name, runs) -> {
            double eer = mean(runs, "eer"), minutes = mean(runs, "minutes"), raw = mean(runs, "twenty_way_raw");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% ± %.1f | %s | %s | %s | %d |%n", name, known.get(name).change(),
                    100 * mean(runs, "twenty_way"), 100 * sd(runs, "twenty_way"),
                    Double.isNaN(raw) ? "-" : String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * raw, 100 * sd(runs, "twenty_way_raw")),
                    Double.isNaN(eer) ? "-" : String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * eer, 100 * sd(runs, "eer")),
                    Double.isNaN(minutes) ? "-" : String.format(Locale.ROOT, "%.1f", minutes), runs.size()));
        });
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
        ModelSpec floorSpec = Recipe.faces().spec();
        ImagePreprocessor floorPreprocessor = new ImagePreprocessor(floorSpec.height(), floorSpec.width(), floorSpec.channels());
        for (int k = 0; k < config.folds(); k++) {
            ImageDataset dev = folds.get(k).validation();
            ImageDataset learn = folds.get(k).train();
            // The floors on the same development pairs and trials, after the recipe's preprocessing: what learning must beat.
            List<io.siamese.data.Pair> devPairs = ValidationPairs.of(dev, Integer.MAX_VALUE, 1);
            List<io.siamese.data.OneShotTrial> devTrials = OneShotTrials.acrossIdentities(dev, 5, config.trials(), config.seed() + 5);
            // The floors' thresholds are chosen on the validation people the recipe's training calibrates on, as the model's are.
            TrainingConfig recipe = Recipe.faces().training().withSeed(config.seed());
            ImageDataset calibrationPeople = innerSplit(learn, recipe).validation();
            List<io.siamese.data.ImageRef> floorImages = new ArrayList<>(dev.images());
            floorImages.addAll(calibrationPeople.images());
            FloorSet floorSet = FloorSet.describe(Floors.faces(LbpChiSquare.DEFAULT_GRID), floorImages, floorPreprocessor, problems);
            for (ImageDistance<?> floor : floorSet.distances()) {
                String name = "floor: " + floor.key();
                Evaluation.Scored scored = floorSet.score(floor, devPairs);
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("eer", io.siamese.training.Metrics.equalErrorRate(scored.scores(), scored.genuine()).rate());
                figures.put("auc", io.siamese.training.Metrics.rocAuc(scored.scores(), scored.genuine()));
                figures.put("five_way", floorSet.oneShot(floor, devTrials).accuracy());
                double threshold = Evaluation.thresholdAtFar(floorSet.score(floor, Trainer.validationPairs(calibrationPeople, recipe)), recipe.targetFar());
                java.util.function.ToDoubleBiFunction<io.siamese.data.ImageRef, io.siamese.data.ImageRef> similarity = (a, b) -> floorSet.score(floor, a, b);
                putGallery(figures, threshold, recipe.targetFar(), GalleryProbes.of(calibrationPeople.byIdentity(), Calibrator.GALLERY_SIZE, similarity),
                        GalleryProbes.of(dev.byIdentity(), Calibrator.GALLERY_SIZE, similarity));
                known.putIfAbsent(name, new Variant(name, "no training: " + floor.title() + ", same pairs and trials", floorSpec, null, false, false));
                results.computeIfAbsent(name, n -> new ArrayList<>()).add(figures);
            }
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

    private static final List<String> FACE_KEYS = List.of("eer", "auc", "five_way", "frr_at_calibrated", "far_at_calibrated", "gallery_fraction",
            "gallery_frr", "gallery_far", "gallery_fraction_far_rule", "gallery_frr_far_rule", "gallery_far_far_rule", "minutes");

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

    /** A fold's learning people split into training and validation people, as a variant's training splits them. */
    private static ImageDataset.Split innerSplit(ImageDataset learn, TrainingConfig training) {
        return learn.split(training.trainFraction(), 1 - training.trainFraction(), training.seed());
    }

    private static Map<String, Double> measure(Variant variant, ImageDataset learn, ImageDataset dev, Path runDir, Config config,
                                               Progress progress, DataProblems problems) {
        TrainingConfig training = variant.training().withSeed(config.seed());
        ImageDataset.Split split = innerSplit(learn, training);
        ImageDataset train = variant.withYale() ? split.train().concat(yale(problems), split.train().name() + "+yale") : split.train();
        ModelSpec spec = variant.spec();
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        Trainer trainer = new Trainer(runDir, training).progress(progress);
        if (variant.transfer()) {
            trainer.initialTower(SiameseModel.load(config.init()).network(), config.init().toString());
        }
        TrainingResult result = trainer
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
        putGallery(figures, model.calibration().threshold(), model.calibration().targetFar(),
                GalleryProbes.of(model, Evaluation.embeddingsByIdentity(model, split.validation().images(), preprocessor, problems), Calibrator.GALLERY_SIZE),
                GalleryProbes.of(model, Evaluation.embeddingsByIdentity(model, dev.images(), preprocessor, problems), Calibrator.GALLERY_SIZE));
        figures.put("epochs", (double) result.history().size());
        return figures;
    }

    /**
     * The app's 5-reference gallery decision on the development people, at a pair threshold chosen on validation
     * people: its verification fraction by the calibration's rule (the equal-error point of the validation people's
     * gallery decisions) and by the alternative that keeps the target false-accept rate on them, so both rules are
     * compared on the same scores.
     */
    private static void putGallery(Map<String, Double> figures, double threshold, double targetFar, GalleryProbes validation, GalleryProbes dev) {
        if (!validation.usable() || !dev.usable()) return;
        double atEqualError = Calibrator.galleryFraction(validation, threshold);
        double atTarget = Calibrator.galleryFractionAtFar(validation, threshold, targetFar);
        GalleryProbes.Rates rates = dev.rates(threshold, atEqualError), alternative = dev.rates(threshold, atTarget);
        figures.put("gallery_fraction", atEqualError);
        figures.put("gallery_frr", rates.frr());
        figures.put("gallery_far", rates.far());
        figures.put("gallery_fraction_far_rule", atTarget);
        figures.put("gallery_frr_far_rule", alternative.frr());
        figures.put("gallery_far_far_rule", alternative.far());
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
        StringBuilder md = new StringBuilder("| variant | change | EER | ROC-AUC | 5-way one-shot | FRR / FAR at the calibrated threshold "
                + "| gallery FRR / FAR (fraction at the equal-error point) | same, fraction at the target FAR | minutes per run | folds |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        results.forEach((name, runs) -> {
            double frr = mean(runs, "frr_at_calibrated"), far = mean(runs, "far_at_calibrated"), minutes = mean(runs, "minutes");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% ± %.1f | %.3f ± %.3f | %.1f%% ± %.1f | %s | %s | %s | %s | %d |%n",
                    name, known.get(name).change(), 100 * mean(runs, "eer"), 100 * sd(runs, "eer"), mean(runs, "auc"), sd(runs, "auc"),
                    100 * mean(runs, "five_way"), 100 * sd(runs, "five_way"),
                    Double.isNaN(frr) ? "-" : String.format(Locale.ROOT, "%.1f%% / %.2f%%", 100 * frr, 100 * far),
                    galleryCell(runs, ""), galleryCell(runs, "_far_rule"),
                    Double.isNaN(minutes) ? "-" : String.format(Locale.ROOT, "%.1f", minutes), runs.size()));
        });
        AtomicFiles.writeString(folder.resolve("ablation.md"), md.toString());
    }

    /** Mean gallery FRR / FAR (and the fractions chosen) of one rule, or "-" where no run has them. */
    private static String galleryCell(List<Map<String, Double>> runs, String rule) {
        double frr = mean(runs, "gallery_frr" + rule);
        if (Double.isNaN(frr)) return "-";
        String fractions = runs.stream().filter(r -> r.containsKey("gallery_fraction" + rule))
                .map(r -> String.format(Locale.ROOT, "%.1f", r.get("gallery_fraction" + rule))).collect(java.util.stream.Collectors.joining(", "));
        return String.format(Locale.ROOT, "%.1f%% / %.2f%% (%s)", 100 * frr, 100 * mean(runs, "gallery_far" + rule), fractions);
    }

    /** The mean of a figure over the runs that have it (a floor has no threshold or minutes); NaN when none has. */
    static double mean(List<Map<String, Double>> runs, String key) {
        return runs.stream().filter(r -> r.containsKey(key)).mapToDouble(r -> r.get(key)).average().orElse(Double.NaN);
    }

    /** The sample standard deviation of a figure over the runs that have it; 0 with fewer than two. */
    static double sd(List<Map<String, Double>> runs, String key) {
        double[] values = runs.stream().filter(r -> r.containsKey(key)).mapToDouble(r -> r.get(key)).toArray();
        if (values.length < 2) return 0;
        double m = mean(runs, key);
        double squares = 0;
        for (double v : values) squares += (v - m) * (v - m);
        return Math.sqrt(squares / (values.length - 1));
    }
}
