package io.siamese.experiments;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.Pair;
import io.siamese.data.SharedDatasets;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.data.lfw.LfwCentreCrop;
import io.siamese.data.lfw.LfwFold;
import io.siamese.data.lfw.LfwPairs;
import io.siamese.data.lfw.LfwTree;
import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.training.Evaluation;
import io.siamese.training.Metrics;
import io.siamese.training.Plots;
import io.siamese.training.HardNegativeMiner;
import io.siamese.training.Progress;
import io.siamese.training.Recipe;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.floor.FloorSet;
import io.siamese.training.floor.Floors;
import io.siamese.training.floor.ImageDistance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Experiment 4: face verification in the wild, by LFW's own protocol, against no-training floors.
 *
 * <p>View 2 (the default, for the reported figure): for each of the 10 folds of {@code pairs.txt} (300 matched and
 * 300 mismatched pairs each), a network is trained from scratch on the LFW people who do not appear in that fold,
 * chooses its epoch and calibrates its threshold on held-out training people, and is tested on the fold's 600 pairs.
 * The result is the mean accuracy and its standard deviation over the folds, as LFW reports it, with EER, ROC-AUC and
 * FAR/FRR at the calibrated threshold beside it. A network's accuracy uses the equal-error threshold found on its
 * validation people. View 1 ({@code view = 1}: trained on the people outside {@code pairsDevTest.txt}, tested on its
 * 1,000 pairs) is for tuning; LFW's rules ask that View 2 be run once, for the figure that is reported.
 *
 * <p>Beside each network, two floors that learn nothing are scored on the same pairs after the same preprocessing:
 * raw-pixel L1 and uniform-LBP histograms with the chi-square distance (Ahonen et al. 2006, 8x8 cells). As LFW's
 * protocol does for methods without training, a floor's threshold for a fold is chosen on the other nine folds (for
 * View 1: on {@code pairsDevTrain.txt}). The floors are measured before any training, and each fold's figures are
 * written to {@code folds.csv} and {@code experiment.json} as the fold finishes, so a run that dies keeps what it
 * measured.
 *
 * <p>LFW is not bundled: download {@code lfw.tgz} and {@code pairs.txt} (http://vis-www.cs.umass.edu/lfw/, or a
 * mirror; a flat folder of {@code Name_0001.jpg} works too), put them in one folder and pass it. Runtime: about 20
 * minutes per fold on 2 cores with the defaults, so a full run takes hours; {@code budgetMinutes} is shared over the
 * folds, and the floors alone ({@code floorsOnly}) take about a minute. The test runs on a small generated tree.
 * Output: {@code experiments/results/Exp04LfwVerification/TIMESTAMP/}.
 */
public final class Exp04LfwVerification {

    /**
     * @param lfw           folder with the LFW images and {@code pairs.txt}, or null for {@code ../shared/datasets/lfw}
     * @param spec          the model
     * @param training      each fold's run
     * @param augmentation  augmentation preset name
     * @param view          2: the 10 folds of {@code pairs.txt} (the reported figure); 1: {@code pairsDevTest.txt}, for tuning
     * @param folds         View 2: which folds to run (1-10); empty for all
     * @param crop          how faces are cut out before the model's centre-square resize: {@code centre} (a fixed central
     *                      square, {@link LfwCentreCrop}: LFW's faces sit in the middle), {@code haar} (the Haar cascade,
     *                      the whole image when no face is found; about 40 ms per image on this machine, at every epoch)
     *                      or {@code none} (the whole 250x250 image)
     * @param lbpGrid       cells per side of the LBP floor's grid
     * @param floorsOnly    measure the floors and train nothing
     * @param budgetMinutes total training budget over all folds, or null
     * @param out           result folder, or null for a new timestamped one
     */
    public record Config(Path lfw, ModelSpec spec, TrainingConfig training, String augmentation, int view, List<Integer> folds,
                         String crop, int lbpGrid, boolean floorsOnly, Double budgetMinutes, Path out) {

        /**
         * The faces recipe ({@link Recipe#faces()}) on every training person of a fold (10% of them validate, on at
         * most 4,000 pairs; negatives mined from pools of 1,024 images): LFW is 30 times ORL, so each epoch's
         * validation and mining are kept small beside the training. With 6 minutes a fold, pretraining takes 85% of
         * the time: on validation people of a training fold it gained more per minute than the pair stage did.
         * 60 minutes shared by the 10 folds.
         */
        public static final Config DEFAULTS = new Config(null, Recipe.faces().spec(), Recipe.faces().training().withSplit(0.9, 0.1)
                .withValidationPairs(4000).withNegatives(HardNegativeMiner.Config.DEFAULTS.withPoolImages(1024))
                .withPretraining(Recipe.faces().training().pretraining().withBudgetShare(0.85)),
                Recipe.faces().training().augmentation(), 2, List.of(), CENTRE, 8, false, 60.0, null);

        public Config {
            folds = List.copyOf(folds);
            if (view != 1 && view != 2) throw new IllegalArgumentException("LFW has views 1 and 2, got " + view);
            if (!List.of(CENTRE, HAAR, NONE).contains(crop)) throw new IllegalArgumentException("crop must be centre, haar or none, got " + crop);
            if (lbpGrid < 1) throw new IllegalArgumentException("lbpGrid must be >= 1, got " + lbpGrid);
            if (budgetMinutes != null && !(budgetMinutes > 0)) throw new IllegalArgumentException("budgetMinutes must be positive, got " + budgetMinutes);
        }

        public Config tiny() {
            return new Config(lfw, spec, training.withPretraining(training.pretraining().withEpochs(Math.min(1, training.pretraining().epochs())))
                    .withEpochs(1).withPairsPerEpoch(32).withValidationPairs(20), augmentation, view, folds,
                    crop, lbpGrid, floorsOnly, budgetMinutes, out);
        }

        public Config withLfw(Path path) {
            return new Config(path, spec, training, augmentation, view, folds, crop, lbpGrid, floorsOnly, budgetMinutes, out);
        }

        public Config withOut(Path folder) {
            return new Config(lfw, spec, training, augmentation, view, folds, crop, lbpGrid, floorsOnly, budgetMinutes, folder);
        }

        /** The training budget shared by all folds, or null to train every epoch. */
        public Config withBudgetMinutes(Double minutes) {
            return new Config(lfw, spec, training, augmentation, view, folds, crop, lbpGrid, floorsOnly, minutes, out);
        }

        public Config withCrop(String how) {
            return new Config(lfw, spec, training, augmentation, view, folds, how, lbpGrid, floorsOnly, budgetMinutes, out);
        }

        /** The model's preprocessing: its input size and channels, after the crop. */
        ImagePreprocessor preprocessor() {
            ImagePreprocessor p = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
            return switch (crop) {
                case CENTRE -> p.withFaceCropper(new LfwCentreCrop(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
                case HAAR -> p.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
                default -> p;
            };
        }

        public Config withView(int v) {
            return new Config(lfw, spec, training, augmentation, v, folds, crop, lbpGrid, floorsOnly, budgetMinutes, out);
        }

        public Config withFolds(List<Integer> which) {
            return new Config(lfw, spec, training, augmentation, view, which, crop, lbpGrid, floorsOnly, budgetMinutes, out);
        }

        public Config withFloorsOnly(boolean value) {
            return new Config(lfw, spec, training, augmentation, view, folds, crop, lbpGrid, value, budgetMinutes, out);
        }
    }

    /** The crops: a fixed central square, the Haar cascade, or none. */
    public static final String CENTRE = "centre", HAAR = "haar", NONE = "none";

    /**
     * One test of the protocol: a View 2 fold, or View 1's development test.
     *
     * @param index           the fold number (1 for View 1)
     * @param test            the pairs tested
     * @param floorThresholds the pairs a floor's thresholds are chosen on: the other folds, or View 1's training pairs
     */
    record TestSet(int index, String name, List<Pair> test, List<Pair> floorThresholds) {
        Set<String> people() {
            return new LfwFold(index, test).identities();
        }
    }

    private Exp04LfwVerification() {
    }

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.out.println(run(Config.DEFAULTS, Progress.NONE).jsonLine());
    }

    public static ExperimentResult run(Config config, Progress progress) {
        // 1. Setup. LFW is looked up first: without it the experiment says where to get it and writes nothing.
        Path lfw = config.lfw() != null ? config.lfw() : SharedDatasets.locate("lfw").orElse(null);
        String needed = config.view() == 2 ? LfwPairs.PAIRS : LfwPairs.DEV_TEST;
        if (lfw == null || !Files.isDirectory(lfw) || LfwPairs.find(lfw, needed).isEmpty()
                || (config.view() == 1 && LfwPairs.find(lfw, LfwPairs.DEV_TRAIN).isEmpty())) {
            throw new DatasetException("LFW was not found" + (lfw == null ? "" : " in " + lfw) + ": download lfw.tgz and "
                    + (config.view() == 2 ? LfwPairs.PAIRS : LfwPairs.DEV_TRAIN + " and " + LfwPairs.DEV_TEST)
                    + " from http://vis-www.cs.umass.edu/lfw/ (or a mirror), extract both into one folder and pass it (lfw-pairs:PATH)");
        }
        DataProblems problems = new DataProblems();
        ImageDataset tree = LfwTree.read(lfw, problems);
        List<TestSet> tests = testSets(lfw, config, problems);
        int protocolFolds = config.view() == 1 ? 1 : LfwPairs.folds(lfw, new DataProblems()).size();
        Path folder = Results.folder("Exp04LfwVerification", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp04LfwVerification", folder, config, config.floorsOnly() ? "none: floors only"
                : config.budgetMinutes() == null ? "none: every epoch" : Results.f(config.budgetMinutes(), 1) + " min shared by " + tests.size() + " fold(s)");

        ImagePreprocessor preprocessor = config.preprocessor();
        TrainingConfig training = config.training();

        // 2. The floors first: no training, the same pairs and preprocessing, thresholds from the other folds.
        List<ImageDistance<?>> floors = Floors.faces(config.lbpGrid());
        List<ImageRef> images = new ArrayList<>();
        for (TestSet t : tests) {
            for (List<Pair> pairs : List.of(t.test(), t.floorThresholds())) for (Pair p : pairs) { images.add(p.left()); images.add(p.right()); }
        }
        FloorSet floorSet = FloorSet.describe(floors, images, preprocessor, problems);
        Map<String, List<Map<String, Double>>> floorFolds = new LinkedHashMap<>();
        List<Map<String, Object>> csv = new ArrayList<>();
        for (TestSet t : tests) {
            for (ImageDistance<?> floor : floors) {
                Evaluation.Scored calibration = floorSet.score(floor, t.floorThresholds());
                Map<String, Double> figures = figures(floorSet.score(floor, t.test()), Evaluation.eerThreshold(calibration),
                        Evaluation.thresholdAtFar(calibration, training.targetFar()));
                floorFolds.computeIfAbsent(floor.key(), k -> new ArrayList<>()).add(figures);
                csv.add(row(t, floor.key(), figures));
            }
        }
        List<Map<String, Double>> modelFolds = new ArrayList<>();
        Map<String, Object> numbers = numbers(config, protocolFolds, tests, modelFolds, floorFolds, csv, Double.NaN);
        Results.writeCsv(folder.resolve("folds.csv"), csv);
        record.progress(numbers);

        // 3-5. Per fold: train on people outside the fold, calibrate on held-out training people, test on the fold.
        Budget budget = new Budget(config.budgetMinutes());
        List<Evaluation.Scored> pooled = new ArrayList<>();
        for (int i = 0; i < tests.size() && !config.floorsOnly(); i++) {
            TestSet t = tests.get(i);
            ImageDataset outside = withoutPeople(tree, t.people(), t.name());
            ImageDataset.Split split = outside.split(training.trainFraction(), training.validationFraction(), training.seed() + t.index());
            SiameseModel model = trainFold(split.train(), split.validation(), preprocessor, config, folder.resolve(t.name()),
                    budget.nextDeadline(tests.size() - i), progress);
            Evaluation.Scored scored = Evaluation.score(model, t.test(), preprocessor, problems);
            Map<String, Double> figures = figures(scored, model.calibration().eerThreshold(), model.calibration().threshold());
            modelFolds.add(figures);
            pooled.add(scored);
            csv.add(row(t, "model", figures));
            Results.writeCsv(folder.resolve("folds.csv"), csv);
            Evaluation.Scored all = Evaluation.concat(pooled);
            numbers = numbers(config, protocolFolds, tests, modelFolds, floorFolds, csv, Metrics.rocAuc(all.scores(), all.genuine()));
            record.progress(numbers);
        }
        if (!pooled.isEmpty()) {
            Evaluation.Scored all = Evaluation.concat(pooled);
            Plots.roc(Metrics.rocCurve(all.scores(), all.genuine()), Metrics.rocAuc(all.scores(), all.genuine()), folder.resolve("roc.png"));
        }

        // 6. Report.
        summary(config, tree, tests, numbers, floors).write(folder);
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
        return trainer.train(config.spec(), new TrainingData(trainPeople, validationPeople, preprocessor, trainPeople.name()), false).model();
    }

    /** View 2's selected folds (each with the other folds for a floor's thresholds), or View 1's development test. */
    static List<TestSet> testSets(Path lfw, Config config, DataProblems problems) {
        if (config.view() == 1) {
            List<Pair> train = LfwPairs.devTrain(lfw, problems).orElseThrow();
            List<Pair> test = LfwPairs.devTest(lfw, problems).orElseThrow();
            return List.of(new TestSet(1, "view-1", test, train));
        }
        List<LfwFold> all = LfwPairs.folds(lfw, problems);
        List<TestSet> tests = new ArrayList<>();
        for (LfwFold fold : all) {
            if (!config.folds().isEmpty() && !config.folds().contains(fold.index())) continue;
            List<Pair> others = new ArrayList<>();
            for (LfwFold other : all) if (other.index() != fold.index()) others.addAll(other.pairs());
            // A pairs.txt of a single fold leaves no other fold: the floor's thresholds then come from the fold itself.
            tests.add(new TestSet(fold.index(), "fold-" + fold.index(), fold.pairs(), others.isEmpty() ? fold.pairs() : others));
        }
        if (tests.isEmpty()) throw new DatasetException("no LFW fold matches " + config.folds() + "; pairs.txt has folds 1-" + all.size());
        return tests;
    }

    static ImageDataset withoutPeople(ImageDataset tree, Set<String> people, String name) {
        Set<String> excluded = new HashSet<>(people);
        return tree.restrictTo(tree.identities().stream().filter(p -> !excluded.contains(p)).toList(), tree.name() + "/without-" + name);
    }

    /** One scorer's figures on one fold: accuracy at the given equal-error threshold, AUC, EER, FAR/FRR at the calibrated threshold. */
    static Map<String, Double> figures(Evaluation.Scored test, double eerThreshold, double calibratedThreshold) {
        Evaluation.VerificationReport atEer = Evaluation.verification(test, eerThreshold);
        Evaluation.VerificationReport calibrated = Evaluation.verification(test, calibratedThreshold);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("accuracy", atEer.accuracy());
        figures.put("auc", atEer.auc());
        figures.put("eer", atEer.eer());
        figures.put("far_at_calibrated", calibrated.far());
        figures.put("frr_at_calibrated", calibrated.frr());
        figures.put("pairs", (double) test.size());
        return figures;
    }

    private static Map<String, Object> row(TestSet t, String scorer, Map<String, Double> figures) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fold", t.index());
        row.put("scorer", scorer);
        figures.forEach((k, v) -> row.put(k, k.equals("pairs") ? (Object) v.intValue() : v));
        return row;
    }

    private static Map<String, Object> numbers(Config config, int protocolFolds, List<TestSet> tests, List<Map<String, Double>> modelFolds,
                                               Map<String, List<Map<String, Double>>> floorFolds, List<Map<String, Object>> csv, double pooledAuc) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("view", config.view());
        numbers.put("protocol_folds", protocolFolds);
        numbers.put("folds_planned", tests.size());
        numbers.put("folds_done", config.floorsOnly() ? floorFolds.values().stream().findFirst().map(List::size).orElse(0) : modelFolds.size());
        numbers.put("floors_only", config.floorsOnly());
        numbers.putAll(withoutPairs(Results.meanAndSd(modelFolds)));
        numbers.put("pooled_auc", pooledAuc);
        numbers.put("fold_accuracies", modelFolds.stream().map(f -> f.get("accuracy")).toList());
        numbers.put("per_fold", Results.rowsOf(csv, "model"));
        Map<String, Object> floors = new LinkedHashMap<>();
        floorFolds.forEach((key, perFold) -> {
            Map<String, Object> floor = new LinkedHashMap<>(withoutPairs(Results.meanAndSd(perFold)));
            floor.put("fold_accuracies", perFold.stream().map(f -> f.get("accuracy")).toList());
            floor.put("per_fold", Results.rowsOf(csv, key));
            floors.put(key, floor);
        });
        numbers.put("floors", floors);
        return numbers;
    }

    private static Map<String, Object> withoutPairs(Map<String, Object> means) {
        means.keySet().removeIf(k -> k.startsWith("pairs_"));
        return means;
    }

    private static Results.Summary summary(Config config, ImageDataset tree, List<TestSet> tests, Map<String, Object> numbers,
                                           List<ImageDistance<?>> floors) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> floorNumbers = (Map<String, Map<String, Object>>) numbers.get("floors");
        List<String> headers = new ArrayList<>(List.of("measure (mean ± sd over " + tests.size() + (tests.size() == 1 ? " fold)" : " folds)")));
        if (!config.floorsOnly()) headers.add("trained network");
        for (ImageDistance<?> floor : floors) headers.add(floor.title() + " (no training)");
        Map<String, String> names = new LinkedHashMap<>();
        names.put("accuracy", "accuracy (threshold: network's validation EER; floor's: the other folds' EER)");
        names.put("auc", "ROC-AUC");
        names.put("eer", "equal error rate");
        names.put("far_at_calibrated", "FAR at the calibrated threshold (target " + Results.pct(config.training().targetFar()) + ")");
        names.put("frr_at_calibrated", "FRR at the calibrated threshold");
        List<List<String>> rows = new ArrayList<>();
        List<String> comparisons = new ArrayList<>();
        names.forEach((key, name) -> {
            boolean rate = !key.equals("auc");
            List<String> row = new ArrayList<>(List.of(name));
            if (!config.floorsOnly()) row.add(Results.meanSd(numbers, key, rate));
            for (ImageDistance<?> floor : floors) row.add(Results.meanSd(floorNumbers.get(floor.key()), key, rate));
            rows.add(row);
            if (!config.floorsOnly() && !key.endsWith("_at_calibrated")) {
                Map<String, Double> values = new LinkedHashMap<>();
                floorNumbers.forEach((k, m) -> values.put(k, Results.number(m, key + "_mean")));
                comparisons.addAll(Results.versusFloors(key.equals("auc") ? "ROC-AUC" : key.equals("eer") ? "EER" : "accuracy",
                        Results.number(numbers, key + "_mean"), values, !key.equals("eer"), rate ? Results::pct : v -> Results.f(v, 3)));
            }
        });
        Results.Summary summary = new Results.Summary("LFW verification: " + (config.view() == 2 ? "the 10-fold pairs.txt protocol (View 2)"
                : "View 1 (pairsDevTest.txt, for tuning)") + ", trained from scratch, against no-training floors",
                "How well does a Siamese network trained from scratch on LFW verify unseen people in the wild, and does it beat comparing pixels?")
                .paragraph("Data: " + tree.describe() + "; each fold's network trains on the people outside that fold. Model: " + config.spec().describe()
                        + switch (config.crop()) {
                            case CENTRE -> "; faces: the central " + Math.round(LfwCentreCrop.DEFAULT_FRACTION * 100) + "% square of each image.";
                            case HAAR -> "; faces cut out with the Haar cascade.";
                            default -> "; whole images.";
                        }
                        + (config.floorsOnly() ? " Nothing was trained: floors only." : ""))
                .table(headers, rows);
        if (!comparisons.isEmpty()) summary.takeaway("Against the floors, the trained network " + String.join("; ", comparisons) + ".");
        return summary
                .takeaway("The floors learn nothing: raw-pixel L1 and uniform-LBP histograms (" + config.lbpGrid() + "x" + config.lbpGrid()
                        + " cells, chi-square) on the same preprocessed images and pairs. Their thresholds come from "
                        + (config.view() == 2 ? "the other nine folds of pairs.txt (LFW's protocol for methods without training)" : "pairsDevTrain.txt")
                        + ": accuracy at the equal-error threshold there, FAR/FRR at the threshold for the target false-accept rate there.")
                .takeaway("Each fold is tested on people its network never saw; the network's thresholds were chosen on its validation people, never on the fold.")
                .takeaway(config.view() == 1 ? "View 1 is LFW's development view: tune on it, then run View 2 once for the reported figure."
                        : "View 2 is LFW's benchmark view: its figure is to be reported, not tuned on (use --view 1 for tuning).")
                .takeaway("State-of-the-art LFW numbers (99%+) come from networks trained on millions of outside faces; this measures what the Koch-style Siamese network learns from LFW alone.")
                .takeaway("folds.csv has every fold's figures for the network and the floors, written as each fold finished.");
    }

}
