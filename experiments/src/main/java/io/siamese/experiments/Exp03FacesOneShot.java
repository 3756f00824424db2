package io.siamese.experiments;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.IdentityFoldersReader;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrials;
import io.siamese.data.Pair;
import io.siamese.data.SharedDatasets;
import io.siamese.model.Calibration;
import io.siamese.model.ModelSpec;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.model.OptimizerSpec;
import io.siamese.training.Evaluation;
import io.siamese.training.Metrics;
import io.siamese.training.Plots;
import io.siamese.training.Progress;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;
import io.siamese.training.TrainingResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 3: can a Siamese network verify and identify faces of people it has never seen, from one example?
 *
 * <p>The AT&T/ORL faces (40 people, 10 photos each, varying lighting, expression and glasses) are split by person:
 * the network trains on some people, calibrates its threshold on others, and is tested on the rest, which it never
 * saw. It reports verification on every test pair (ROC-AUC, equal error rate, FAR and FRR at the calibrated
 * threshold) and N-way one-shot identification among test people. Runtime: about 10 minutes on 2 cores with the
 * defaults; the test runs a few batches. Output: {@code experiments/results/Exp03FacesOneShot/TIMESTAMP/}.
 */
public final class Exp03FacesOneShot {

    /**
     * @param faces         the ORL folder, or null to look in {@code ../shared/datasets/orl_faces}
     * @param spec          the model
     * @param training      the run (split fractions are by person)
     * @param augmentation  augmentation preset name
     * @param ways          N of the N-way one-shot tests (each at most the number of test people)
     * @param trials        one-shot trials per N
     * @param budgetMinutes time budget for training, or null
     * @param out           result folder, or null for a new timestamped one
     */
    public record Config(Path faces, ModelSpec spec, TrainingConfig training, String augmentation, List<Integer> ways,
                         int trials, Double budgetMinutes, Path out) {

        public static final Config DEFAULTS = new Config(null, ModelSpec.compact(),
                TrainingConfig.DEFAULTS.withEpochs(40).withPairsPerEpoch(1600).withValidationPairs(600)
                        .withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(1e-4)).withSplit(0.6, 0.2).withEarlyStoppingPatience(10),
                "both", List.of(2, 5, 8), 400, null, null);

        public Config tiny() {
            return new Config(faces, spec, training.withEpochs(1).withPairsPerEpoch(32).withValidationPairs(40), augmentation,
                    List.of(2, 5), 20, budgetMinutes, out);
        }

        public Config withFaces(Path path) {
            return new Config(path, spec, training, augmentation, ways, trials, budgetMinutes, out);
        }

        public Config withOut(Path folder) {
            return new Config(faces, spec, training, augmentation, ways, trials, budgetMinutes, folder);
        }

        public Config withBudgetMinutes(Double minutes) {
            return new Config(faces, spec, training, augmentation, ways, trials, minutes, out);
        }
    }

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
        Path folder = Results.folder("Exp03FacesOneShot", config.out());
        Results.writeConfig(folder, config);

        // 2. Data. Split by person: test people are never seen in training, nor used to pick the threshold.
        TrainingConfig training = config.training();
        ImageDataset.Split split = all.split(training.trainFraction(), training.validationFraction(), training.seed());
        ModelSpec spec = config.spec();
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());

        // 3. Model and 4. training, with augmentation (photometric and Koch's affine distortions) and a checkpoint per epoch.
        Trainer trainer = new Trainer(folder, training.withAugmentation(config.augmentation())).progress(progress)
                .deadline(new Budget(config.budgetMinutes()).nextDeadline(1));
        TrainingResult result = trainer.train(spec, new TrainingData(split.train(), split.validation(), preprocessor,
                "identities:" + faces), false);

        // 5. Evaluate on every pair of test images, and on N-way one-shot trials among test people.
        Calibration calibration = result.model().calibration();
        Evaluation.Scored scored = Evaluation.score(result.model(), allPairs(split.test()), preprocessor, problems);
        Evaluation.VerificationReport test = Evaluation.verification(scored, calibration.threshold());
        Evaluation.VerificationReport atEer = Evaluation.verification(scored, calibration.eerThreshold());
        Plots.roc(Metrics.rocCurve(scored.scores(), scored.genuine()), test.auc(), folder.resolve("test-roc.png"));
        Plots.scoreHistogram(scored.scores(), scored.genuine(), calibration.threshold(), folder.resolve("test-scores.png"));
        Map<Integer, Double> oneShot = new LinkedHashMap<>();
        int people = split.test().identities().size();
        for (int n : config.ways()) {
            if (n > people) continue;
            oneShot.put(n, Evaluation.oneShot(result.model(), OneShotTrials.acrossIdentities(split.test(), n, config.trials(), training.seed() + n),
                    preprocessor, problems).accuracy());
        }

        // 6. Report.
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("test_people", people);
        numbers.put("test_pairs", test.pairs());
        numbers.put("auc", test.auc());
        numbers.put("eer", test.eer());
        numbers.put("threshold", calibration.threshold());
        numbers.put("far", test.far());
        numbers.put("frr", test.frr());
        numbers.put("accuracy_at_eer_threshold", atEer.accuracy());
        oneShot.forEach((n, acc) -> numbers.put("one_shot_" + n + "_way", acc));
        numbers.put("epochs", result.history().size());
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("people: train / validation / test", split.train().identities().size() + " / " + split.validation().identities().size() + " / " + people);
        rows.put("test pairs (every pair of test images)", test.pairs() + " (" + count(scored.genuine(), true) + " genuine)");
        rows.put("ROC-AUC", Results.f(test.auc(), 4));
        rows.put("equal error rate", Results.pct(test.eer()));
        rows.put("calibrated threshold (" + calibration.rule() + " on validation people)", Results.f(calibration.threshold(), 4));
        rows.put("test FAR / FRR at that threshold", Results.pct(test.far()) + " / " + Results.pct(test.frr()));
        rows.put("test accuracy at the validation EER threshold " + Results.f(calibration.eerThreshold(), 3), Results.pct(atEer.accuracy()));
        oneShot.forEach((n, acc) -> rows.put(n + "-way one-shot accuracy (chance " + Results.pct(1.0 / n) + ")", Results.pct(acc)));
        rows.put("epochs trained (best)", result.history().size() + " (" + result.bestEpoch() + ")");
        new Results.Summary("Faces, one-shot: the AT&T/ORL faces, people never seen in training",
                "How well does a Siamese network trained on some people verify and identify other people from a single photo?")
                .paragraph("Data: " + all.describe() + " (Olivetti Research Laboratory, Samaria & Harter 1994). Model: " + spec.describe() + ".")
                .table("measure", "value", rows)
                .takeaway("All test people are unseen: these are one-shot numbers, the setting of a face-ID app that enrols a new user from a few photos.")
                .takeaway("The threshold was chosen on validation people for a false-accept rate of " + Results.pct(training.targetFar())
                        + "; with only " + split.validation().identities().size() + " validation people that estimate is coarse, which the test FAR shows.")
                .takeaway("ORL is small and frontal (400 photos); expect lower numbers on faces in the wild (LFW, experiment 4).")
                .write(folder);
        return new ExperimentResult("Exp03FacesOneShot", folder, numbers);
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

    private static long count(boolean[] values, boolean wanted) {
        long n = 0;
        for (boolean v : values) if (v == wanted) n++;
        return n;
    }
}
