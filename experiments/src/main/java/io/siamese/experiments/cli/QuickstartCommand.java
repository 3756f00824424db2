package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.experiments.ExperimentResult;
import io.siamese.experiments.Results;
import io.siamese.model.BadInputException;
import io.siamese.training.TrainingConfig;
import io.siamese.experiments.Exp01QuickStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./siamese quickstart}: the main job on the embedded synthetic faces. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Train the compact preset on the embedded synthetic faces (no download), checkpointing every epoch,",
                "and print held-out precision and recall. About 2-4 minutes on 2 cores."})
final class QuickstartCommand implements Callable<Integer>, ExitStatus.RunFolder {

    @Option(names = "--out", paramLabel = "DIR", description = "Result folder (default: experiments/results/Exp01QuickStart/TIMESTAMP).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint.")
    boolean resume;

    @Option(names = "--epochs", description = "Epochs of the pair stage, at least 1 (default: the experiment's; identity pretraining comes first).")
    Integer epochs;

    @Option(names = "--json", description = "Print the result as one JSON line on standard output.")
    boolean json;

    /** The result folder: where an internal failure leaves error.log. */
    private Path folder;

    @Override
    public Path runFolder() {
        return folder;
    }

    @Override
    public Integer call() {
        if (resume && out == null) throw new BadInputException("--resume needs --out DIR (the run to continue)");
        folder = out != null ? out : Results.defaultFolder(Exp01QuickStart.class.getSimpleName());
        Exp01QuickStart.Config config = Exp01QuickStart.Config.DEFAULTS.withOut(folder).withResume(resume);
        config = config.withTraining(ExitStatus.option("--epochs", config.training(), epochs, (training, n) -> {
            // The quickstart shows both stages end to end; train --epochs 0 is the way to pretrain only.
            if (n < 1) throw new IllegalArgumentException("must be at least 1, got " + n);
            return training.withEpochs(n);
        }));
        ExperimentResult result = Exp01QuickStart.run(config, ConsoleProgress.stderr());
        if (json) {
            System.out.println(result.jsonLine());
        } else {
            System.out.printf(Locale.ROOT, "Held-out people: precision %.3f, recall %.3f at the calibrated threshold %.3f (FAR %.2f%%, FRR %.2f%%)%n",
                    result.number("precision"), result.number("recall"), result.number("threshold"), 100 * result.number("far"), 100 * result.number("frr"));
            System.out.printf(Locale.ROOT, "                 precision %.3f, recall %.3f at the equal-error threshold %.3f; AUC %.3f, EER %.2f%%, %d-way one-shot %.1f%%%n",
                    result.number("precision_at_eer_threshold"), result.number("recall_at_eer_threshold"), result.number("eer_threshold"),
                    result.number("auc"), 100 * result.number("eer"), (int) result.number("one_shot_ways"), 100 * result.number("one_shot_accuracy"));
            if (result.numbers().get("floors") instanceof java.util.Map<?, ?> floors) {
                floors.forEach((name, figures) -> {
                    java.util.Map<?, ?> f = (java.util.Map<?, ?>) figures;
                    System.out.printf(Locale.ROOT, "No-training floor %-8s AUC %.3f, EER %.2f%%, %d-way one-shot %.1f%% (same pairs and trials)%n", name,
                            ((Number) f.get("auc")).doubleValue(), 100 * ((Number) f.get("eer")).doubleValue(), (int) result.number("one_shot_ways"),
                            100 * ((Number) f.get("one_shot_accuracy")).doubleValue());
                });
            }
            System.out.println("Results, curves and the model: " + result.folder());
        }
        return 0;
    }
}
