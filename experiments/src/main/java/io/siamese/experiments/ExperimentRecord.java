package io.siamese.experiments;

import io.siamese.model.Json;
import io.siamese.model.bench.ProcessMemory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code experiment.json} of an experiment's result folder, the provenance {@code ./siamese report} builds the
 * results table from. It is written at the start (configuration, budget, date and commit, {@code "status":
 * "running"}), again whenever the experiment has partial results (after each fold), and at the end with the key
 * numbers (floors included) and {@code "status": "complete"}. So a run that dies still explains itself and keeps what
 * it measured.
 */
public final class ExperimentRecord {

    /** The file name in a result folder. */
    public static final String FILE = "experiment.json";
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";

    private final String experiment;
    private final Path folder;
    private final Object config;
    private final String budget;
    private final Instant started;
    private final String commit;

    private ExperimentRecord(String experiment, Path folder, Object config, String budget, Instant started, String commit) {
        this.experiment = experiment;
        this.folder = folder;
        this.config = config;
        this.budget = budget;
        this.started = started;
        this.commit = commit;
    }

    /**
     * Starts the record and writes it with the configuration only.
     *
     * @param budget the training budget in words ("10 min per fold", "30 min in all", "none: every epoch")
     */
    public static ExperimentRecord start(String experiment, Path folder, Object config, String budget) {
        ExperimentRecord record = new ExperimentRecord(experiment, folder, config, budget, Instant.now().truncatedTo(ChronoUnit.SECONDS), gitCommit());
        record.write(RUNNING, null);
        return record;
    }

    /** Rewrites the record with the results measured so far; the run goes on. */
    public void progress(Map<String, Object> partialResults) {
        write(RUNNING, partialResults);
    }

    /** Writes the final record and returns what {@code ./siamese experiment} prints. */
    public ExperimentResult finish(Map<String, Object> results) {
        write(COMPLETE, results);
        return new ExperimentResult(experiment, folder, results);
    }

    /** Minutes since {@link #start}. */
    public double elapsedMinutes() {
        return Duration.between(started, Instant.now()).toMillis() / 60_000.0;
    }

    private void write(String status, Map<String, Object> results) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", experiment);
        json.put("status", status);
        json.put("started", started.toString());
        json.put("finished", COMPLETE.equals(status) ? Instant.now().truncatedTo(ChronoUnit.SECONDS).toString() : null);
        json.put("minutes", elapsedMinutes());
        // The most resident memory the process has held so far: what a long run on real photos must keep bounded.
        json.put("peak_resident_mb", ProcessMemory.peakResidentMegabytes());
        json.put("budget", budget);
        json.put("commit", commit);
        json.put("config", config);
        json.put("results", results);
        Json.write(folder.resolve(FILE), json);
    }

    /**
     * The commit checked out in the working directory ({@code git rev-parse HEAD}), with {@value #DIRTY} appended when
     * tracked files differ from it (the run's code is then not that commit), or "unknown" without git.
     */
    static String gitCommit() {
        return gitCommit(Path.of("").toAbsolutePath());
    }

    /** {@link #gitCommit()} of the working tree at {@code directory}. */
    static String gitCommit(Path directory) {
        String head = git(directory, "rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{7,64}")) return "unknown";
        String changes = git(directory, "status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + DIRTY;
    }

    /** What marks a commit whose working tree had changes. */
    static final String DIRTY = "+dirty";

    /** The trimmed output of a git command, or null when it fails or takes over 10 seconds. */
    private static String git(Path directory, String... args) {
        try {
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process git = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String out;
            try (InputStream in = git.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroy();
                return null;
            }
            return git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
