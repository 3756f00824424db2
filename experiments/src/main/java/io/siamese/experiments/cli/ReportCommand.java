package io.siamese.experiments.cli;

import io.siamese.experiments.Results;
import io.siamese.experiments.ResultsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./siamese report}: the results table, written from the experiments' {@code experiment.json} files into
 * {@code docs/results.md} and the README (between its {@code results:begin}/{@code results:end} markers).
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Collect the newest experiment.json of each experiment into docs/results.md and the README's results table:",
                "each headline figure beside its no-training floors, a reference figure, the budget, date and commit; a trained",
                "figure below a floor is marked. The table is never edited by hand."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--results", paramLabel = "DIR", description = "Where the experiments wrote their folders (default: experiments/results).")
    Path results;

    @Option(names = "--doc", paramLabel = "FILE", description = "The full report (default: docs/results.md).")
    Path doc;

    @Option(names = "--readme", paramLabel = "FILE", description = "The README whose table is rewritten (default: README.md).")
    Path readme;

    @Override
    public Integer call() {
        Path root = results == null ? Results.DEFAULT_BASE : results;
        Path document = doc == null ? Path.of("docs", "results.md") : doc;
        Path readmeFile = readme == null ? Path.of("README.md") : readme;
        List<?> entries = ResultsReport.write(root, document, readmeFile);
        System.out.println("reported " + entries.size() + " experiment(s) from " + root + " into " + document + " and " + readmeFile);
        return 0;
    }
}
