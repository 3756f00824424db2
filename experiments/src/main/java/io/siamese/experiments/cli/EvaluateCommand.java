package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.DataSpec;
import io.siamese.data.Datasets;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.OneShotTrial;
import io.siamese.data.OneShotTrials;
import io.siamese.data.Pair;
import io.siamese.data.lfw.LfwFold;
import io.siamese.data.lfw.LfwPairs;
import io.siamese.data.omniglot.KochTrials;
import io.siamese.data.omniglot.Omniglot;
import io.siamese.data.omniglot.OmniglotSet;
import io.siamese.data.omniglot.OneShotRuns;
import io.siamese.model.BadInputException;
import io.siamese.model.Json;
import io.siamese.model.SiameseModel;
import io.siamese.training.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./siamese evaluate}: verification metrics on pairs, or N-way one-shot accuracy on trials.
 * <ul>
 *   <li>{@code omniglot:PATH}: one-shot. Lake's 20 official runs when {@code all_runs.zip} is there and no other
 *       {@code --ways}/{@code --trials} is asked for; otherwise Koch-style within-alphabet trials drawn from the
 *       evaluation alphabets (or the background ones when the evaluation set is absent).</li>
 *   <li>{@code lfw-pairs:PATH}: verification on the official pairs (all folds, or {@code --fold}).</li>
 *   <li>other specs: verification on {@code --pairs} seeded pairs, or one-shot across identities with {@code --ways}.</li>
 * </ul>
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model: verification metrics on pairs, or N-way one-shot accuracy.")
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
    @Option(names = "--json", description = "Print one JSON object.") boolean json;

    @Override
    public Integer call() {
        DataSpec spec = ExitStatus.option("--data", () -> DataSpec.parse(data));
        if (ways != null && ways < 2) throw new BadInputException("--ways must be 2 or more, got " + ways);
        if (trials != null && trials < 1) throw new BadInputException("--trials must be 1 or more, got " + trials);
        if (pairs != null && pairs < 2) throw new BadInputException("--pairs must be 2 or more, got " + pairs);
        if (fold != null && fold < 1) throw new BadInputException("--fold counts from 1, got " + fold);
        SiameseModel siamese = SiameseModel.load(model);
        ImagePreprocessor preprocessor = new ImagePreprocessor(siamese.spec().height(), siamese.spec().width(), siamese.spec().channels());
        DataProblems problems = new DataProblems();
        long s = seed == null ? DEFAULT_SEED : seed;
        Map<String, Object> out;
        if (spec.kind() == DataSpec.Kind.OMNIGLOT || ways != null) {
            List<OneShotTrial> oneShot = trials(spec, problems, s);
            out = Evaluation.oneShot(siamese, oneShot, preprocessor, problems).toJsonMap();
        } else {
            out = Evaluation.verification(siamese, pairs(spec, problems, s), preprocessor, problems).toJsonMap();
        }
        if (json) {
            System.out.println(Json.writeCompact(out));
        } else {
            out.forEach((k, v) -> System.out.println(k + ": " + v));
        }
        return 0;
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

    private List<Pair> pairs(DataSpec spec, DataProblems problems, long s) {
        if (spec.kind() == DataSpec.Kind.LFW_PAIRS) {
            List<Pair> all = new ArrayList<>();
            for (LfwFold f : LfwPairs.folds(spec.path(), problems)) {
                if (fold == null || f.index() == fold) all.addAll(f.pairs());
            }
            if (all.isEmpty()) throw new DatasetException("no LFW pairs in " + spec.path() + (fold == null ? "" : " in fold " + fold));
            return all;
        }
        return Datasets.open(spec, problems).pairSampler().sample(pairs == null ? DEFAULT_PAIRS : pairs, s);
    }
}
