package io.siamese.experiments;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.SharedDatasets;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.data.lfw.LfwFold;
import io.siamese.data.lfw.LfwPairs;
import io.siamese.data.lfw.LfwTree;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 4: face verification in the wild, by LFW's standard protocol.
 *
 * <p>For each of the 10 folds of the official {@code pairs.txt} (300 matched and 300 mismatched pairs each), a network
 * is trained from scratch on the LFW people who do not appear in that fold, its threshold is calibrated on held-out
 * training people, and it is tested on the fold's 600 pairs. The result is the mean accuracy and its standard
 * deviation over the folds, as LFW reports it, with a ROC curve over all test pairs. Accuracy uses the equal-error
 * threshold found on validation people (the accuracy-oriented choice); FAR and FRR at the strict calibrated
 * threshold are reported beside it. Faces are cut out with the Haar cascade (the whole image when none is found).
 *
 * <p>LFW is not bundled: download {@code lfw.tgz} and {@code pairs.txt} (http://vis-www.cs.umass.edu/lfw/), extract
 * them into one folder and pass it. Runtime: with the defaults about 20 minutes per fold on 2 cores, so a full run
 * takes hours; {@code folds} and the budget shorten it. The test runs on a small generated tree in LFW's layout.
 * Output: {@code experiments/results/Exp04LfwVerification/TIMESTAMP/}.
 */
public final class Exp04LfwVerification {

    /**
     * @param lfw           folder with the LFW image tree and {@code pairs.txt}, or null for {@code ../shared/datasets/lfw}
     * @param spec          the model
     * @param training      each fold's run
     * @param augmentation  augmentation preset name
     * @param folds         which folds to run (1-10); empty for all
     * @param cropFaces     cut faces out with the Haar cascade first
     * @param budgetMinutes total training budget over all folds, or null
     * @param out           result folder, or null for a new timestamped one
     */
    public record Config(Path lfw, ModelSpec spec, TrainingConfig training, String augmentation, List<Integer> folds,
                         boolean cropFaces, Double budgetMinutes, Path out) {

        public static final Config DEFAULTS = new Config(null, ModelSpec.compact().withChannels(3),
                TrainingConfig.DEFAULTS.withEpochs(15).withPairsPerEpoch(3000).withValidationPairs(600)
                        .withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(5e-4)).withSplit(0.85, 0.15).withEarlyStoppingPatience(4),
                "photometric", List.of(), true, null, null);

        public Config tiny() {
            return new Config(lfw, spec, training.withEpochs(1).withPairsPerEpoch(32).withValidationPairs(20), augmentation, folds,
                    cropFaces, budgetMinutes, out);
        }

        public Config withLfw(Path path) {
            return new Config(path, spec, training, augmentation, folds, cropFaces, budgetMinutes, out);
        }

        public Config withOut(Path folder) {
            return new Config(lfw, spec, training, augmentation, folds, cropFaces, budgetMinutes, folder);
        }

        public Config withBudgetMinutes(Double minutes) {
            return new Config(lfw, spec, training, augmentation, folds, cropFaces, minutes, out);
        }

        public Config withCropFaces(boolean crop) {
            return new Config(lfw, spec, training, augmentation, folds, crop, budgetMinutes, out);
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
        if (lfw == null || !Files.isDirectory(lfw) || LfwPairs.find(lfw, LfwPairs.PAIRS).isEmpty()) {
            throw new DatasetException("LFW was not found" + (lfw == null ? "" : " in " + lfw) + ": download lfw.tgz and pairs.txt from "
                    + "http://vis-www.cs.umass.edu/lfw/ (or a mirror), extract both into one folder and pass it (lfw-pairs:PATH)");
        }
        DataProblems problems = new DataProblems();
        ImageDataset tree = LfwTree.read(lfw, problems);
        List<LfwFold> folds = LfwPairs.folds(lfw, problems).stream()
                .filter(f -> config.folds().isEmpty() || config.folds().contains(f.index())).toList();
        if (folds.isEmpty()) throw new DatasetException("no LFW fold matches " + config.folds());
        Path folder = Results.folder("Exp04LfwVerification", config.out());
        Results.writeConfig(folder, config);

        ModelSpec spec = config.spec();
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        if (config.cropFaces()) preprocessor = preprocessor.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        TrainingConfig training = config.training().withAugmentation(config.augmentation());

        // 2-4. Per fold: train on people outside the fold, calibrate on held-out training people, test on the fold.
        Budget budget = new Budget(config.budgetMinutes());
        List<Double> accuracies = new ArrayList<>();
        List<Double> aucs = new ArrayList<>();
        List<double[]> allScores = new ArrayList<>();
        List<boolean[]> allLabels = new ArrayList<>();
        double far = 0, frr = 0;
        for (int i = 0; i < folds.size(); i++) {
            LfwFold fold = folds.get(i);
            ImageDataset.Split split = fold.trainingDataset(tree).split(training.trainFraction(), training.validationFraction(), training.seed() + fold.index());
            Trainer trainer = new Trainer(folder.resolve("fold-" + fold.index()), training).progress(progress)
                    .deadline(budget.nextDeadline(folds.size() - i));
            TrainingResult result = trainer.train(spec, new TrainingData(split.train(), split.validation(), preprocessor,
                    "lfw-pairs:" + lfw + " without fold " + fold.index()), false);
            Evaluation.Scored scored = Evaluation.score(result.model(), fold.pairs(), preprocessor, problems);
            Evaluation.VerificationReport atEer = Evaluation.verification(scored, result.model().calibration().eerThreshold());
            accuracies.add(atEer.accuracy());
            aucs.add(atEer.auc());
            Evaluation.VerificationReport strict = Evaluation.verification(scored, result.model().calibration().threshold());
            far += strict.far() / folds.size();
            frr += strict.frr() / folds.size();
            allScores.add(scored.scores());
            allLabels.add(scored.genuine());
        }

        // 5. Pooled ROC over every test pair of every fold run.
        double[] scores = allScores.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        boolean[] labels = new boolean[scores.length];
        int k = 0;
        for (boolean[] l : allLabels) for (boolean b : l) labels[k++] = b;
        double pooledAuc = Metrics.rocAuc(scores, labels);
        Plots.roc(Metrics.rocCurve(scores, labels), pooledAuc, folder.resolve("roc.png"));

        // 6. Report.
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double std = Math.sqrt(accuracies.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / Math.max(1, accuracies.size() - 1));
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("folds", folds.size());
        numbers.put("mean_accuracy", mean);
        numbers.put("std_accuracy", std);
        numbers.put("pooled_auc", pooledAuc);
        numbers.put("far_at_calibrated", far);
        numbers.put("frr_at_calibrated", frr);
        numbers.put("fold_accuracies", accuracies);
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = 0; i < folds.size(); i++) {
            rows.put("fold " + folds.get(i).index() + " (" + folds.get(i).pairs().size() + " pairs)",
                    "accuracy " + Results.pct(accuracies.get(i)) + ", AUC " + Results.f(aucs.get(i), 4));
        }
        rows.put("mean accuracy ± standard deviation", Results.pct(mean) + " ± " + Results.pct(std));
        rows.put("ROC-AUC over all test pairs", Results.f(pooledAuc, 4));
        rows.put("mean FAR / FRR at the strict calibrated threshold", Results.pct(far) + " / " + Results.pct(frr));
        new Results.Summary("LFW verification: the 10-fold pairs.txt protocol, trained from scratch",
                "How well does a Siamese network trained from scratch on LFW verify unseen people in the wild?")
                .paragraph("Data: " + tree.describe() + "; each fold's network trains on the people outside that fold. Model: " + spec.describe()
                        + (config.cropFaces() ? "; faces cut out with the Haar cascade." : "."))
                .table("", "result", rows)
                .takeaway("Each fold is tested on people its network never saw; the accuracy threshold was chosen on validation people, never on the fold.")
                .takeaway("State-of-the-art LFW numbers (99%+) come from networks trained on millions of outside faces; this measures what the Koch-style Siamese network learns from LFW alone.")
                .write(folder);
        return new ExperimentResult("Exp04LfwVerification", folder, numbers);
    }
}
