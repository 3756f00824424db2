package io.siamese.experiments;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.IdentityFoldersReader;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;
import io.siamese.data.OneShotTrials;
import io.siamese.data.Pair;
import io.siamese.data.SharedDatasets;
import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.training.Calibrator;
import io.siamese.training.Evaluation;
import io.siamese.training.GalleryProbes;
import io.siamese.training.Metrics;
import io.siamese.training.Plots;
import io.siamese.training.Progress;
import io.siamese.training.Recipe;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.floor.FloorSet;
import io.siamese.training.floor.Floors;
import io.siamese.training.floor.ImageDistance;
import io.siamese.training.floor.LbpChiSquare;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 3: can a Siamese network verify and identify faces of people it has never seen, from one example, and
 * does it do better than comparing pixels?
 *
 * <p>The AT&amp;T/ORL faces (40 people, 10 photos each, varying lighting, expression and glasses) are cross-validated by
 * person: the people are shuffled with the seed into 5 folds of 8; each fold's network trains on people of the other
 * folds, chooses its epoch and calibrates its threshold on validation people taken from those (never from the fold),
 * and is tested on the fold's 8 people: every pair of their images (ROC-AUC, equal error rate, FAR and FRR at the
 * calibrated threshold) and 2-, 5- and 8-way one-shot trials among them. Beside the network, two floors that learn
 * nothing are scored on the same pairs and trials after the same preprocessing: raw-pixel L1 and uniform-LBP
 * histograms with the chi-square distance (Ahonen et al. 2006); their thresholds are chosen like the network's, on
 * the fold's validation pairs. The result is the mean and standard deviation over the folds.
 *
 * <p>Runtime: the training budget is per fold (10 minutes by default), so about 50 minutes on 2 cores; the floors
 * alone ({@code floorsOnly}) take seconds. The test runs two folds of a few batches. Output:
 * {@code experiments/results/Exp03FacesOneShot/TIMESTAMP/} with {@code folds.csv} (each fold's figures, written as
 * the fold finishes), {@code experiment.json}, {@code test-roc.png} and a {@code summary.md}.
 */
public final class Exp03FacesOneShot {

    /**
     * @param faces           the ORL folder, or null to look in {@code ../shared/datasets/orl_faces}
     * @param spec            the model
     * @param training        each fold's run (its split fractions are not used: the folds split by person)
     * @param augmentation    augmentation preset name
     * @param folds           how many folds the people are cut into (5: 8 test people each on ORL)
     * @param onlyFolds       which folds to run (1-based); empty for all
     * @param validationShare the share of each fold's non-test people that validates (0.25: 8 of 32 on ORL)
     * @param ways            N of the N-way one-shot tests (each at most the number of test people)
     * @param trials          one-shot trials per N and fold
     * @param lbpGrid         cells per side of the LBP floor's grid
     * @param floorsOnly      measure the floors and train nothing
     * @param budgetMinutes   training time budget per fold, or null to train every epoch
     * @param out             result folder, or null for a new timestamped one
     * @param init            a saved model whose tower every fold starts from (for example one trained on LFW's
     *                        people, none of whom is in ORL), or null for random weights
     */
    public record Config(Path faces, ModelSpec spec, TrainingConfig training, String augmentation, int folds, List<Integer> onlyFolds,
                         double validationShare, List<Integer> ways, int trials, int lbpGrid, boolean floorsOnly, Double budgetMinutes,
                         Path out, Path init) {

        /** The faces recipe ({@link Recipe#faces()}), 10 minutes per fold. */
        public static final Config DEFAULTS = new Config(null, Recipe.faces().spec(), Recipe.faces().training(),
                Recipe.faces().training().augmentation(), 5, List.of(), 0.25, List.of(2, 5, 8), 400, LbpChiSquare.DEFAULT_GRID, false, 10.0, null, null);

        public Config {
            onlyFolds = List.copyOf(onlyFolds);
            ways = List.copyOf(ways);
            if (folds < 2) throw new IllegalArgumentException("folds must be >= 2, got " + folds);
            for (int f : onlyFolds) if (f < 1 || f > folds) throw new IllegalArgumentException("fold " + f + " is not one of 1-" + folds);
            if (trials < 1) throw new IllegalArgumentException("trials must be >= 1, got " + trials);
            if (budgetMinutes != null && !(budgetMinutes > 0)) throw new IllegalArgumentException("budgetMinutes must be positive, got " + budgetMinutes);
        }

        /** Two folds of a few batches each: what the tests run. */
        public Config tiny() {
            return new Config(faces, spec, training.withPretraining(training.pretraining().withEpochs(Math.min(1, training.pretraining().epochs())))
                    .withEpochs(1).withPairsPerEpoch(32).withValidationPairs(40), augmentation, folds,
                    List.of(1, 2), validationShare, List.of(2, 5), 20, lbpGrid, floorsOnly, budgetMinutes, out, init);
        }

        public Config withFaces(Path path) {
            return new Config(path, spec, training, augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly, budgetMinutes, out, init);
        }

        public Config withOut(Path folder) {
            return new Config(faces, spec, training, augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly, budgetMinutes, folder, init);
        }

        /** The training budget per fold, or null to train every epoch. */
        public Config withBudgetMinutes(Double minutes) {
            return new Config(faces, spec, training, augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly, minutes, out, init);
        }

        public Config withFolds(int k) {
            return new Config(faces, spec, training, augmentation, k, List.of(), validationShare, ways, trials, lbpGrid, floorsOnly, budgetMinutes, out, init);
        }

        public Config withOnlyFolds(List<Integer> which) {
            return new Config(faces, spec, training, augmentation, folds, which, validationShare, ways, trials, lbpGrid, floorsOnly, budgetMinutes, out, init);
        }

        /** Every fold's tower starts from this saved model's tower (transfer learning), or from random weights when null. */
        public Config withInit(Path model) {
            return new Config(faces, spec, training, augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly, budgetMinutes, out, model);
        }

        /** Every fold's stages keep the starting tower's first {@code blocks} convolution blocks ({@link TrainingConfig#withFrozenBlocks}). */
        public Config withFrozenBlocks(int blocks) {
            return new Config(faces, spec, training.withFrozenBlocks(blocks), augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly,
                    budgetMinutes, out, init);
        }

        /**
         * Every fold's final model averages each embedding over the image rotated by {@code degrees} either way
         * ({@link ModelSpec#testTimeRotation}); 0: none.
         */
        public Config withTestTimeRotation(double degrees) {
            return new Config(faces, spec.withTestTimeRotation(degrees), training, augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly,
                    budgetMinutes, out, init);
        }

        /** Every fold's model is the weight average of {@code runs} runs of seeds 42, 43, ... ({@link TrainingConfig#soup}); 1: one run. */
        public Config withSoup(int runs) {
            return new Config(faces, spec, training.withSoup(runs), augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly,
                    budgetMinutes, out, init);
        }

        /** Every fold's final model embeds images zoomed by {@code zoom} ({@link ModelSpec#testTimeZoom}); 1: as they are. */
        public Config withTestTimeZoom(double zoom) {
            return new Config(faces, spec.withTestTimeZoom(zoom), training, augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, floorsOnly,
                    budgetMinutes, out, init);
        }

        public Config withFloorsOnly(boolean value) {
            return new Config(faces, spec, training, augmentation, folds, onlyFolds, validationShare, ways, trials, lbpGrid, value, budgetMinutes, out, init);
        }
    }

    /** The figures of one scorer (the model or a floor) on one fold, keyed as in the JSON. */
    static final String[] FIGURES = {"eer", "auc", "accuracy_at_eer_threshold", "far_at_calibrated", "frr_at_calibrated", "gallery_far", "gallery_frr"};

    private Exp03FacesOneShot() {
    }

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.out.println(run(Config.DEFAULTS, Progress.NONE).jsonLine());
    }

    public static ExperimentResult run(Config config, Progress progress) {
        // 1. Setup. The data is looked up before anything is written, so a missing dataset leaves no empty folder.
        Path faces = config.faces() != null ? config.faces() : SharedDatasets.orlFaces().orElseThrow(() -> new DatasetException(
                "the AT&T/ORL faces were not found: download them (40 folders s1..s40 of 10 PGM images, "
                        + "https://cam-orl.co.uk/facedatabase.html) and pass their folder, or put them in ../shared/datasets/orl_faces"));
        DataProblems problems = new DataProblems();
        ImageDataset all = IdentityFoldersReader.read(faces, problems);
        TrainingConfig training = config.training();
        List<PersonFolds.Fold> folds = PersonFolds.split(all, config.folds(), config.validationShare(), training.seed()).stream()
                .filter(f -> config.onlyFolds().isEmpty() || config.onlyFolds().contains(f.index())).toList();
        Path folder = Results.folder("Exp03FacesOneShot", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp03FacesOneShot", folder, config, config.floorsOnly() ? "none: floors only"
                : (config.budgetMinutes() == null ? "none: every epoch" : Results.f(config.budgetMinutes(), 1) + " min per fold")
                + (config.init() == null ? "" : ", towers started from " + config.init().getFileName() + " in " + config.init().toAbsolutePath().getParent().getFileName()
                + " (trained on other people beforehand, not counted)"
                + (training.optimizer().frozenBlocks() > 0 ? ", its first " + training.optimizer().frozenBlocks() + " blocks frozen" : "")));
        ModelSpec spec = config.spec();
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        List<ImageDistance<?>> floors = Floors.faces(config.lbpGrid());

        // 2-5. Per fold: the floors, then the network trained on the other folds' people, scored on the same pairs and trials.
        List<Map<String, Double>> modelFolds = new ArrayList<>();
        Map<String, List<Map<String, Double>>> floorFolds = new LinkedHashMap<>();
        List<Map<String, Object>> csv = new ArrayList<>();
        List<Evaluation.Scored> pooled = new ArrayList<>();
        Map<String, Object> numbers = new LinkedHashMap<>();
        for (PersonFolds.Fold fold : folds) {
            int people = fold.test().identities().size();
            List<Pair> testPairs = allPairs(fold.test());
            Map<Integer, List<OneShotTrial>> trials = new LinkedHashMap<>();
            for (int n : config.ways()) {
                if (n <= people) trials.put(n, OneShotTrials.acrossIdentities(fold.test(), n, config.trials(), training.seed() + 100L * fold.index() + n));
            }
            // The validation pairs the trainer calibrates on (drawn the same way), so each floor's threshold is chosen like the model's.
            List<Pair> validationPairs = Trainer.validationPairs(fold.validation(), training);
            List<ImageRef> images = new ArrayList<>(fold.test().images());
            images.addAll(fold.validation().images());
            FloorSet floorSet = FloorSet.describe(floors, images, preprocessor, problems);
            for (ImageDistance<?> floor : floors) {
                Evaluation.Scored validation = floorSet.score(floor, validationPairs);
                Map<Integer, Evaluation.OneShotReport> oneShot = new LinkedHashMap<>();
                trials.forEach((n, t) -> oneShot.put(n, floorSet.oneShot(floor, t)));
                double threshold = Evaluation.thresholdAtFar(validation, training.targetFar());
                Map<String, Double> figures = figures(floorSet.score(floor, testPairs), threshold, Evaluation.eerThreshold(validation), oneShot);
                // The app's gallery decision, its verification fraction chosen on the validation people as training chooses the model's.
                java.util.function.ToDoubleBiFunction<ImageRef, ImageRef> similarity = (a, b) -> floorSet.score(floor, a, b);
                double fraction = Calibrator.galleryFraction(GalleryProbes.of(fold.validation().byIdentity(), Calibrator.GALLERY_SIZE, similarity), threshold);
                putGalleryRates(figures, GalleryProbes.of(fold.test().byIdentity(), Calibrator.GALLERY_SIZE, similarity).rates(threshold, fraction));
                floorFolds.computeIfAbsent(floor.key(), k -> new ArrayList<>()).add(figures);
                csv.add(row(fold, floor.key(), people, testPairs.size(), figures));
            }
            if (!config.floorsOnly()) {
                Instant start = Instant.now();
                SiameseModel model = trainFold(fold.train(), fold.validation(), preprocessor, config, folder.resolve("fold-" + fold.index()),
                        new Budget(config.budgetMinutes()).nextDeadline(1), progress);
                double minutes = java.time.Duration.between(start, Instant.now()).toMillis() / 60_000.0;
                Evaluation.Scored scored = Evaluation.score(model, testPairs, preprocessor, problems);
                Map<Integer, Evaluation.OneShotReport> oneShot = new LinkedHashMap<>();
                trials.forEach((n, t) -> oneShot.put(n, Evaluation.oneShot(model, t, preprocessor, problems)));
                Map<String, Double> figures = figures(scored, model.calibration().threshold(), model.calibration().eerThreshold(), oneShot);
                putGalleryRates(figures, GalleryProbes.of(model, Evaluation.embeddingsByIdentity(model, fold.test().images(), preprocessor, problems),
                        Calibrator.GALLERY_SIZE).rates(model.calibration().threshold(), model.calibration().verificationFraction()));
                figures.put("train_minutes", minutes);
                modelFolds.add(figures);
                pooled.add(scored);
                csv.add(row(fold, "model", people, testPairs.size(), figures));
            }
            Results.writeCsv(folder.resolve("folds.csv"), csv);
            numbers = numbers(config, folds, modelFolds, floorFolds, csv);
            record.progress(numbers);
        }
        if (!pooled.isEmpty()) {
            Evaluation.Scored all2 = Evaluation.concat(pooled);
            Plots.roc(Metrics.rocCurve(all2.scores(), all2.genuine()), Metrics.rocAuc(all2.scores(), all2.genuine()), folder.resolve("test-roc.png"));
        }

        // 6. Report.
        summary(config, all, folds, numbers, floors).write(folder);
        return record.finish(numbers);
    }

    /**
     * Trains one fold's network on its training people, chooses the epoch and calibrates the threshold on its
     * validation people, and returns the calibrated model. The whole training recipe of the experiment is here.
     *
     * @param runFolder where the run's checkpoints, curves and {@code model.zip} go
     * @param deadline  when training must stop (after the epoch that would overrun it), or null
     */
    static SiameseModel trainFold(ImageDataset trainPeople, ImageDataset validationPeople, ImagePreprocessor preprocessor, Config config,
                                  Path runFolder, Instant deadline, Progress progress) {
        Trainer trainer = new Trainer(runFolder, config.training().withAugmentation(config.augmentation())).progress(progress).deadline(deadline);
        if (config.init() != null) trainer.initialTower(SiameseModel.load(config.init()).network(), config.init().toString());
        return trainer.train(config.spec(), new TrainingData(trainPeople, validationPeople, preprocessor, trainPeople.name()), false).model();
    }

    /** One scorer's figures on one fold: threshold-free ones, the ones at the given thresholds, and one-shot accuracy. */
    static Map<String, Double> figures(Evaluation.Scored test, double calibratedThreshold, double eerThreshold,
                                       Map<Integer, Evaluation.OneShotReport> oneShot) {
        Evaluation.VerificationReport calibrated = Evaluation.verification(test, calibratedThreshold);
        Evaluation.VerificationReport atEer = Evaluation.verification(test, eerThreshold);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("eer", calibrated.eer());
        figures.put("auc", calibrated.auc());
        figures.put("accuracy_at_eer_threshold", atEer.accuracy());
        figures.put("far_at_calibrated", calibrated.far());
        figures.put("frr_at_calibrated", calibrated.frr());
        oneShot.forEach((n, report) -> figures.put(Results.wayKey(n), report.accuracy()));
        figures.put("threshold", calibratedThreshold);
        return figures;
    }

    /**
     * The face-ID decision on the test people: each person's first {@value Calibrator#GALLERY_SIZE} photos are the
     * references, each other photo of theirs a genuine probe and every photo of the other test people an impostor.
     */
    private static void putGalleryRates(Map<String, Double> figures, GalleryProbes.Rates rates) {
        figures.put("gallery_far", rates.far());
        figures.put("gallery_frr", rates.frr());
    }

    private static Map<String, Object> row(PersonFolds.Fold fold, String scorer, int people, int pairs, Map<String, Double> figures) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fold", fold.index());
        row.put("scorer", scorer);
        row.put("test_people", people);
        row.put("test_pairs", pairs);
        row.putAll(figures);
        return row;
    }

    /** The JSON-line numbers: the model's means and standard deviations, each fold's figures, and the floors alike. */
    private static Map<String, Object> numbers(Config config, List<PersonFolds.Fold> folds, List<Map<String, Double>> modelFolds,
                                               Map<String, List<Map<String, Double>>> floorFolds, List<Map<String, Object>> csv) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        int done = floorFolds.values().stream().findFirst().map(List::size).orElse(0);
        numbers.put("folds", config.folds());
        numbers.put("folds_planned", folds.size());
        numbers.put("folds_done", done);
        numbers.put("test_people_per_fold", folds.stream().map(f -> f.test().identities().size()).toList());
        numbers.put("floors_only", config.floorsOnly());
        numbers.putAll(withoutThreshold(Results.meanAndSd(modelFolds)));
        numbers.put("per_fold", Results.rowsOf(csv, "model"));
        Map<String, Object> floors = new LinkedHashMap<>();
        floorFolds.forEach((key, perFold) -> {
            Map<String, Object> floor = new LinkedHashMap<>(withoutThreshold(Results.meanAndSd(perFold)));
            floor.put("per_fold", Results.rowsOf(csv, key));
            floors.put(key, floor);
        });
        numbers.put("floors", floors);
        return numbers;
    }

    private static Map<String, Object> withoutThreshold(Map<String, Object> means) {
        means.keySet().removeIf(k -> k.startsWith("threshold_"));
        return means;
    }

    private static Results.Summary summary(Config config, ImageDataset all, List<PersonFolds.Fold> folds, Map<String, Object> numbers,
                                           List<ImageDistance<?>> floors) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> floorNumbers = (Map<String, Map<String, Object>>) numbers.get("floors");
        List<String> headers = new ArrayList<>(List.of("measure (mean ± sd over " + folds.size() + " folds)"));
        if (!config.floorsOnly()) headers.add("trained network");
        for (ImageDistance<?> floor : floors) headers.add(floor.title() + " (no training)");
        List<List<String>> rows = new ArrayList<>();
        List<String> measures = new ArrayList<>(List.of(FIGURES));
        for (int n : config.ways()) measures.add(Results.wayKey(n));
        Map<String, String> names = new LinkedHashMap<>();
        names.put("eer", "equal error rate");
        names.put("auc", "ROC-AUC");
        names.put("accuracy_at_eer_threshold", "accuracy at the validation EER threshold");
        names.put("far_at_calibrated", "FAR at the calibrated threshold (target " + Results.pct(config.training().targetFar()) + ")");
        names.put("frr_at_calibrated", "FRR at the calibrated threshold");
        names.put("gallery_far", "face-ID decision, " + Calibrator.GALLERY_SIZE + " references: FAR (calibrated thresholds)");
        names.put("gallery_frr", "face-ID decision, " + Calibrator.GALLERY_SIZE + " references: FRR (calibrated thresholds)");
        for (int n : config.ways()) names.put(Results.wayKey(n), n + "-way one-shot accuracy (chance " + Results.pct(1.0 / n) + ")");
        List<String> comparisons = new ArrayList<>();
        for (String key : measures) {
            if (!floorNumbers.isEmpty() && !floorNumbers.values().iterator().next().containsKey(key + "_mean")) continue;
            boolean rate = !key.equals("auc");
            List<String> row = new ArrayList<>(List.of(names.getOrDefault(key, key)));
            if (!config.floorsOnly()) row.add(Results.meanSd(numbers, key, rate));
            for (ImageDistance<?> floor : floors) row.add(Results.meanSd(floorNumbers.get(floor.key()), key, rate));
            rows.add(row);
            if (!config.floorsOnly() && (key.equals("eer") || key.equals("auc") || key.equals("five_way"))) {
                Map<String, Double> floorValues = new LinkedHashMap<>();
                floorNumbers.forEach((k, m) -> floorValues.put(k, Results.number(m, key + "_mean")));
                comparisons.addAll(Results.versusFloors(key.equals("eer") ? "EER" : key.equals("auc") ? "ROC-AUC" : "5-way one-shot",
                        Results.number(numbers, key + "_mean"), floorValues, !key.equals("eer"), rate ? Results::pct : v -> Results.f(v, 3)));
            }
        }
        Results.Summary summary = new Results.Summary("Faces, one-shot: the AT&T/ORL faces, people never seen in training, against no-training floors",
                "How well does a Siamese network trained on some people verify and identify other people from a single photo, and does it beat comparing pixels?")
                .paragraph("Data: " + all.describe() + " (Olivetti Research Laboratory, Samaria & Harter 1994), cross-validated by person: "
                        + config.folds() + " folds (seeded), " + folds.size() + " run; each fold tests on its people ("
                        + folds.stream().map(f -> String.valueOf(f.test().identities().size())).toList() + "), validates on "
                        + folds.get(0).validation().identities().size() + " and trains on " + folds.get(0).train().identities().size()
                        + " of the other people. Model: " + config.spec().describe() + (config.floorsOnly() ? " (not trained: floors only)." : "."))
                .table(headers, rows);
        if (!comparisons.isEmpty()) summary.takeaway("Against the floors, the trained network " + String.join("; ", comparisons) + ".");
        return summary
                .takeaway("The floors learn nothing: they compare the same preprocessed images (" + config.spec().height() + "x" + config.spec().width()
                        + ", centre square, area resize) by raw-pixel L1 and by uniform-LBP histograms (" + config.lbpGrid() + "x" + config.lbpGrid()
                        + " cells, chi-square), on the same pairs and trials; their calibrated and EER thresholds were chosen like the network's, on each fold's validation pairs.")
                .takeaway("All test people are unseen: these are one-shot numbers, the setting of a face-ID app that enrols a new user from a few photos.")
                .takeaway("The threshold was chosen on validation people for a false-accept rate of " + Results.pct(config.training().targetFar())
                        + "; with a few hundred validation pairs that estimate is coarse, which the test FAR shows.")
                .takeaway("folds.csv has every fold's figures for the network and the floors; the spread over folds is the standard deviation above.");
    }


    /** Every unordered pair of distinct images. */
    static List<Pair> allPairs(ImageDataset dataset) {
        List<ImageRef> images = dataset.images();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            for (int j = i + 1; j < images.size(); j++) {
                pairs.add(new Pair(images.get(i), images.get(j), images.get(i).identity().equals(images.get(j).identity())));
            }
        }
        return pairs;
    }
}
