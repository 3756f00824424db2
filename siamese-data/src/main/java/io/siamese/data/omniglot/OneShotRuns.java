package io.siamese.data.omniglot;

import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageFiles;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.data.OneShotTrial;
import io.siamese.data.ZipArchive;
import io.siamese.data.ZipImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Reads Lake et al.'s official one-shot classification benchmark, {@code all_runs.zip} or that archive extracted:
 * 20 runs of 20-way within-alphabet classification. Each {@code runNN/} holds {@code training/classNN.png} (one
 * drawing of each of the 20 characters), {@code test/itemNN.png} (20 queries) and {@code class_labels.txt}, one line
 * per query such as {@code run01/test/item01.png run01/training/class08.png}.
 *
 * <p>The candidates of every trial of a run are its training images in file-name order ({@code class01} first); the
 * query and the candidates have identity {@code runNN/classNN} and group {@code runNN}. The benchmark is read
 * strictly: a malformed label line or a missing image stops with a {@link DatasetException} naming the file and line.
 */
public final class OneShotRuns {

    /** The benchmark's file name as published. */
    public static final String ARCHIVE = "all_runs.zip";
    private static final String LABELS = "class_labels.txt";

    /** One run: its name ({@code run01}) and its trials, in the order of its label file. */
    public record Run(String name, List<OneShotTrial> trials) {
        public Run {
            trials = List.copyOf(trials);
        }
    }

    private OneShotRuns() {
    }

    /**
     * The runs, sorted by name. {@code path} is {@code all_runs.zip}, a folder holding {@code all_runs.zip} or an
     * extracted {@code all_runs/}, or the extracted folder itself (holding {@code run01/}, ...).
     *
     * @throws DatasetException when no run is found, a label line is malformed or names a missing image
     */
    public static List<Run> read(Path path) {
        Source source = open(locate(path));
        Map<String, String> labelFiles = new TreeMap<>();
        for (String entry : source.entries) {
            if (entry.equals(LABELS) || entry.endsWith("/" + LABELS)) {
                String runDir = entry.substring(0, entry.length() - LABELS.length());
                String runName = runDir.isEmpty() ? "" : Path.of(runDir).getFileName().toString();
                labelFiles.put(runName, entry);
            }
        }
        if (labelFiles.isEmpty()) {
            throw new DatasetException("omniglot runs: no runNN/" + LABELS + " in " + source.name
                    + "; expected Lake's all_runs.zip (run01/ ... run20/, each with training/, test/ and " + LABELS + ")");
        }
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, String> labels : labelFiles.entrySet()) runs.add(readRun(source, labels.getKey(), labels.getValue()));
        return runs;
    }

    /** All trials of all runs, run by run (400 for the published benchmark). */
    public static List<OneShotTrial> trials(Path path) {
        return read(path).stream().flatMap(run -> run.trials().stream()).toList();
    }

    /** Where the benchmark is below {@code path}: the zip, an extracted folder, or {@code path} itself. */
    private static Path locate(Path path) {
        if (Files.isRegularFile(path)) return path;
        if (!Files.isDirectory(path)) {
            throw new DatasetException("omniglot runs: " + path + " not found; expected " + ARCHIVE + " or the folder it extracts to");
        }
        return find(path).orElse(path);
    }

    private static Run readRun(Source source, String runName, String labelEntry) {
        String prefix = labelEntry.substring(0, labelEntry.length() - LABELS.length());
        String runPrefix = prefix;
        String rootPrefix = prefix.isEmpty() ? "" : parentPrefix(prefix);
        List<String> trainingEntries = source.entries.stream()
                .filter(e -> e.startsWith(runPrefix + "training/") && ImageFiles.isImage(Path.of(e))).sorted().toList();
        if (trainingEntries.size() < 2) {
            throw new DatasetException("omniglot runs: " + source.name + ": " + runPrefix + "training/ holds "
                    + trainingEntries.size() + " images; expected one per class (20)");
        }
        List<ImageRef> candidates = new ArrayList<>();
        for (String entry : trainingEntries) candidates.add(new ImageRef(identity(runName, entry), runName, source.image(entry)));
        String labelName = source.name + (source.zip != null ? "!/" : "/") + labelEntry;
        List<String> lines = source.lines(labelEntry);
        List<OneShotTrial> trials = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new DatasetException(labelName + " line " + (i + 1) + ": expected '<run>/test/itemNN.png <run>/training/classNN.png', got '" + line + "'");
            }
            String query = rootPrefix + fields[0];
            String answer = rootPrefix + fields[1];
            if (!source.entrySet.contains(query)) {
                throw new DatasetException(labelName + " line " + (i + 1) + ": query image " + fields[0] + " not found in " + source.name);
            }
            int index = trainingEntries.indexOf(answer);
            if (index < 0) {
                throw new DatasetException(labelName + " line " + (i + 1) + ": class image " + fields[1] + " is not one of the "
                        + trainingEntries.size() + " images in " + runPrefix + "training/");
            }
            ImageRef queryRef = new ImageRef(identity(runName, answer), runName, source.image(query));
            trials.add(new OneShotTrial(queryRef, candidates, index));
        }
        if (trials.isEmpty()) throw new DatasetException(labelName + " has no label lines; expected one per test image");
        return new Run(runName, trials);
    }

    private static String identity(String runName, String trainingEntry) {
        String file = trainingEntry.substring(trainingEntry.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return runName + "/" + (dot > 0 ? file.substring(0, dot) : file);
    }

    /** {@code a/b/run01/} becomes {@code a/b/}. */
    private static String parentPrefix(String prefix) {
        String trimmed = prefix.substring(0, prefix.length() - 1);
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? "" : trimmed.substring(0, slash + 1);
    }

    /** The benchmark's files, as relative names with '/' separators, in a zip or a folder. */
    private static final class Source {
        final String name;
        final ZipArchive zip;
        final Path folder;
        final List<String> entries;
        final Set<String> entrySet;

        private Source(String name, ZipArchive zip, Path folder, List<String> entries) {
            this.name = name;
            this.zip = zip;
            this.folder = folder;
            this.entries = entries;
            this.entrySet = new HashSet<>(entries);
        }

        ImageSource image(String entry) {
            return zip != null ? new ZipImage(zip, entry) : new FileImage(folder.resolve(entry));
        }

        List<String> lines(String entry) {
            try {
                String text = zip != null ? new String(zip.read(entry), StandardCharsets.UTF_8)
                        : Files.readString(folder.resolve(entry), StandardCharsets.UTF_8);
                return text.lines().toList();
            } catch (IOException e) {
                throw new DatasetException("omniglot runs: cannot read " + entry + " in " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private static Source open(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                List<String> entries = files.filter(Files::isRegularFile)
                        .map(p -> path.relativize(p).toString().replace('\\', '/')).sorted().toList();
                return new Source(path.toString(), null, path, entries);
            } catch (IOException | UncheckedIOException e) {
                throw new DatasetException("omniglot runs: cannot read folder " + path + ": " + e.getMessage(), e);
            }
        }
        ZipArchive zip = new ZipArchive(path);
        try {
            List<String> entries = new ArrayList<>();
            for (ZipEntry entry : Collections.list(zip.file().entries())) if (!entry.isDirectory()) entries.add(entry.getName());
            Collections.sort(entries);
            return new Source(path.toString(), zip, null, List.copyOf(entries));
        } catch (IOException e) {
            throw new DatasetException("omniglot runs: cannot open zip archive " + path + ": " + e.getMessage() + "; expected " + ARCHIVE, e);
        }
    }

    /** The benchmark as published in a folder ({@code all_runs/} extracted, else {@code all_runs.zip}), if it is there. */
    public static Optional<Path> find(Path folder) {
        for (String candidate : new String[] {"all_runs", ARCHIVE}) {
            Path inside = folder.resolve(candidate);
            if (Files.exists(inside)) return Optional.of(inside);
        }
        return Optional.empty();
    }
}
