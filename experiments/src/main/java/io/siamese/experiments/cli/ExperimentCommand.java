package io.siamese.experiments.cli;

import io.siamese.experiments.Exp01QuickStart;
import io.siamese.experiments.Exp02OmniglotOneShot;
import io.siamese.experiments.Exp03FacesOneShot;
import io.siamese.experiments.Exp04LfwVerification;
import io.siamese.experiments.Exp05Resume;
import io.siamese.experiments.Exp06ThresholdTuning;
import io.siamese.experiments.Exp07MultiFrame;
import io.siamese.experiments.Exp08RecipeAblation;
import io.siamese.experiments.ExperimentResult;
import io.siamese.experiments.Results;
import io.siamese.app.ExitStatus;
import io.siamese.data.DataSpec;
import io.siamese.model.BadInputException;
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
                "  thresholds  (6) detection/verification thresholds against FAR and FRR, ~5 min",
                "  frames      (7) face ID over the last N frames: FAR and FRR against N on unseen ORL/Yale people, ~10 min",
                "  ablation    (8) which parts of the training recipe help, on development people (never the test people),",
                "              a few minutes per variant and fold (--variants, --folds, --dataset)"})
final class ExperimentCommand implements Callable<Integer>, ExitStatus.RunFolder {

    static final List<String> NAMES = List.of("quickstart", "omniglot", "faces", "lfw", "resume", "thresholds", "frames", "ablation");
    /** The experiment classes in the order of {@link #NAMES}: their simple names name the default result folders. */
    static final List<Class<?>> CLASSES = List.of(Exp01QuickStart.class, Exp02OmniglotOneShot.class, Exp03FacesOneShot.class,
            Exp04LfwVerification.class, Exp05Resume.class, Exp06ThresholdTuning.class, Exp07MultiFrame.class,
            Exp08RecipeAblation.class);

    @Parameters(index = "0", paramLabel = "NAME", description = "quickstart, omniglot, faces, lfw, resume, thresholds, frames or ablation (or 1-8).")
    String name;

    @Option(names = "--budget-minutes", paramLabel = "M", description = {"Training time budget. omniglot: in all (default 30);",
            "faces: PER FOLD (default 10, the 5 folds take 5 times that); lfw: shared by all folds (default: none); frames: training."})
    Double budgetMinutes;

    @Option(names = "--folds", paramLabel = "K", description = {"faces: cross-validation folds of people (default 5: 8 test people each on ORL);",
            "ablation: how many of those folds' development people (faces) or seeds (omniglot) to run (default 5 / 3)."})
    Integer folds;

    @Option(names = "--variants", paramLabel = "V,V", split = ",", description = {"ablation: the variants, e.g. recipe,no-mining,short+no-pretraining",
            "(default: the recipe and each change alone; unknown names list the known ones)."})
    List<String> variants;

    @Option(names = "--dataset", paramLabel = "D", description = "ablation: faces (AT&T/ORL, default) or omniglot.")
    String dataset;

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

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset folder (omniglot, faces, lfw, frames: the ORL faces) or data spec (thresholds); default: ../shared/datasets.")
    String data;

    @Option(names = "--out", paramLabel = "DIR", description = "Result folder (default: experiments/results/NAME/TIMESTAMP).")
    Path out;

    @Option(names = "--init", paramLabel = "MODEL", description = {"faces, ablation: a saved model (model.zip of the face preset) whose tower every fold starts from",
            "(ablation: the transfer variants), for example one trained on LFW (./siamese train --data identities:LFW --crop centre:0.6); default: random weights."})
    Path init;

    @Option(names = "--freeze-blocks", paramLabel = "N", description = "faces, with --init: every fold keeps the starting tower's first N convolution blocks (default 0).")
    Integer freezeBlocks;

    @Option(names = "--test-zoom", paramLabel = "Z", description = {"faces: every fold's final model embeds images shrunk by Z about their centre, edges repeated",
            "(0.9 helped ORL with the LFW tower, docs/accuracy.md; default 1: as they are)."})
    Double testZoom;

    @Option(names = "--test-rotation", paramLabel = "DEG", description = {"faces: every fold's final model averages each embedding over the image rotated by DEG",
            "degrees either way (4 helped ORL with the LFW tower and --test-zoom 0.9, docs/accuracy.md; default 0: none)."})
    Double testRotation;

    @Option(names = "--soup", paramLabel = "N", description = {"faces: every fold trains N runs (seeds 42, 43, ...; with --init all from that tower), each in the fold's",
            "member-K folder, and averages their weights into the fold's model before calibrating it (a model soup; the fold's time budget is shared; default 1)."})
    Integer soup;

    @Option(names = "--paper", description = "omniglot: the paper's long configuration instead of the 30-minute CPU budget.")
    boolean paper;

    /** The result folder once the experiment is known: where an internal failure leaves error.log. */
    private Path folder;

    @Override
    public Path runFolder() {
        return folder;
    }

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
        options.put("--variants", variants);
        options.put("--dataset", dataset);
        options.put("--init", init);
        options.put("--freeze-blocks", freezeBlocks);
        options.put("--test-zoom", testZoom);
        options.put("--test-rotation", testRotation);
        options.put("--soup", soup);
        Map<String, List<String>> allowed = Map.ofEntries(
                Map.entry("--folds", List.of("faces", "ablation")),
                Map.entry("--variants", List.of("ablation")),
                Map.entry("--dataset", List.of("ablation")),
                Map.entry("--init", List.of("faces", "ablation")),
                Map.entry("--fold", List.of("faces", "lfw")),
                Map.entry("--view", List.of("lfw")),
                Map.entry("--crop", List.of("lfw")),
                Map.entry("--floors-only", List.of("omniglot", "faces", "lfw")),
                Map.entry("--paper", List.of("omniglot")),
                Map.entry("--budget-minutes", List.of("omniglot", "faces", "lfw", "frames")),
                Map.entry("--freeze-blocks", List.of("faces")),
                Map.entry("--test-zoom", List.of("faces")),
                Map.entry("--test-rotation", List.of("faces")),
                Map.entry("--soup", List.of("faces")));
        options.forEach((option, value) -> {
            if (value != null && !allowed.get(option).contains(experiment)) {
                throw new BadInputException(option + " is for " + String.join(", ", allowed.get(option)) + ", not " + experiment);
            }
        });
    }

    /** The --init model file, checked to exist; null when not given. */
    private Path initModel() {
        if (init != null && !java.nio.file.Files.isRegularFile(init)) throw new BadInputException("--init: no model file " + init);
        return init;
    }

    ExperimentResult run(Progress progress) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.matches("\\d+")) {
            int number = Integer.parseInt(key);
            if (number < 1 || number > NAMES.size()) {
                throw new BadInputException("no experiment number " + number + "; choose 1-" + NAMES.size() + " or one of " + NAMES);
            }
            key = NAMES.get(number - 1);
        }
        if (!NAMES.contains(key)) throw new BadInputException("unknown experiment '" + name + "'; choose one of " + NAMES);
        if (budgetMinutes != null && !(budgetMinutes > 0)) throw new BadInputException("--budget-minutes must be more than 0, got " + budgetMinutes);
        refuseOptionsOtherThanFor(key);
        folder = out != null ? out : Results.defaultFolder(CLASSES.get(NAMES.indexOf(key)).getSimpleName());
        Path out = folder;
        if (key.equals("thresholds") && data != null) ExitStatus.option("--data", () -> DataSpec.parse(data)); // a data spec there
        Path dataPath = data == null || key.equals("thresholds") ? null : ExitStatus.option("--data", () -> Path.of(data));
        return switch (key) {
            case "quickstart" -> Exp01QuickStart.run(Exp01QuickStart.Config.DEFAULTS.withOut(out), progress);
            case "omniglot" -> {
                Exp02OmniglotOneShot.Config c = (paper ? Exp02OmniglotOneShot.Config.PAPER : Exp02OmniglotOneShot.Config.CPU_BUDGET)
                        .withOmniglot(dataPath).withOut(out).withFloorsOnly(floorsOnly);
                yield Exp02OmniglotOneShot.run(budgetMinutes == null ? c : c.withBudgetMinutes(budgetMinutes), progress);
            }
            case "faces" -> {
                Exp03FacesOneShot.Config c = Exp03FacesOneShot.Config.DEFAULTS.withFaces(dataPath).withOut(out).withFloorsOnly(floorsOnly);
                c = ExitStatus.option("--folds", c, folds, Exp03FacesOneShot.Config::withFolds);
                c = ExitStatus.option("--fold", c, onlyFolds, Exp03FacesOneShot.Config::withOnlyFolds);
                c = ExitStatus.option("--budget-minutes", c, budgetMinutes, Exp03FacesOneShot.Config::withBudgetMinutes);
                c = c.withInit(initModel());
                if (freezeBlocks != null) TrainCommand.checkFrozenBlocks(freezeBlocks, c.spec(), init != null);
                c = ExitStatus.option("--freeze-blocks", c, freezeBlocks, Exp03FacesOneShot.Config::withFrozenBlocks);
                c = ExitStatus.option("--test-zoom", c, testZoom, Exp03FacesOneShot.Config::withTestTimeZoom);
                c = ExitStatus.option("--test-rotation", c, testRotation, Exp03FacesOneShot.Config::withTestTimeRotation);
                c = ExitStatus.option("--soup", c, soup, Exp03FacesOneShot.Config::withSoup);
                yield Exp03FacesOneShot.run(c, progress);
            }
            case "lfw" -> {
                Exp04LfwVerification.Config c = Exp04LfwVerification.Config.DEFAULTS.withLfw(dataPath).withOut(out).withFloorsOnly(floorsOnly);
                c = ExitStatus.option("--view", c, view, Exp04LfwVerification.Config::withView);
                c = ExitStatus.option("--crop", c, crop == null ? null : crop.toLowerCase(Locale.ROOT), Exp04LfwVerification.Config::withCrop);
                c = ExitStatus.option("--fold", c, onlyFolds, Exp04LfwVerification.Config::withFolds);
                c = ExitStatus.option("--budget-minutes", c, budgetMinutes, Exp04LfwVerification.Config::withBudgetMinutes);
                yield Exp04LfwVerification.run(c, progress);
            }
            case "resume" -> Exp05Resume.run(Exp05Resume.Config.DEFAULTS.withOut(out), progress);
            case "thresholds" -> Exp06ThresholdTuning.run(Exp06ThresholdTuning.Config.DEFAULTS.withData(data).withOut(out), progress);
            case "frames" -> {
                Exp07MultiFrame.Config c = Exp07MultiFrame.Config.DEFAULTS.withFaces(dataPath).withOut(out);
                yield Exp07MultiFrame.run(budgetMinutes == null ? c : c.withBudgetMinutes(budgetMinutes), progress);
            }
            case "ablation" -> {
                String on = dataset == null ? "faces" : dataset.toLowerCase(Locale.ROOT);
                if (!on.equals("faces") && !on.equals("omniglot")) throw new BadInputException("--dataset is faces or omniglot, got " + dataset);
                Exp08RecipeAblation.Config c = (on.equals("omniglot") ? Exp08RecipeAblation.Config.OMNIGLOT : Exp08RecipeAblation.Config.DEFAULTS)
                        .withData(dataPath).withOut(out);
                c = ExitStatus.option("--variants", c, variants, Exp08RecipeAblation.Config::withVariants);
                c = ExitStatus.option("--folds", c, folds, Exp08RecipeAblation.Config::withFolds);
                c = c.withInit(initModel());
                yield Exp08RecipeAblation.run(c, progress);
            }
            default -> throw new IllegalStateException("experiment '" + key + "' is listed but not run");
        };
    }
}
