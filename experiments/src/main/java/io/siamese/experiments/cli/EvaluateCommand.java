package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.DataSpec;
import io.siamese.data.Datasets;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;
import io.siamese.data.OneShotTrials;
import io.siamese.data.Pair;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.data.lfw.LfwCentreCrop;
import io.siamese.data.lfw.LfwFold;
import io.siamese.data.lfw.LfwPairs;
import io.siamese.data.omniglot.KochTrials;
import io.siamese.data.omniglot.Omniglot;
import io.siamese.data.omniglot.OmniglotSet;
import io.siamese.data.omniglot.OneShotRuns;
import io.siamese.model.BadInputException;
import io.siamese.experiments.Exp04LfwVerification;
import io.siamese.model.Calibration;
import io.siamese.model.Json;
import io.siamese.model.SiameseModel;
import io.siamese.training.Evaluation;
import io.siamese.training.Metrics;
import io.siamese.training.floor.FloorSet;
import io.siamese.training.floor.Floors;
import io.siamese.training.floor.ImageDistance;
import io.siamese.training.floor.LbpChiSquare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./siamese evaluate}: verification metrics on pairs, or N-way one-shot accuracy on trials, each beside the
 * no-training floors measured on the same pairs or trials after the same preprocessing ({@code "floors"} in the
 * JSON, with the model's keys).
 * <ul>
 *   <li>{@code omniglot:PATH}: one-shot. Lake's 20 official runs when {@code all_runs.zip} is there and no other
 *       {@code --ways}/{@code --trials} is asked for; otherwise Koch-style within-alphabet trials drawn from the
 *       evaluation alphabets (or the background ones when the evaluation set is absent). Floors: pixel L1 and the
 *       Modified Hausdorff distance.</li>
 *   <li>{@code lfw-pairs:PATH}: verification on the official pairs (all folds, or {@code --fold}). Floors: pixel L1 and
 *       LBP; as LFW's protocol asks for methods without training, a floor's threshold for a fold is chosen on the
 *       other folds of {@code pairs.txt}, by the model's calibration rule (its target false-accept rate).</li>
 *   <li>other specs: verification on {@code --pairs} seeded pairs, or one-shot across identities with {@code --ways}.
 *       A floor's threshold is chosen by the model's calibration rule on as many other pairs drawn from the same data
 *       with the next seed.</li>
 * </ul>
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a model: verification metrics on pairs, or N-way one-shot accuracy, beside the no-training floors",
                "(raw-pixel L1, LBP histograms for faces, Modified Hausdorff distance for Omniglot) on the same pairs or trials."})
final class EvaluateCommand implements Callable<Integer> {

    static final int DEFAULT_PAIRS = 1000;
    static final int DEFAULT_TRIALS = 400;
    static final long DEFAULT_SEED = 7;

    @Option(names = "--model", required = true, paramLabel = "PATH") Path model;
    @Option(names = "--data", required = true, paramLabel = "SPEC") String data;
    @Option(names = "--ways", description = "N-way one-shot (default for omniglot: 20).") Integer ways;
    @Option(names = "--trials", description = "One-shot trials (default " + DEFAULT_TRIALS + ").") Integer trials;
    @Option(names = "--pairs", description = "Verification pairs drawn from identity data (default " + DEFAULT_PAIRS + ").") Integer pairs;
    @Option(names = "--fold", description = "LFW: evaluate one fold (1-10) only.") Integer fold;
    @Option(names = "--seed", description = "Seed of drawn pairs or trials (default " + DEFAULT_SEED + ").") Long seed;
    @Option(names = "--crop", paramLabel = "HOW", description = {"Cut faces out first, as the model was trained: none (default), haar (train --crop-faces)",
            "or centre (a fixed central square, as experiment lfw does)."}) String crop;
    @Option(names = "--lbp-grid", paramLabel = "N", description = "Cells per side of the LBP floor (default: "
            + LbpChiSquare.DEFAULT_GRID + ", or 8 for lfw-pairs).") Integer lbpGrid;
    @Option(names = "--json", description = "Print one JSON object.") boolean json;

    @Override
    public Integer call() {
        DataSpec spec = ExitStatus.option("--data", () -> DataSpec.parse(data));
        if (ways != null && ways < 2) throw new BadInputException("--ways must be 2 or more, got " + ways);
        if (trials != null && trials < 1) throw new BadInputException("--trials must be 1 or more, got " + trials);
        if (pairs != null && pairs < 2) throw new BadInputException("--pairs must be 2 or more, got " + pairs);
        if (fold != null && fold < 1) throw new BadInputException("--fold counts from 1, got " + fold);
        SiameseModel siamese = SiameseModel.load(model);
        ImagePreprocessor preprocessor = preprocessor(siamese);
        DataProblems problems = new DataProblems();
        long s = seed == null ? DEFAULT_SEED : seed;
        Map<String, Object> out;
        if (spec.kind() == DataSpec.Kind.OMNIGLOT || ways != null) {
            List<OneShotTrial> oneShot = trials(spec, problems, s);
            List<ImageDistance<?>> distances = spec.kind() == DataSpec.Kind.OMNIGLOT ? Floors.drawings() : Floors.faces(grid(spec));
            List<ImageRef> images = new ArrayList<>();
            for (OneShotTrial t : oneShot) { images.add(t.query()); images.addAll(t.candidates()); }
            FloorSet floorSet = FloorSet.describe(distances, images, preprocessor, problems);
            out = new LinkedHashMap<>(Evaluation.oneShot(siamese, oneShot, preprocessor, problems).toJsonMap());
            Map<String, Object> floors = new LinkedHashMap<>();
            for (ImageDistance<?> d : distances) floors.put(d.key(), floorSet.oneShot(d, oneShot).toJsonMap());
            out.put("floors", floors);
        } else {
            out = verification(siamese, spec, preprocessor, problems, s);
        }
        if (json) {
            System.out.println(Json.writeCompact(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + ": " + v));
        }
        return 0;
    }

    private ImagePreprocessor preprocessor(SiameseModel siamese) {
        ImagePreprocessor p = new ImagePreprocessor(siamese.spec().height(), siamese.spec().width(), siamese.spec().channels());
        String how = crop == null ? "none" : crop.toLowerCase(Locale.ROOT);
        return switch (how) {
            case "none" -> p;
            case "haar" -> p.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
            case "centre", "center" -> p.withFaceCropper(new LfwCentreCrop(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
            default -> throw new BadInputException("--crop must be none, haar or centre, got '" + crop + "'");
        };
    }

    private int grid(DataSpec spec) {
        if (lbpGrid != null) return lbpGrid;
        return spec.kind() == DataSpec.Kind.LFW_PAIRS ? Exp04LfwVerification.Config.DEFAULTS.lbpGrid() : LbpChiSquare.DEFAULT_GRID;
    }

    /**
     * The model's verification report at its calibrated threshold and the floors' beside it. Each evaluated group of
     * pairs (an LFW fold, or all the drawn pairs) gets its floor threshold from its own calibration pairs.
     */
    private Map<String, Object> verification(SiameseModel siamese, DataSpec spec, ImagePreprocessor preprocessor, DataProblems problems, long s) {
        List<List<Pair>> tested = new ArrayList<>(), calibration = new ArrayList<>();
        if (spec.kind() == DataSpec.Kind.LFW_PAIRS) {
            List<LfwFold> folds = LfwPairs.folds(spec.path(), problems);
            for (LfwFold f : folds) {
                if (fold != null && f.index() != fold) continue;
                List<Pair> others = new ArrayList<>();
                for (LfwFold o : folds) if (o.index() != f.index()) others.addAll(o.pairs());
                tested.add(f.pairs());
                calibration.add(others.isEmpty() ? f.pairs() : others);
            }
            if (tested.isEmpty()) throw new DatasetException("no LFW pairs in fold " + fold + "; pairs.txt has folds 1-" + folds.size());
        } else {
            ImageDataset dataset = Datasets.open(spec, problems);
            int n = pairs == null ? DEFAULT_PAIRS : pairs;
            tested.add(dataset.pairSampler().sample(n, s));
            calibration.add(dataset.pairSampler().sample(n, s + 1));
        }
        List<Pair> all = tested.stream().flatMap(List::stream).toList();
        List<ImageDistance<?>> distances = Floors.faces(grid(spec));
        List<ImageRef> images = new ArrayList<>();
        for (List<List<Pair>> group : List.of(tested, calibration)) {
            for (List<Pair> list : group) for (Pair p : list) { images.add(p.left()); images.add(p.right()); }
        }
        FloorSet floorSet = FloorSet.describe(distances, images, preprocessor, problems);
        Map<String, Object> out = new LinkedHashMap<>(Evaluation.verification(siamese, all, preprocessor, problems).toJsonMap());
        Map<String, Object> floors = new LinkedHashMap<>();
        for (ImageDistance<?> d : distances) floors.put(d.key(), floorReport(floorSet, d, tested, calibration, siamese.calibration()).toJsonMap());
        out.put("floors", floors);
        return out;
    }

    /**
     * A floor's report over all tested groups, each decided at the threshold its calibration pairs give under the
     * model's rule (the target false-accept rate, or the equal error rate for an uncalibrated model). The reported
     * threshold is the mean of the groups' thresholds; AUC and EER are over all tested pairs.
     */
    static Evaluation.VerificationReport floorReport(FloorSet floorSet, ImageDistance<?> distance, List<List<Pair>> tested,
                                                     List<List<Pair>> calibration, Calibration rule) {
        List<Evaluation.Scored> scored = new ArrayList<>(), shifted = new ArrayList<>();
        double thresholdSum = 0;
        for (int i = 0; i < tested.size(); i++) {
            Evaluation.Scored cal = floorSet.score(distance, calibration.get(i));
            double threshold = rule.isCalibrated() && rule.targetFar() > 0 && rule.targetFar() < 1
                    ? Evaluation.thresholdAtFar(cal, rule.targetFar()) : Evaluation.eerThreshold(cal);
            Evaluation.Scored test = floorSet.score(distance, tested.get(i));
            double[] moved = test.scores().clone();
            for (int k = 0; k < moved.length; k++) moved[k] -= threshold;
            scored.add(test);
            shifted.add(new Evaluation.Scored(moved, test.genuine()));
            thresholdSum += threshold;
        }
        Evaluation.Scored all = Evaluation.concat(scored), decided = Evaluation.concat(shifted);
        // Shifted by each group's threshold, every pair is decided at 0.
        Metrics.Confusion c = Metrics.confusion(decided.scores(), decided.genuine(), 0);
        return new Evaluation.VerificationReport(all.size(), c.accuracy(), c.precision(), c.recall(), c.f1(),
                Metrics.rocAuc(all.scores(), all.genuine()), Metrics.equalErrorRate(all.scores(), all.genuine()).rate(),
                thresholdSum / tested.size(), c.far(), c.frr());
    }

    private List<OneShotTrial> trials(DataSpec spec, DataProblems problems, long s) {
        int n = trials == null ? DEFAULT_TRIALS : trials;
        if (spec.kind() == DataSpec.Kind.OMNIGLOT) {
            int w = ways == null ? KochTrials.PAPER_WAYS : ways;
            Optional<Path> runs = OneShotRuns.find(spec.path());
            if (runs.isPresent() && w == KochTrials.PAPER_WAYS && trials == null) return OneShotRuns.trials(runs.get());
            OmniglotSet set = Omniglot.evaluation(spec.path(), problems).orElseGet(() -> Omniglot.background(spec.path(), problems));
            return KochTrials.withinAlphabets(set, w, n, s);
        }
        ImageDataset dataset = Datasets.open(spec, problems);
        return OneShotTrials.acrossIdentities(dataset, ways, n, s);
    }
}
