package io.siamese.experiments.cli;

import io.siamese.experiments.Exp01QuickStart;
import io.siamese.experiments.Exp02OmniglotOneShot;
import io.siamese.experiments.Exp03FacesOneShot;
import io.siamese.experiments.Exp04LfwVerification;
import io.siamese.experiments.Exp05Resume;
import io.siamese.experiments.Exp06ThresholdTuning;
import io.siamese.experiments.ExperimentResult;
import io.siamese.training.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./siamese experiment NAME}: runs an experiment headless and prints its key numbers as one JSON line. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an experiment headless; prints its key numbers as one JSON line. In reading order:",
                "  quickstart  (1) the pipeline end to end on synthetic faces, 2-5 min",
                "  omniglot    (2) Koch et al. 2015: 20-way one-shot and verification on Omniglot, 30 min (--paper: hours)",
                "  faces       (3) AT&T/ORL faces, 5 folds of 8 unseen people: verification and N-way one-shot, ~50 min",
                "  lfw         (4) LFW's 10-fold pairs.txt protocol, trained from scratch, hours (needs --data LFW_FOLDER)",
                "Every result is printed beside its no-training floors (pixel L1, LBP histograms, Modified Hausdorff distance)",
                "measured on the same pairs and trials; --floors-only measures the floors alone, in seconds.",
                "  resume      (5) an interrupted run resumes exactly, ~1 min",
                "  thresholds  (6) detection/verification thresholds against FAR and FRR, ~5 min"})
final class ExperimentCommand implements Callable<Integer> {

    static final List<String> NAMES = List.of("quickstart", "omniglot", "faces", "lfw", "resume", "thresholds");

    @Parameters(index = "0", paramLabel = "NAME", description = "quickstart, omniglot, faces, lfw, resume or thresholds (or 1-6).")
    String name;

    @Option(names = "--budget-minutes", paramLabel = "M", description = {"Training time budget. omniglot: in all (default 30);",
            "faces: PER FOLD (default 10, the 5 folds take 5 times that); lfw: shared by all folds (default: none)."})
    Double budgetMinutes;

    @Option(names = "--folds", paramLabel = "K", description = "faces: cross-validation folds of people (default 5: 8 test people each on ORL).")
    Integer folds;

    @Option(names = "--fold", paramLabel = "N", description = "faces, lfw: run only fold N (repeatable); default: every fold.")
    List<Integer> onlyFolds;

    @Option(names = "--view", paramLabel = "V", description = {"lfw: 2 = the 10 folds of pairs.txt, the reported figure (default);",
            "1 = pairsDevTrain.txt/pairsDevTest.txt, for tuning."})
    Integer view;

    @Option(names = "--crop", paramLabel = "HOW", description = {"lfw: centre (a fixed central square, default), haar (the Haar cascade,",
            "about 40 ms per image at every epoch) or none (whole images)."})
    String crop;

    @Option(names = "--floors-only", description = "omniglot, faces, lfw: measure the no-training floors only (seconds), train nothing.")
    boolean floorsOnly;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset folder (omniglot, faces, lfw) or data spec (thresholds); default: ../shared/datasets.")
    String data;

    @Option(names = "--out", paramLabel = "DIR", description = "Result folder (default: experiments/results/NAME/TIMESTAMP).")
    Path out;

    @Option(names = "--paper", description = "omniglot: the paper's long configuration instead of the 30-minute CPU budget.")
    boolean paper;

    @Override
    public Integer call() {
        ExperimentResult result = run(ConsoleProgress.stderr());
        System.out.println(result.jsonLine());
        return 0;
    }

    /** An option meant for other experiments is refused rather than silently ignored. */
    private void refuseOptionsOtherThanFor(String experiment) {
        Map<String, Object> options = new java.util.LinkedHashMap<>();
        options.put("--folds", folds);
        options.put("--fold", onlyFolds);
        options.put("--view", view);
        options.put("--crop", crop);
        options.put("--floors-only", floorsOnly ? Boolean.TRUE : null);
        options.put("--paper", paper ? Boolean.TRUE : null);
        options.put("--budget-minutes", budgetMinutes);
        Map<String, List<String>> allowed = Map.of("--folds", List.of("faces"), "--fold", List.of("faces", "lfw"), "--view", List.of("lfw"),
                "--crop", List.of("lfw"), "--floors-only", List.of("omniglot", "faces", "lfw"), "--paper", List.of("omniglot"),
                "--budget-minutes", List.of("omniglot", "faces", "lfw"));
        options.forEach((option, value) -> {
            if (value != null && !allowed.get(option).contains(experiment)) {
                throw new IllegalArgumentException(option + " is for " + String.join(", ", allowed.get(option)) + ", not " + experiment);
            }
        });
    }

    ExperimentResult run(Progress progress) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.matches("\\d+")) {
            int number = Integer.parseInt(key);
            if (number < 1 || number > NAMES.size()) {
                throw new IllegalArgumentException("no experiment number " + number + "; choose 1-" + NAMES.size() + " or one of " + NAMES);
            }
            key = NAMES.get(number - 1);
        }
        refuseOptionsOtherThanFor(key);
        Path dataPath = data == null ? null : Path.of(data);
        return switch (key) {
            case "quickstart" -> Exp01QuickStart.run(Exp01QuickStart.Config.DEFAULTS.withOut(out), progress);
            case "omniglot" -> {
                Exp02OmniglotOneShot.Config c = (paper ? Exp02OmniglotOneShot.Config.PAPER : Exp02OmniglotOneShot.Config.CPU_BUDGET)
                        .withOmniglot(dataPath).withOut(out).withFloorsOnly(floorsOnly);
                yield Exp02OmniglotOneShot.run(budgetMinutes == null ? c : c.withBudgetMinutes(budgetMinutes), progress);
            }
            case "faces" -> {
                Exp03FacesOneShot.Config c = Exp03FacesOneShot.Config.DEFAULTS.withFaces(dataPath).withOut(out).withFloorsOnly(floorsOnly);
                if (folds != null) c = c.withFolds(folds);
                if (onlyFolds != null) c = c.withOnlyFolds(onlyFolds);
                yield Exp03FacesOneShot.run(budgetMinutes == null ? c : c.withBudgetMinutes(budgetMinutes), progress);
            }
            case "lfw" -> {
                Exp04LfwVerification.Config c = Exp04LfwVerification.Config.DEFAULTS.withLfw(dataPath).withOut(out).withFloorsOnly(floorsOnly);
                if (view != null) c = c.withView(view);
                if (crop != null) c = c.withCrop(crop.toLowerCase(Locale.ROOT));
                if (onlyFolds != null) c = c.withFolds(onlyFolds);
                yield Exp04LfwVerification.run(budgetMinutes == null ? c : c.withBudgetMinutes(budgetMinutes), progress);
            }
            case "resume" -> Exp05Resume.run(Exp05Resume.Config.DEFAULTS.withOut(out), progress);
            case "thresholds" -> Exp06ThresholdTuning.run(Exp06ThresholdTuning.Config.DEFAULTS.withData(data).withOut(out), progress);
            default -> throw new IllegalArgumentException("unknown experiment '" + name + "'; choose one of " + NAMES);
        };
    }
}
