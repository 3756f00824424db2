package io.siamese.experiments;

import io.siamese.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The results table generated from fixture experiment.json files. */
class ResultsReportTest {

    @TempDir
    Path dir;

    private static final String FACES_TRAINED = """
            {"experiment": "Exp03FacesOneShot", "status": "complete", "started": "%s", "finished": "%s", "minutes": 52.0,
             "budget": "10.0 min per fold", "commit": "%s", "config": {"folds": 5},
             "results": {"folds": 5, "folds_planned": 5, "folds_done": 5, "floors_only": false, "eer_mean": %s, "eer_sd": 0.021, "auc_mean": 0.808, "auc_sd": 0.03,
                         "five_way_mean": 0.468, "five_way_sd": 0.05,
                         "floors": {"pixel_l1": {"eer_mean": 0.135, "eer_sd": 0.029, "auc_mean": 0.941, "five_way_mean": 0.87},
                                    "lbp": {"eer_mean": 0.201, "eer_sd": 0.03, "auc_mean": 0.873, "five_way_mean": 0.791}}}}
            """;

    private void write(String experiment, String stamp, String json) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("results").resolve(experiment).resolve(stamp));
        Files.writeString(folder.resolve("experiment.json"), json);
    }

    private void fixtures() throws IOException {
        write("Exp03FacesOneShot", "20250101-100000", FACES_TRAINED.formatted("2025-01-01T10:00:00Z", "2025-01-01T11:00:00Z", "aaaaaaaaaaaa111", "0.30"));
        write("Exp03FacesOneShot", "20250102-100000", FACES_TRAINED.formatted("2025-01-02T10:00:00Z", "2025-01-02T11:00:00Z", "bbbbbbbbbbbb222", "0.253"));
        // Newer, but floors only: the trained run above stays the one reported.
        write("Exp03FacesOneShot", "20250103-100000", """
                {"experiment": "Exp03FacesOneShot", "status": "complete", "started": "2025-01-03T10:00:00Z", "finished": "2025-01-03T10:01:00Z",
                 "budget": "none: floors only", "commit": "ccc", "config": {}, "results": {"floors_only": true,
                 "floors": {"pixel_l1": {"eer_mean": 0.5}}}}
                """);
        // A run that died after 8 of 10 folds: still reported, marked partial.
        write("Exp04LfwVerification", "20250104-100000", """
                {"experiment": "Exp04LfwVerification", "status": "running", "started": "2025-01-04T10:00:00Z", "finished": null,
                 "budget": "30.0 min shared by 10 fold(s)", "commit": "ddd", "config": {},
                 "results": {"view": 2, "protocol_folds": 10, "folds_planned": 10, "folds_done": 8, "floors_only": false, "accuracy_mean": 0.5, "accuracy_sd": 0.0,
                             "floors": {"pixel_l1": {"accuracy_mean": 0.622, "accuracy_sd": 0.021}, "lbp": {"accuracy_mean": 0.67}}}}
                """);
        write("Exp01QuickStart", "20250105-100000", """
                {"experiment": "Exp01QuickStart", "status": "complete", "started": "2025-01-05T10:00:00Z", "finished": "2025-01-05T10:03:00Z",
                 "budget": "none: 12 epochs", "commit": "eee", "config": {},
                 "results": {"auc": 0.99, "eer": 0.05, "one_shot_ways": 5, "one_shot_accuracy": 0.9, "precision": 1.0,
                             "floors": {"pixel_l1": {"auc": 0.9, "eer": 0.2, "one_shot_accuracy": 0.6, "precision": 1.0}}}}
                """);
        // The old format (the configuration alone) and a foreign file are not results.
        write("Exp05Resume", "20240101-000000", "{\"faces\": {}, \"interruptAfter\": 1}");
        write("Exp06ThresholdTuning", "20240101-000000", "not json");
    }

    @Test
    void theNewestTrainedRunOfEachExperimentIsReportedInReadingOrder() throws Exception {
        fixtures();
        List<ResultsReport.Entry> entries = ResultsReport.collect(dir.resolve("results"));
        assertEquals(List.of("Exp01QuickStart", "Exp03FacesOneShot", "Exp04LfwVerification"), entries.stream().map(ResultsReport.Entry::experiment).toList());
        assertEquals("bbbbbbbbbbbb222", entries.get(1).record().get("commit"));
    }

    @Test
    void theTableSaysPlainlyWhereATrainedFigureIsBelowItsFloor() throws Exception {
        fixtures();
        String table = ResultsReport.table(ResultsReport.collect(dir.resolve("results")));
        String eer = line(table, "| 3 AT&T/ORL faces");
        assertTrue(eer.contains("equal error rate") && eer.contains("25.3% ± 2.1%"), eer);
        assertTrue(eer.contains("pixel-L1 13.5% ± 2.9%, LBP 20.1% ± 3.0%"), eer);
        assertTrue(eer.contains("**below the pixel-L1 and LBP floors**"), "an EER above both floors' is below them: " + eer);
        assertTrue(eer.contains("10.0 min per fold") && eer.contains("2025-01-02") && eer.contains("`bbbbbbbbbb`"), eer);
        assertTrue(line(table, "| ROC-AUC | 0.808 ± 0.030").contains("**below the pixel-L1 and LBP floors**"));
        String lfw = line(table, "| 4 LFW verification, a model per pairs.txt fold (partial");
        assertTrue(lfw.contains("partial: the run did not finish, 8 of 10 folds"), lfw);
        assertTrue(lfw.contains("50.0% ± 0.0%") && lfw.contains("**below the pixel-L1 and LBP floors**"), lfw);
        String quick = line(table, "| 1 quickstart");
        assertTrue(quick.contains("ROC-AUC") && quick.contains("0.990") && quick.contains("beats the floor"), quick);
        assertTrue(table.contains("| 5-way one-shot accuracy | 90.0%"), "the label carries the run's number of ways: " + table);
        assertTrue(line(table, "| precision at the calibrated threshold | 1.000").contains("level with the pixel-L1 floor"), "a tie is neither above nor below");
        assertFalse(table.contains("Exp05") || table.contains("5 resume"), "a run without results is not in the table");
    }

    @Test
    void theReadmeTableIsRewrittenBetweenItsMarkersOnlyAndTheDocumentHoldsEveryNumber() throws Exception {
        fixtures();
        Path readme = Files.writeString(dir.resolve("README.md"), "# Project\n\nIntro.\n\n" + ResultsReport.BEGIN + "\nold hand-typed table\n"
                + ResultsReport.END + "\n\nAfter the table.\n");
        Path doc = dir.resolve("docs/results.md");
        ResultsReport.write(dir.resolve("results"), doc, readme);
        String text = Files.readString(readme);
        assertTrue(text.startsWith("# Project\n\nIntro.\n\n" + ResultsReport.BEGIN + "\n"), text);
        assertTrue(text.endsWith(ResultsReport.END + "\n\nAfter the table.\n"), text);
        assertFalse(text.contains("old hand-typed table"));
        assertTrue(text.contains("**below the pixel-L1 and LBP floors**"));
        ResultsReport.write(dir.resolve("results"), doc, readme);
        assertEquals(text, Files.readString(readme), "writing twice gives the same README");
        String document = Files.readString(doc);
        assertTrue(document.contains("| floors.lbp.eer_mean | 0.2010 |"), document);
        assertTrue(document.contains("commit `bbbbbbbbbbbb222`"), document);
        assertTrue(document.contains("Floors measured alone") && document.contains("| not trained (floors only) | pixel-L1 50.0%"),
                "the newer floors-only run is listed beside the trained one: " + document);
    }

    @Test
    void experimentsWithoutARunInTheResultsFolderKeepTheirRowsAndSectionsFromThePreviousReport() throws Exception {
        fixtures();
        Path readme = Files.writeString(dir.resolve("README.md"), "# P\n\n" + ResultsReport.BEGIN + "\n" + ResultsReport.END + "\n");
        Path doc = dir.resolve("docs/results.md");
        ResultsReport.write(dir.resolve("results"), doc, readme);
        String before = Files.readString(readme), beforeDoc = Files.readString(doc);
        String lfwRow = line(before, "4 LFW verification"), quickstartRow = line(before, "1 quickstart");

        // A fresh machine: the results folder holds one new faces run and nothing else.
        try (var files = Files.walk(dir.resolve("results"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        write("Exp03FacesOneShot", "20250201-100000", FACES_TRAINED.formatted("2025-02-01T10:00:00Z", "2025-02-01T11:00:00Z", "fffffffffff333", "0.05"));
        ResultsReport.write(dir.resolve("results"), doc, readme);
        String after = Files.readString(readme), afterDoc = Files.readString(doc);
        assertEquals(lfwRow, line(after, "4 LFW verification"), "the LFW row is carried over unchanged");
        assertEquals(quickstartRow, line(after, "1 quickstart"));
        assertTrue(line(after, "3 AT&T").contains("5.0% ± 2.1%") && line(after, "3 AT&T").contains("`ffffffffff`"), after);
        assertFalse(after.contains("bbbbbbbbbb"), "the faces rows are the new run's: " + after);
        // In experiment order, each experiment once.
        assertTrue(after.indexOf("1 quickstart") < after.indexOf("3 AT&T") && after.indexOf("3 AT&T") < after.indexOf("4 LFW"), after);
        assertEquals(1, after.split("3 AT&T", -1).length - 1, after);
        // The document keeps the LFW and quickstart sections (with their runs' commits) and the floors-only table and section.
        assertTrue(afterDoc.contains("commit `ddd`") && afterDoc.contains("commit `eee`"), afterDoc);
        assertTrue(afterDoc.contains("commit `fffffffffff333`") && !afterDoc.contains("commit `bbbbbbbbbbbb222`"), afterDoc);
        assertEquals(beforeDoc.split("\n## ").length, afterDoc.split("\n## ").length, "as many sections as before");
        assertTrue(afterDoc.contains("Floors measured alone") && afterDoc.contains(": floors only"), afterDoc);
        ResultsReport.write(dir.resolve("results"), doc, readme);
        assertEquals(afterDoc, Files.readString(doc), "writing again changes nothing");
    }

    @Test
    void anAblationGivesOneRowPerVariantNotEveryNumber() {
        java.util.Map<String, Object> faces = new java.util.LinkedHashMap<>();
        faces.put("floor: pixel_l1_eer_mean", 0.16);
        faces.put("floor: pixel_l1_auc_mean", 0.92);
        faces.put("recipe_eer_mean", 0.089);
        faces.put("recipe_eer_sd", 0.02);
        faces.put("recipe_auc_mean", 0.978);
        faces.put("recipe_minutes_mean", 6.0);
        faces.put("recipe_runs", 5);
        List<ResultsReport.Figure> rows = ResultsReport.figures("Exp08RecipeAblation", faces);
        assertEquals(List.of("equal error rate, floor: pixel_l1", "equal error rate, recipe"), rows.stream().map(ResultsReport.Figure::label).toList());
        assertEquals("recipe_eer_sd", rows.get(1).sdKey());
        List<ResultsReport.Figure> characters = ResultsReport.figures("Exp08RecipeAblation",
                java.util.Map.of("recipe_twenty_way_mean", 0.8, "recipe_twenty_way_sd", 0.01, "recipe_eer_mean", 0.1));
        assertEquals(List.of("20-way one-shot, recipe"), characters.stream().map(ResultsReport.Figure::label).toList());
    }

    @Test
    void noResultsOrNoMarkersAreRefusedWithWhatToDo() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "no markers here\n");
        BadInputException none = assertThrows(BadInputException.class, () -> ResultsReport.write(dir.resolve("results"), dir.resolve("r.md"), readme));
        assertTrue(none.getMessage().contains("./siamese experiment"), none.getMessage());
        fixtures();
        BadInputException markers = assertThrows(BadInputException.class, () -> ResultsReport.write(dir.resolve("results"), dir.resolve("r.md"), readme));
        assertTrue(markers.getMessage().contains(ResultsReport.BEGIN), markers.getMessage());
        assertEquals("no markers here\n", Files.readString(readme));
    }

    private static String line(String table, String part) {
        return table.lines().filter(l -> l.contains(part)).findFirst().orElseThrow(() -> new AssertionError("no line with " + part + " in\n" + table));
    }
}
