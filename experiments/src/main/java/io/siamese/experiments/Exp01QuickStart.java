package io.siamese.experiments;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;
import io.siamese.data.OneShotTrials;
import io.siamese.data.Pair;
import io.siamese.data.SyntheticFaces;
import io.siamese.model.ModelSpec;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.model.OptimizerSpec;
import io.siamese.training.Evaluation;
import io.siamese.training.Progress;
import io.siamese.training.Recipe;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.TrainingResult;
import io.siamese.training.floor.FloorSet;
import io.siamese.training.floor.Floors;
import io.siamese.training.floor.ImageDistance;
import io.siamese.training.floor.LbpChiSquare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 1, the quick start: does the whole pipeline work end to end on a CPU in a few minutes?
 *
 * <p>It trains the {@code compact} preset on the embedded synthetic faces (no download), checkpointing every epoch,
 * then verifies pairs of people it never saw in training and reports precision and recall at the threshold the run
 * calibrated. Runtime: about 2 to 4 minutes on 2 cores with the defaults; the test runs it with a budget of a few
 * batches. Output: {@code experiments/results/Exp01QuickStart/TIMESTAMP/} (or {@code --out}).
 */
public final class Exp01QuickStart {

    /**
     * @param faces     the synthetic people
     * @param spec      the model
     * @param training  the training run
     * @param testPairs verification pairs drawn from the held-out people
     * @param ways      N of the N-way one-shot test on held-out people
     * @param out       result folder, or null for a new timestamped one
     * @param resume    continue the run in {@code out} from its newest checkpoint
     */
    public record Config(SyntheticFaces.Config faces, ModelSpec spec, TrainingConfig training, int testPairs, int ways,
                         Path out, boolean resume) {

        /**
         * The faces recipe's stages ({@link Recipe#faces()}: identity pretraining, then pairs with mined negatives) on the
         * {@code compact} preset, sized for a few minutes: 15 pretraining epochs over the training people, 6 pair
         * epochs of 2,400 pairs.
         */
        public static final Config DEFAULTS = new Config(SyntheticFaces.Config.DEFAULTS, ModelSpec.compact(),
                Recipe.faces().training().withEpochs(6).withPairsPerEpoch(2400).withBatchSize(32)
                        .withPretraining(Recipe.faces().training().pretraining().withEpochs(15).withBatchSize(64))
                        .withSplit(0.6, 0.2).withTargetFar(0.01),
                1000, 5, null, false);

        /** A few batches: what the tests run. */
        public Config tiny() {
            return new Config(faces.withIdentities(10).withImagesPerIdentity(6), spec,
                    training.withPretraining(training.pretraining().withEpochs(Math.min(1, training.pretraining().epochs())))
                            .withEpochs(1).withPairsPerEpoch(64).withValidationPairs(40), 40, 3, out, resume);
        }

        public Config withOut(Path folder) {
            return new Config(faces, spec, training, testPairs, ways, folder, resume);
        }

        public Config withResume(boolean value) {
            return new Config(faces, spec, training, testPairs, ways, out, value);
        }

        public Config withTraining(TrainingConfig value) {
            return new Config(faces, spec, value, testPairs, ways, out, resume);
        }
    }

    private Exp01QuickStart() {
    }

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.out.println(run(Config.DEFAULTS, Progress.NONE).jsonLine());
    }

    public static ExperimentResult run(Config config, Progress progress) {
        // 1. Setup. A result folder; the experiment's configuration is written first.
        Path folder = Results.folder("Exp01QuickStart", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp01QuickStart", folder, config, "none: " + config.training().epochs() + " epochs");

        // 2. Data. Seeded synthetic people, split by identity: the test people are never seen in training or validation.
        ImageDataset faces = SyntheticFaces.dataset(config.faces());
        TrainingConfig training = config.training();
        ImageDataset.Split split = faces.split(training.trainFraction(), training.validationFraction(), training.seed());
        ImagePreprocessor preprocessor = new ImagePreprocessor(config.spec().height(), config.spec().width(), config.spec().channels());

        // 3. Model and 4. training: a checkpoint per epoch, metrics.csv and curves.png in the folder as it goes.
        TrainingResult result = new Trainer(folder, training).progress(progress)
                .train(config.spec(), new TrainingData(split.train(), split.validation(), preprocessor, "synthetic"), config.resume());

        // 5. Evaluate on held-out people: verification at the calibrated threshold, and N-way one-shot identification.
        DataProblems problems = new DataProblems();
        List<Pair> testPairs = split.test().pairSampler().sample(config.testPairs(), training.seed() + 1);
        List<OneShotTrial> trials = OneShotTrials.acrossIdentities(split.test(), Math.min(config.ways(), split.test().identities().size()), 200,
                training.seed() + 2);
        Evaluation.Scored scored = Evaluation.score(result.model(), testPairs, preprocessor, problems);
        Evaluation.VerificationReport test = Evaluation.verification(scored, result.model().calibration().threshold());
        Evaluation.VerificationReport atHalf = Evaluation.verification(scored, 0.5);
        Evaluation.VerificationReport atEer = Evaluation.verification(scored, result.model().calibration().eerThreshold());
        Evaluation.OneShotReport oneShot = Evaluation.oneShot(result.model(), trials, preprocessor, problems);

        // 5b. The floors on the same pairs and trials, their thresholds chosen like the model's on the validation pairs.
        List<Pair> validationPairs = Trainer.validationPairs(split.validation(), training);
        List<ImageDistance<?>> floors = Floors.faces(LbpChiSquare.DEFAULT_GRID);
        List<ImageRef> images = new ArrayList<>(split.test().images());
        images.addAll(split.validation().images());
        FloorSet floorSet = FloorSet.describe(floors, images, preprocessor, problems);
        Map<String, Object> floorNumbers = new LinkedHashMap<>();
        for (ImageDistance<?> floor : floors) {
            Evaluation.Scored validation = floorSet.score(floor, validationPairs);
            Evaluation.Scored floorScored = floorSet.score(floor, testPairs);
            floorNumbers.put(floor.key(), figures(Evaluation.verification(floorScored, Evaluation.thresholdAtFar(validation, training.targetFar())),
                    Evaluation.verification(floorScored, Evaluation.eerThreshold(validation)), floorSet.oneShot(floor, trials)));
        }

        // 6. Report.
        Map<String, Object> numbers = figures(test, atEer, oneShot);
        numbers.put("precision_at_0.5", atHalf.precision());
        numbers.put("recall_at_0.5", atHalf.recall());
        numbers.put("epochs", result.history().size());
        numbers.put("model", result.modelPath().toString());
        numbers.put("floors", floorNumbers);
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("test pairs (held-out people)", String.valueOf(test.pairs()));
        rows.put("precision at the calibrated threshold " + Results.f(test.threshold(), 3), Results.f(test.precision(), 3));
        rows.put("recall at the calibrated threshold", Results.f(test.recall(), 3));
        rows.put("FAR / FRR at the calibrated threshold", Results.pct(test.far()) + " / " + Results.pct(test.frr()));
        rows.put("precision / recall at the validation EER threshold " + Results.f(atEer.threshold(), 3),
                Results.f(atEer.precision(), 3) + " / " + Results.f(atEer.recall(), 3));
        rows.put("precision / recall at 0.5", Results.f(atHalf.precision(), 3) + " / " + Results.f(atHalf.recall(), 3));
        rows.put("ROC-AUC", Results.f(test.auc(), 4));
        rows.put("equal error rate", Results.pct(test.eer()));
        rows.put(oneShot.ways() + "-way one-shot accuracy (" + oneShot.trials() + " trials)", Results.pct(oneShot.accuracy()));
        rows.put("epochs (best)", result.history().size() + " (" + result.bestEpoch() + ")");
        new Results.Summary("Quick start: compact Siamese network on synthetic faces",
                "Does the pipeline (data, shared-tower Siamese graph, training with checkpoints, calibration, evaluation) work end to end on a CPU?")
                .paragraph("Data: " + faces.describe() + ", split by identity into " + split.train().identities().size() + " training, "
                        + split.validation().identities().size() + " validation and " + split.test().identities().size() + " test people. Model: "
                        + config.spec().describe() + ".")
                .table("measure", "value", rows)
                .table(floorHeaders(floors), floorRows(numbers, floorNumbers, floors))
                .takeaway(floorSentence(numbers, floorNumbers))
                .takeaway("The floors learn nothing: raw-pixel L1 and uniform-LBP histograms (chi-square) on the same preprocessed images, pairs and trials; "
                        + "their thresholds were chosen like the model's, on the validation pairs.")
                .takeaway("The threshold was calibrated on validation people for a false-accept rate of "
                        + Results.pct(training.targetFar()) + " and then applied unchanged to the test people, so precision is high and recall is what that strictness costs.")
                .takeaway("Synthetic faces are easier than real ones: these numbers show that the pipeline learns, not how well it recognises people. Experiments 3 and 4 measure real faces.")
                .takeaway("Curves: curves.png (loss, precision, recall), roc.png, scores.png; checkpoints in checkpoints/; the calibrated model is model.zip.")
                .write(folder);
        return record.finish(numbers);
    }

    /** The figures the model and each floor report, keyed as in the JSON line. */
    static Map<String, Object> figures(Evaluation.VerificationReport calibrated, Evaluation.VerificationReport atEer, Evaluation.OneShotReport oneShot) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("precision", calibrated.precision());
        numbers.put("recall", calibrated.recall());
        numbers.put("accuracy", calibrated.accuracy());
        numbers.put("auc", calibrated.auc());
        numbers.put("eer", calibrated.eer());
        numbers.put("threshold", calibrated.threshold());
        numbers.put("far", calibrated.far());
        numbers.put("frr", calibrated.frr());
        numbers.put("eer_threshold", atEer.threshold());
        numbers.put("precision_at_eer_threshold", atEer.precision());
        numbers.put("recall_at_eer_threshold", atEer.recall());
        numbers.put("one_shot_ways", oneShot.ways());
        numbers.put("one_shot_accuracy", oneShot.accuracy());
        return numbers;
    }

    private static final Map<String, String> FLOOR_ROWS = Map.of("auc", "ROC-AUC", "eer", "equal error rate",
            "precision", "precision at the calibrated threshold", "recall", "recall at the calibrated threshold",
            "one_shot_accuracy", "one-shot accuracy");
    private static final List<String> FLOOR_ROW_ORDER = List.of("auc", "eer", "precision", "recall", "one_shot_accuracy");

    private static List<String> floorHeaders(List<ImageDistance<?>> floors) {
        List<String> headers = new ArrayList<>(List.of("measure on the test people", "trained model"));
        for (ImageDistance<?> floor : floors) headers.add(floor.title() + " (no training)");
        return headers;
    }

    private static List<List<String>> floorRows(Map<String, Object> model, Map<String, Object> floors, List<ImageDistance<?>> distances) {
        List<List<String>> rows = new ArrayList<>();
        for (String key : FLOOR_ROW_ORDER) {
            List<String> row = new ArrayList<>(List.of(FLOOR_ROWS.get(key), format(key, model.get(key))));
            for (ImageDistance<?> d : distances) row.add(format(key, ((Map<?, ?>) floors.get(d.key())).get(key)));
            rows.add(row);
        }
        return rows;
    }

    private static String format(String key, Object value) {
        double v = ((Number) value).doubleValue();
        return key.equals("eer") || key.equals("one_shot_accuracy") ? Results.pct(v) : Results.f(v, 3);
    }

    private static String floorSentence(Map<String, Object> model, Map<String, Object> floors) {
        List<String> sentences = new ArrayList<>();
        for (String key : List.of("auc", "eer", "one_shot_accuracy")) {
            Map<String, Double> values = new LinkedHashMap<>();
            floors.forEach((k, m) -> values.put(k, ((Number) ((Map<?, ?>) m).get(key)).doubleValue()));
            sentences.addAll(Results.versusFloors(FLOOR_ROWS.get(key), ((Number) model.get(key)).doubleValue(), values, !key.equals("eer"),
                    key.equals("auc") ? v -> Results.f(v, 3) : Results::pct));
        }
        return "Against the floors, the trained model " + String.join("; ", sentences) + ".";
    }
}
