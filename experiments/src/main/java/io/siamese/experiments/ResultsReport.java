package io.siamese.experiments;

import io.siamese.model.AtomicFiles;
import io.siamese.model.BadInputException;
import io.siamese.model.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The results table, written by code from the experiments' own {@code experiment.json} files, never by hand: for
 * each experiment the newest run with results (a trained run before a floors-only one), its headline figures, the
 * no-training floors measured on the same pairs and trials, a reference figure from the literature where there is one,
 * and the run's budget, date and commit. Where a trained figure does not beat a floor, the table says so in words.
 * {@code ./siamese report} writes it into {@code docs/results.md} (with every number of every run) and between the
 * README's {@value #BEGIN} and {@value #END} markers.
 */
public final class ResultsReport {

    public static final String BEGIN = "<!-- results:begin -->";
    public static final String END = "<!-- results:end -->";

    /** How a figure is printed. */
    enum Format { PERCENT, DECIMAL, PLAIN }

    /**
     * One headline figure of an experiment.
     *
     * @param label          the row's name; {@code {ways}} is replaced by the run's {@code one_shot_ways}
     * @param key            the trained figure's key in the results
     * @param sdKey          its standard deviation's key, or null
     * @param floorKey       the same figure's key inside each floor, or null when floors do not have it
     * @param higherIsBetter which way is better (null: no direction, never compared)
     * @param reference      the literature's figure for the same task, or "-"
     */
    record Figure(String label, String key, String sdKey, String floorKey, Boolean higherIsBetter, Format format, String reference) {
    }

    /** One experiment's newest usable run. */
    public record Entry(String experiment, Path file, Map<String, Object> record) {
        @SuppressWarnings("unchecked")
        Map<String, Object> results() {
            return (Map<String, Object>) record.get("results");
        }

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> floors() {
            Object floors = results().get("floors");
            return floors instanceof Map<?, ?> m ? (Map<String, Map<String, Object>>) m : Map.of();
        }

        boolean floorsOnly() {
            return Boolean.TRUE.equals(results().get("floors_only"));
        }

        String text(String key) {
            Object v = record.get(key);
            return v == null ? "" : v.toString();
        }
    }

    /** The experiments in reading order, with their titles. */
    static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("Exp01QuickStart", "1 quickstart (synthetic faces, held-out people)");
        TITLES.put("Exp02OmniglotOneShot", "2 Omniglot one-shot");
        TITLES.put("Exp03FacesOneShot", "3 AT&T/ORL faces, unseen people, k-fold by person");
        TITLES.put("Exp04LfwVerification", "4 LFW verification, a model per pairs.txt fold");
        TITLES.put("Exp05Resume", "5 resume");
        TITLES.put("Exp06ThresholdTuning", "6 thresholds (gallery decisions)");
        TITLES.put("Exp07MultiFrame", "7 face ID over N frames (ORL people never seen, identification at a 1% target)");
        TITLES.put("Exp08RecipeAblation", "8 recipe ablation (development people or alphabet, never the test ones; docs/accuracy.md)");
    }

    private ResultsReport() {
    }

    /** The headline figures of an experiment (for Omniglot, one set per trained variant found in the results). */
    static List<Figure> figures(String experiment, Map<String, Object> results) {
        List<Figure> out = new ArrayList<>();
        switch (experiment) {
            case "Exp01QuickStart" -> {
                out.add(new Figure("ROC-AUC", "auc", null, "auc", true, Format.DECIMAL, "-"));
                out.add(new Figure("equal error rate", "eer", null, "eer", false, Format.PERCENT, "-"));
                out.add(new Figure("{ways}-way one-shot accuracy", "one_shot_accuracy", null, "one_shot_accuracy", true, Format.PERCENT, "-"));
                out.add(new Figure("precision at the calibrated threshold", "precision", null, "precision", true, Format.DECIMAL, "-"));
                out.add(new Figure("recall at the calibrated threshold", "recall", null, "recall", true, Format.DECIMAL, "-"));
            }
            case "Exp02OmniglotOneShot" -> {
                List<String> variants = new ArrayList<>();
                for (String key : results.keySet()) {
                    if (key.endsWith("_one_shot_test_alphabets")) variants.add(key.substring(0, key.length() - "_one_shot_test_alphabets".length()));
                }
                if (variants.isEmpty()) variants.add(null);
                for (String v : variants) {
                    String prefix = v == null ? "" : v + "_";
                    String suffix = v == null ? "" : " (augmentation " + v + ")";
                    out.add(new Figure("20-way one-shot, Lake's 20 runs" + suffix, prefix + "one_shot_official_runs", null, "one_shot_official_runs",
                            true, Format.PERCENT, "Lake et al. 2015: MHD 61.2%, BPL 96.7%"));
                    out.add(new Figure("20-way one-shot, held-out alphabet" + suffix, prefix + "one_shot_test_alphabets", null, "one_shot_test_alphabets",
                            true, Format.PERCENT, "Koch et al. 2015: 92.0% (30 background alphabets)"));
                    out.add(new Figure("verification accuracy, held-out alphabet" + suffix, prefix + "verification_accuracy", null, "verification_accuracy",
                            true, Format.PERCENT, "Koch et al. 2015: 93.42%"));
                }
            }
            case "Exp03FacesOneShot" -> {
                out.add(new Figure("equal error rate", "eer_mean", "eer_sd", "eer_mean", false, Format.PERCENT, "3.33% (Khalil-Hani & Sung 2014, small test set)"));
                out.add(new Figure("ROC-AUC", "auc_mean", "auc_sd", "auc_mean", true, Format.DECIMAL, "-"));
                out.add(new Figure("2-way one-shot", "two_way_mean", "two_way_sd", "two_way_mean", true, Format.PERCENT, "-"));
                out.add(new Figure("5-way one-shot", "five_way_mean", "five_way_sd", "five_way_mean", true, Format.PERCENT, "-"));
                out.add(new Figure("8-way one-shot", "eight_way_mean", "eight_way_sd", "eight_way_mean", true, Format.PERCENT, "-"));
                out.add(new Figure("FAR at the calibrated threshold", "far_at_calibrated_mean", "far_at_calibrated_sd", "far_at_calibrated_mean", false,
                        Format.PERCENT, "-"));
                out.add(new Figure("FRR at the calibrated threshold", "frr_at_calibrated_mean", "frr_at_calibrated_sd", "frr_at_calibrated_mean", false,
                        Format.PERCENT, "-"));
                out.add(new Figure("face-ID decision (5 references): FAR", "gallery_far_mean", "gallery_far_sd", "gallery_far_mean", false,
                        Format.PERCENT, "-"));
                out.add(new Figure("face-ID decision (5 references): FRR", "gallery_frr_mean", "gallery_frr_sd", "gallery_frr_mean", false,
                        Format.PERCENT, "-"));
            }
            case "Exp04LfwVerification" -> {
                out.add(new Figure("accuracy", "accuracy_mean", "accuracy_sd", "accuracy_mean", true, Format.PERCENT,
                        "Koch-style Siamese, LFW only: 65-79%; FaceNet (outside data): 99.63%"));
                out.add(new Figure("ROC-AUC", "auc_mean", "auc_sd", "auc_mean", true, Format.DECIMAL, "-"));
                out.add(new Figure("equal error rate", "eer_mean", "eer_sd", "eer_mean", false, Format.PERCENT, "-"));
                out.add(new Figure("FAR at the calibrated threshold", "far_at_calibrated_mean", "far_at_calibrated_sd", "far_at_calibrated_mean", false,
                        Format.PERCENT, "-"));
                out.add(new Figure("FRR at the calibrated threshold", "frr_at_calibrated_mean", "frr_at_calibrated_sd", "frr_at_calibrated_mean", false,
                        Format.PERCENT, "-"));
            }
            case "Exp05Resume" -> out.add(new Figure("largest weight difference, resumed vs uninterrupted", "max_weight_difference", null, null, null,
                    Format.PLAIN, "0 (exact resume)"));
            case "Exp06ThresholdTuning" -> {
                out.add(new Figure("FAR at the calibrated thresholds", "calibrated_far", null, null, false, Format.PERCENT, "-"));
                out.add(new Figure("FRR at the calibrated thresholds", "calibrated_frr", null, null, false, Format.PERCENT, "-"));
                out.add(new Figure("FAR at the original projects' 0.5 / 0.5", "original_0.5_0.5_far", null, null, false, Format.PERCENT, "-"));
                out.add(new Figure("FRR at the original projects' 0.5 / 0.5", "original_0.5_0.5_frr", null, null, false, Format.PERCENT, "-"));
            }
            case "Exp07MultiFrame" -> {
                for (int n : new int[] {1, 3, 10}) {
                    String frames = n == 1 ? "1 frame" : n + " frames";
                    out.add(new Figure("FAR (stranger named), " + frames, "orl_t0.01_far_" + n, null, null, false, Format.PERCENT, "-"));
                    out.add(new Figure("FRR (enrolled not named), " + frames, "orl_t0.01_frr_" + n, null, null, false, Format.PERCENT, "-"));
                }
            }
            case "Exp08RecipeAblation" -> {
                // One row per variant (floors included, as variants named "floor: ..."): faces by EER, characters by 20-way.
                for (String key : results.keySet()) {
                    if (key.endsWith("_eer_mean") && results.containsKey(key.replace("_eer_mean", "_auc_mean"))) {
                        String variant = key.substring(0, key.length() - "_eer_mean".length());
                        out.add(new Figure("equal error rate, " + variant, key, variant + "_eer_sd", null, false, Format.PERCENT, "-"));
                    } else if (key.endsWith("_twenty_way_mean")) {
                        String variant = key.substring(0, key.length() - "_twenty_way_mean".length());
                        out.add(new Figure("20-way one-shot, " + variant, key, variant + "_twenty_way_sd", null, true, Format.PERCENT, "-"));
                    }
                }
            }
            default -> {
                // An experiment this report does not know: every top-level number, without direction.
                results.forEach((k, v) -> {
                    if (v instanceof Number) out.add(new Figure(k, k, null, null, null, Format.PLAIN, "-"));
                });
            }
        }
        return out;
    }

    /**
     * The newest {@code experiment.json} with results of each experiment under {@code resultsRoot}
     * ({@code NAME/TIMESTAMP/experiment.json}); a trained run wins over a newer floors-only run.
     */
    public static List<Entry> collect(Path resultsRoot) {
        List<Entry> all = all(resultsRoot);
        Map<String, Entry> newest = new TreeMap<>(Comparator.comparingInt(ResultsReport::order).thenComparing(Comparator.naturalOrder()));
        for (Entry e : all) {
            Entry best = newest.get(e.experiment());
            if (best == null || better(e, best)) newest.put(e.experiment(), e);
        }
        return List.copyOf(newest.values());
    }

    /** The newest floors-only run of each experiment whose reported run is a trained one (its floors may cover more folds). */
    static List<Entry> floorsOnlyBesides(Path resultsRoot, List<Entry> reported) {
        List<Entry> out = new ArrayList<>();
        for (Entry r : reported) {
            if (r.floorsOnly()) continue;
            Entry newest = null;
            for (Entry e : all(resultsRoot)) {
                if (e.experiment().equals(r.experiment()) && e.floorsOnly() && (newest == null || e.text("started").compareTo(newest.text("started")) > 0)) newest = e;
            }
            if (newest != null) out.add(newest);
        }
        return out;
    }

    /** Every {@code experiment.json} with results under {@code resultsRoot}. */
    private static List<Entry> all(Path resultsRoot) {
        if (!Files.isDirectory(resultsRoot)) return List.of();
        List<Entry> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(resultsRoot, 3)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals(ExperimentRecord.FILE)).sorted().toList()) {
                Map<String, Object> json;
                try {
                    json = Json.read(file, Map.class);
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    continue; // An unreadable or foreign file is not a result.
                }
                if (!(json.get("experiment") instanceof String name) || !(json.get("results") instanceof Map<?, ?>)) continue;
                all.add(new Entry(name, file, json));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resultsRoot, e);
        }
        return all;
    }

    private static int order(String experiment) {
        int i = new ArrayList<>(TITLES.keySet()).indexOf(experiment);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static boolean better(Entry candidate, Entry current) {
        if (candidate.floorsOnly() != current.floorsOnly()) return current.floorsOnly();
        return candidate.text("started").compareTo(current.text("started")) > 0;
    }

    private static final String TABLE_HEAD = "| experiment | figure | trained model | no-training floors (same pairs, same preprocessing) "
            + "| trained vs floor | reference | budget | run |\n|---|---|---|---|---|---|---|---|\n";

    /** The table for the README: one row per headline figure. */
    public static String table(List<Entry> entries) {
        StringBuilder out = new StringBuilder();
        out.append(TABLE_HEAD);
        for (Entry e : entries) {
            List<Figure> figures = figures(e.experiment(), e.results());
            boolean first = true;
            for (Figure f : figures) {
                if (!e.results().containsKey(f.key()) && !e.floorsOnly()) continue;
                out.append("| ").append(first ? title(e) : "").append(" | ").append(label(f, e.results())).append(" | ")
                        .append(e.floorsOnly() ? "not trained (floors only)" : value(e.results(), f.key(), f.sdKey(), f.format())).append(" | ")
                        .append(floors(e, f)).append(" | ").append(verdict(e, f)).append(" | ").append(f.reference()).append(" | ")
                        .append(first ? e.text("budget") : "").append(" | ").append(first ? run(e) : "").append(" |\n");
                first = false;
            }
        }
        return out.toString();
    }

    /**
     * The whole {@code docs/results.md}: the table, then every number of every run it comes from. The rows and sections
     * of experiments with no record under {@code resultsRoot} are carried over from {@code previous} (the document as
     * it was), so a results folder that holds some experiments' runs (a fresh clone, a lost machine) updates those and
     * keeps the others as they were reported, each still naming its run's file, date and commit.
     */
    static String document(List<Entry> entries, Path resultsRoot, String previous) {
        int firstSection = previous.indexOf("\n## ");
        String previousHead = firstSection < 0 ? previous : previous.substring(0, firstSection + 1);
        int floorsAt = previousHead.indexOf(FLOORS_ALONE);
        String previousTable = floorsAt < 0 ? previousHead : previousHead.substring(0, floorsAt);
        String previousFloorsTable = floorsAt < 0 ? "" : previousHead.substring(floorsAt);
        StringBuilder out = new StringBuilder();
        out.append("# Results\n\n");
        out.append("Generated by `./siamese report` from the newest `experiment.json` of each experiment under `").append(resultsRoot)
                .append("`; do not edit by hand. A floor is a method that learns nothing (raw-pixel L1, uniform-LBP histograms with ")
                .append("chi-square, the Modified Hausdorff distance on Omniglot strokes) scored on the same pairs and trials after the same ")
                .append("preprocessing as the trained model; a floor's thresholds are chosen the way the model's are (on the run's validation ")
                .append("pairs, or for LFW on the other folds). A trained model that does not beat its floors has not learned anything useful yet. ")
                .append("An experiment with no run there keeps its rows and section from the previous report.\n\n");
        out.append(mergeTables(table(entries), previousTable)).append('\n');
        List<Entry> floorsOnly = floorsOnlyBesides(resultsRoot, entries);
        String floorsTable = mergeTables(floorsOnly.isEmpty() ? "" : table(floorsOnly), previousFloorsTable);
        if (!floorsTable.isEmpty()) {
            out.append(FLOORS_ALONE).append(" (`--floors-only`, every fold of the protocol, nothing trained), newest run of each:\n\n")
                    .append(floorsTable).append('\n');
        }
        List<Entry> sections = new ArrayList<>(entries);
        sections.addAll(floorsOnly);
        Map<String, String> fresh = new LinkedHashMap<>();
        for (Entry e : sections) {
            StringBuilder section = new StringBuilder();
            section.append("## ").append(title(e)).append(e.floorsOnly() ? FLOORS_ONLY_SECTION : "").append("\n\n");
            section.append("- file: `").append(e.file()).append("`\n");
            section.append("- status: ").append(e.text("status")).append(", started ").append(e.text("started"))
                    .append(e.text("finished").isEmpty() ? "" : ", finished " + e.text("finished"))
                    .append(e.record().get("minutes") instanceof Number n ? String.format(Locale.ROOT, " (%.1f min)", n.doubleValue()) : "").append('\n');
            section.append("- budget: ").append(e.text("budget")).append("; commit `").append(e.text("commit")).append("`\n\n");
            section.append("| result | value |\n|---|---|\n");
            flatten("", e.results(), section);
            section.append("\n<details><summary>configuration</summary>\n\n```json\n").append(Json.write(e.record().get("config")))
                    .append("\n```\n\n</details>\n\n");
            fresh.put(sectionKey(section.toString()), section.toString());
        }
        Map<String, String> kept = new LinkedHashMap<>();
        if (firstSection >= 0) {
            for (String section : previous.substring(firstSection + 1).split("(?m)^(?=## )")) kept.put(sectionKey(section), section);
        }
        for (String section : merged(fresh, kept).values()) out.append(section);
        return out.toString();
    }

    private static final String FLOORS_ALONE = "Floors measured alone";
    private static final String FLOORS_ONLY_SECTION = ": floors only";

    /** A section's experiment: its title's number, and whether it is the floors-only run's ("## 3 AT&T...: floors only" -> "3 floors"). */
    private static String sectionKey(String section) {
        String heading = section.lines().findFirst().orElse("");
        String title = heading.startsWith("## ") ? heading.substring(3) : heading;
        return experimentNumber(title) + (title.endsWith(FLOORS_ONLY_SECTION) ? " floors" : "");
    }

    /** The number a title starts with ("3 AT&T/ORL faces ..." -> "3"), or the whole title when it has none. */
    static String experimentNumber(String title) {
        int space = title.indexOf(' ');
        String first = space < 0 ? title : title.substring(0, space);
        return first.chars().allMatch(Character::isDigit) && !first.isEmpty() ? first : title.trim();
    }

    /**
     * A generated table's rows by experiment: an experiment's rows start at a row whose first cell is its title and
     * go on while the first cell is empty. Header, separator and anything that is not a row are left out.
     */
    static Map<String, List<String>> rowsByExperiment(String table) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : table.lines().toList()) {
            if (!line.startsWith("| ") || line.startsWith("| experiment |")) continue;
            String first = line.substring(2, Math.max(2, line.indexOf(" |", 1))).trim();
            if (!first.isEmpty()) current = out.computeIfAbsent(experimentNumber(first), k -> new ArrayList<>());
            if (current != null) current.add(line);
        }
        return out;
    }

    /**
     * The table {@code fresh} with the rows of the experiments it lacks taken from {@code previous}, in experiment
     * order; empty when neither has a row.
     */
    static String mergeTables(String fresh, String previous) {
        Map<String, List<String>> rows = merged(rowsByExperiment(fresh), rowsByExperiment(previous));
        if (rows.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        out.append(TABLE_HEAD);
        rows.values().forEach(group -> group.forEach(line -> out.append(line).append('\n')));
        return out.toString();
    }

    /** {@code fresh} and the entries of {@code previous} it lacks, ordered by experiment number (then trained before floors only). */
    private static <V> Map<String, V> merged(Map<String, V> fresh, Map<String, V> previous) {
        Map<String, V> all = new LinkedHashMap<>(previous);
        all.putAll(fresh);
        Comparator<String> byNumber = Comparator.comparingLong(k -> {
            String n = k.split(" ")[0];
            return n.chars().allMatch(Character::isDigit) && !n.isEmpty() && n.length() < 10 ? Long.parseLong(n) : Long.MAX_VALUE;
        });
        Map<String, V> out = new LinkedHashMap<>();
        all.keySet().stream().sorted(byNumber.thenComparing(k -> k.endsWith(" floors"))).forEach(k -> out.put(k, all.get(k)));
        return out;
    }

    /** {@code readme} with the text between the markers replaced by {@code table}. */
    public static String replaceBetweenMarkers(String readme, String table) {
        int begin = readme.indexOf(BEGIN), end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new BadInputException("the README has no results markers: put " + BEGIN + " and " + END + " (in that order) where the table goes");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + table + readme.substring(end);
    }

    /**
     * Writes {@code docs/results.md} and the README's table from the results under {@code resultsRoot}.
     *
     * @return the entries used
     * @throws BadInputException when there is no result to report, or the README lacks the markers
     */
    public static List<Entry> write(Path resultsRoot, Path document, Path readme) {
        List<Entry> entries = collect(resultsRoot);
        if (entries.isEmpty()) {
            throw new BadInputException("no experiment.json with results under " + resultsRoot + "; run ./siamese experiment NAME first");
        }
        String text;
        try {
            text = Files.readString(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + readme + ": " + e.getMessage(), e);
        }
        int begin = text.indexOf(BEGIN), end = text.indexOf(END);
        String previousTable = begin >= 0 && end > begin ? text.substring(begin + BEGIN.length(), end) : "";
        String previousDocument;
        try {
            previousDocument = Files.isRegularFile(document) ? Files.readString(document, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + document, e);
        }
        String updated = replaceBetweenMarkers(text, "<!-- generated by ./siamese report from " + resultsRoot + "; do not edit -->\n"
                + mergeTables(table(entries), previousTable));
        try {
            if (document.getParent() != null) Files.createDirectories(document.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + document.getParent(), e);
        }
        AtomicFiles.writeString(document, document(entries, resultsRoot, previousDocument));
        AtomicFiles.writeString(readme, updated);
        return entries;
    }

    private static String title(Entry e) {
        Map<String, Object> r = e.results();
        double planned = Results.number(r, "folds_planned"), done = Results.number(r, "folds_done");
        double total = !Double.isNaN(Results.number(r, "protocol_folds")) ? Results.number(r, "protocol_folds") : Results.number(r, "folds");
        List<String> notes = new ArrayList<>();
        if (Results.number(r, "view") == 1) notes.add("View 1, for tuning");
        if (ExperimentRecord.RUNNING.equals(e.text("status"))) {
            notes.add("partial: the run did not finish" + (Double.isNaN(done) || Double.isNaN(planned) ? "" : ", " + (long) done + " of " + (long) planned + " folds"));
        } else if (!Double.isNaN(planned) && !Double.isNaN(total) && planned < total) {
            notes.add((long) planned + " of " + (long) total + " folds");
        }
        String title = TITLES.getOrDefault(e.experiment(), e.experiment());
        return notes.isEmpty() ? title : title + " (" + String.join("; ", notes) + ")";
    }

    private static String label(Figure f, Map<String, Object> results) {
        Object ways = results.get("one_shot_ways");
        return f.label().replace("{ways}", ways == null ? "N" : ways.toString());
    }

    private static String run(Entry e) {
        String date = e.text("finished").isEmpty() ? e.text("started") : e.text("finished");
        String commit = e.text("commit");
        return (date.length() >= 10 ? date.substring(0, 10) : date) + ", `" + shortCommit(commit) + "`";
    }

    /** A commit's first 10 characters, keeping the mark of a working tree with changes. */
    static String shortCommit(String commit) {
        boolean dirty = commit.endsWith(ExperimentRecord.DIRTY);
        String hash = dirty ? commit.substring(0, commit.length() - ExperimentRecord.DIRTY.length()) : commit;
        return (hash.length() > 10 ? hash.substring(0, 10) : hash) + (dirty ? ExperimentRecord.DIRTY : "");
    }

    private static String floors(Entry e, Figure f) {
        if (f.floorKey() == null || e.floors().isEmpty()) return "-";
        List<String> parts = new ArrayList<>();
        e.floors().forEach((key, values) -> {
            if (values.containsKey(f.floorKey())) {
                String sdKey = f.floorKey().endsWith("_mean") ? f.floorKey().substring(0, f.floorKey().length() - 5) + "_sd" : null;
                parts.add(Results.floorName(key) + " " + value(values, f.floorKey(), sdKey, f.format()));
            }
        });
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** "below the pixel-L1 floor" where the trained figure does not beat a floor, "beats both floors" otherwise. */
    private static String verdict(Entry e, Figure f) {
        if (e.floorsOnly() || f.floorKey() == null || f.higherIsBetter() == null || e.floors().isEmpty()) return "-";
        double model = Results.number(e.results(), f.key());
        if (Double.isNaN(model)) return "-";
        List<String> below = new ArrayList<>(), level = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, Map<String, Object>> floor : e.floors().entrySet()) {
            double value = Results.number(floor.getValue(), f.floorKey());
            if (Double.isNaN(value)) continue;
            compared++;
            if (model == value) level.add(Results.floorName(floor.getKey()));
            else if (f.higherIsBetter() ? model < value : model > value) below.add(Results.floorName(floor.getKey()));
        }
        if (compared == 0) return "-";
        if (!below.isEmpty()) return "**below the " + String.join(" and ", below) + " floor" + (below.size() > 1 ? "s" : "") + "**";
        if (!level.isEmpty()) return "level with the " + String.join(" and ", level) + " floor" + (level.size() > 1 ? "s" : "");
        return compared == 1 ? "beats the floor" : "beats every floor";
    }

    private static String value(Map<String, Object> values, String key, String sdKey, Format format) {
        double v = Results.number(values, key);
        if (Double.isNaN(v)) return "-";
        double sd = sdKey == null ? Double.NaN : Results.number(values, sdKey);
        String text = format(v, format);
        return Double.isNaN(sd) ? text : text + " ± " + format(sd, format);
    }

    private static String format(double v, Format format) {
        return switch (format) {
            case PERCENT -> String.format(Locale.ROOT, "%.1f%%", v * 100);
            case DECIMAL -> String.format(Locale.ROOT, "%.3f", v);
            case PLAIN -> v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
        };
    }

    private static void flatten(String prefix, Map<String, Object> values, StringBuilder out) {
        values.forEach((k, v) -> {
            String name = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) m;
                flatten(name, nested, out);
            } else if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
                for (int i = 0; i < list.size(); i++) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> nested = (Map<String, Object>) list.get(i);
                    flatten(name + "[" + (i + 1) + "]", nested, out);
                }
            } else {
                out.append("| ").append(name).append(" | ").append(v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v))
                        .append(" |\n");
            }
        });
    }
}
