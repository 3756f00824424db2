package io.siamese.experiments;

import io.siamese.model.AtomicFiles;
import io.siamese.model.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Result folders and the {@code summary.md} every experiment writes. */
public final class Results {

    /** The default parent of result folders, relative to the working directory (the project root for ./siamese). */
    public static final Path DEFAULT_BASE = Path.of("experiments", "results");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private Results() {
    }

    /** {@code base/NAME/TIMESTAMP}, created. When {@code out} is given it is used as is. */
    public static Path folder(String experiment, Path out) {
        Path folder = out != null ? out : defaultFolder(experiment);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create result folder " + folder, e);
        }
    }

    /** {@code base/NAME/TIMESTAMP} for a run starting now, not created: the folder {@link #folder} makes when no {@code out} is given. */
    public static Path defaultFolder(String experiment) {
        return DEFAULT_BASE.resolve(experiment).resolve(LocalDateTime.now().format(STAMP));
    }

    /** Writes the experiment's own configuration first, so even a crashed run explains itself. */
    public static void writeConfig(Path folder, Object config) {
        Json.write(folder.resolve("experiment.json"), config);
    }

    /** A {@code summary.md}: a title, the question, a table of numbers, and numbered takeaways. */
    public static final class Summary {
        private final StringBuilder text = new StringBuilder();
        private final List<String> takeaways = new ArrayList<>();

        public Summary(String title, String question) {
            text.append("# ").append(title).append("\n\n").append(question).append("\n\n");
        }

        public Summary paragraph(String paragraph) {
            text.append(paragraph).append("\n\n");
            return this;
        }

        public Summary table(String header1, String header2, Map<String, String> rows) {
            text.append("| ").append(header1).append(" | ").append(header2).append(" |\n|---|---|\n");
            rows.forEach((k, v) -> text.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            text.append('\n');
            return this;
        }

        public Summary takeaway(String sentence) {
            takeaways.add(sentence);
            return this;
        }

        public String render() {
            StringBuilder out = new StringBuilder(text);
            if (!takeaways.isEmpty()) {
                out.append("## Takeaways\n\n");
                for (int i = 0; i < takeaways.size(); i++) out.append(i + 1).append(". ").append(takeaways.get(i)).append('\n');
            }
            return out.toString();
        }

        public void write(Path folder) {
            AtomicFiles.writeString(folder.resolve("summary.md"), render());
        }
    }

    /** A number with a fixed number of decimals, for tables. */
    public static String f(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A rate as a percentage with two decimals. */
    public static String pct(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
