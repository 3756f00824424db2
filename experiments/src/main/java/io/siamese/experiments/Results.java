package io.siamese.experiments;

import io.siamese.model.AtomicFiles;

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

    /** How the floors are named in sentences, by their JSON key. */
    private static final Map<String, String> FLOOR_NAMES = Map.of("pixel_l1", "pixel-L1", "lbp", "LBP", "mhd", "MHD");

    /** A floor's short name in sentences ("pixel-L1"), from its JSON key. */
    public static String floorName(String key) {
        return FLOOR_NAMES.getOrDefault(key, key);
    }

    /**
     * How a trained figure stands against each floor, in words: "is below the pixel-L1 floor on EER: 25.30% vs 13.50%"
     * or "beats the LBP floor on EER: 10.00% vs 20.10%".
     *
     * @param figure         the figure's name in the sentence ("EER")
     * @param model          the trained model's value
     * @param floors         each floor's value, by floor key
     * @param higherIsBetter true for accuracy and AUC, false for error rates
     * @param format         how values are printed
     */
    public static List<String> versusFloors(String figure, double model, Map<String, Double> floors, boolean higherIsBetter,
                                            java.util.function.DoubleFunction<String> format) {
        List<String> sentences = new ArrayList<>();
        floors.forEach((key, floor) -> {
            if (floor == null || Double.isNaN(floor) || Double.isNaN(model)) return;
            String verdict = model == floor ? "is level with" : (model > floor) == higherIsBetter ? "beats" : "is below";
            sentences.add(verdict + " the " + floorName(key) + " floor on " + figure + ": " + format.apply(model) + " vs " + format.apply(floor));
        });
        return sentences;
    }

    /** The mean of some values (NaN when there are none). */
    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The sample standard deviation (n - 1), NaN for fewer than two values. */
    public static double sd(List<Double> values) {
        if (values.size() < 2) return Double.NaN;
        double m = mean(values);
        return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / (values.size() - 1));
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

        /** A table of any number of columns; each row has one cell per header. */
        public Summary table(List<String> headers, List<List<String>> rows) {
            text.append("| ").append(String.join(" | ", headers)).append(" |\n|").append("---|".repeat(headers.size())).append('\n');
            for (List<String> row : rows) {
                if (row.size() != headers.size()) throw new IllegalArgumentException("a row of " + row.size() + " cells under " + headers.size() + " headers");
                text.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
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

    /**
     * Mean and standard deviation over folds of each figure: {@code KEY_mean} and {@code KEY_sd} for every key of the
     * first fold, in its order (keys missing from a fold are left out of that fold's share).
     */
    public static Map<String, Object> meanAndSd(List<Map<String, Double>> folds) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (folds.isEmpty()) return out;
        for (String key : folds.get(0).keySet()) {
            List<Double> values = folds.stream().map(f -> f.get(key)).filter(java.util.Objects::nonNull).toList();
            out.put(key + "_mean", mean(values));
            out.put(key + "_sd", sd(values));
        }
        return out;
    }

    /**
     * Writes rows (one map per row, for example one per fold and scorer) as CSV, the header being every key in the
     * order first met; rewritten whole and atomically, so it can be refreshed as each fold finishes.
     */
    public static void writeCsv(Path file, List<Map<String, Object>> rows) {
        java.util.LinkedHashSet<String> header = new java.util.LinkedHashSet<>();
        for (Map<String, Object> row : rows) header.addAll(row.keySet());
        AtomicFiles.write(file, out -> {
            java.io.Writer writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
            try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(writer,
                    org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
                for (Map<String, Object> row : rows) {
                    List<Object> cells = new ArrayList<>();
                    for (String key : header) cells.add(row.getOrDefault(key, ""));
                    printer.printRecord(cells);
                }
            }
        });
    }

    /** The JSON key of N-way one-shot accuracy: {@code two_way}, {@code five_way}, ..., {@code 20_way} past twelve. */
    public static String wayKey(int ways) {
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
        return (ways < words.length ? words[ways] : String.valueOf(ways)) + "_way";
    }

    /** "12.50% ± 2.10%" (rates) or "0.941 ± 0.020" from {@code KEY_mean} and {@code KEY_sd}; "-" when there is no mean. */
    public static String meanSd(Map<String, Object> numbers, String key, boolean rate) {
        double mean = number(numbers, key + "_mean"), sd = number(numbers, key + "_sd");
        if (Double.isNaN(mean)) return "-";
        String m = rate ? pct(mean) : f(mean, 3);
        return Double.isNaN(sd) ? m : m + " ± " + (rate ? pct(sd) : f(sd, 3));
    }

    /** A number of a results map, NaN when it is absent or not a number. */
    public static double number(Map<String, ?> numbers, String key) {
        return numbers != null && numbers.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The rows of one scorer (the {@code scorer} column) without that column: each fold's figures for the JSON. */
    public static List<Map<String, Object>> rowsOf(List<Map<String, Object>> rows, String scorer) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (!scorer.equals(row.get("scorer"))) continue;
            Map<String, Object> copy = new java.util.LinkedHashMap<>(row);
            copy.remove("scorer");
            out.add(copy);
        }
        return out;
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
