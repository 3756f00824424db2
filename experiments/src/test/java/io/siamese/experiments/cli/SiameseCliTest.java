package io.siamese.experiments.cli;

import io.siamese.data.SyntheticFaces;
import io.siamese.model.Json;
import io.siamese.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiameseCliTest {

    @TempDir
    Path dir;

    private String stdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString();
    }

    private String stderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString();
    }

    @Test
    void thePretrainingMarginMinimumImagesTheScoreCohortTheTestZoomRotationSplitAndSoupAreUsedAndRecorded() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(6, 4, 32, 3));
        Path run = dir.resolve("margin");
        assertEquals(0, SiameseCli.execute("train", "--data", "identities:" + faces, "--run", run.toString(), "--preset", "compact",
                "--pretrain-epochs", "1", "--pretrain-batch", "8", "--pretrain-margin", "0.2", "--pretrain-min-images", "3", "--epochs", "0", "--validation-pairs", "20",
                "--score-cohort", "7", "--test-zoom", "0.9", "--test-rotation", "4", "--split", "0.6,0.4", "--soup", "2"));
        String config = Files.readString(run.resolve("config.json"));
        assertTrue(config.contains("\"trainFraction\" : 0.6") && config.contains("\"validationFraction\" : 0.4"), config);
        assertTrue(config.contains("\"soup\" : 2"), config);
        assertTrue(Files.isRegularFile(run.resolve("member-2/model.zip")), "the second run of the soup");
        assertTrue(config.contains("\"testTimeZoom\" : 0.9"), config);
        assertEquals(0.9, io.siamese.model.SiameseModel.load(run.resolve("model.zip")).spec().testTimeZoom(), "the final model embeds zoomed images");
        assertTrue(config.contains("\"testTimeRotation\" : 4.0"), config);
        assertEquals(4, io.siamese.model.SiameseModel.load(run.resolve("model.zip")).spec().testTimeRotation(), "and averages over rotations");
        assertTrue(config.contains("\"margin\" : 0.2"), config);
        assertTrue(config.contains("\"minImagesPerIdentity\" : 3"), config);
        assertTrue(config.contains("\"scoreCohort\" : 7"), config);
        assertEquals(7, io.siamese.model.SiameseModel.load(run.resolve("model.zip")).cohort().size());
    }

    @Test
    void trainThenEvaluateOnAnIdentitiesFolderAndResume() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(8, 5, 48, 3));
        Path run = dir.resolve("run");
        String[] train = {"train", "--data", "identities:" + faces, "--run", run.toString(), "--preset", "compact",
                "--epochs", "1", "--batch", "8", "--pairs-per-epoch", "32", "--validation-pairs", "20", "--augment", "both", "--pretrain-epochs", "0"};
        assertEquals(0, SiameseCli.execute(train));
        assertTrue(Files.isRegularFile(run.resolve("model.zip")));
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/epoch-001.zip")));

        train[8] = "2";
        assertEquals(2, SiameseCli.execute(train), "a run folder with checkpoints is not overwritten without --resume");
        String[] resume = java.util.Arrays.copyOf(train, train.length + 1);
        resume[train.length] = "--resume";
        assertEquals(0, SiameseCli.execute(resume));
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "header, epoch 1, epoch 2");
        String[] otherShape = java.util.Arrays.copyOf(resume, resume.length + 2);
        otherShape[resume.length] = "--channels";
        otherShape[resume.length + 1] = "3";
        String err = stderr(() -> assertEquals(2, SiameseCli.execute(otherShape), "resuming with another model shape is bad input"));
        assertTrue(err.contains("cannot resume"), err);

        // Transfer: a new run starts from the trained model's tower; a model of another shape is refused.
        Path transfer = dir.resolve("transfer");
        assertEquals(0, SiameseCli.execute("train", "--data", "identities:" + faces, "--run", transfer.toString(), "--preset", "compact",
                "--epochs", "1", "--batch", "8", "--pairs-per-epoch", "32", "--validation-pairs", "20", "--pretrain-epochs", "0",
                "--crop", "centre:0.9", "--init", run.resolve("model.zip").toString(), "--freeze-blocks", "1"));
        assertTrue(Files.readString(transfer.resolve("config.json")).contains("\"initialTower\" : \"" + run.resolve("model.zip")), "recorded");
        assertTrue(Files.readString(transfer.resolve("config.json")).contains("\"frozenBlocks\" : 1"), "the frozen blocks recorded");
        assertEquals(io.siamese.model.SiameseModel.load(run.resolve("model.zip")).network().graph().getParam(io.siamese.model.Names.weights(io.siamese.model.Names.conv(1))),
                io.siamese.model.SiameseModel.load(transfer.resolve("model.zip")).network().graph().getParam(io.siamese.model.Names.weights(io.siamese.model.Names.conv(1))),
                "the first block is the starting tower's");
        String blocks = stderr(() -> assertEquals(2, SiameseCli.execute("train", "--data", "identities:" + faces, "--run", dir.resolve("t3").toString(),
                "--preset", "compact", "--init", run.resolve("model.zip").toString(), "--freeze-blocks", "9")));
        assertTrue(blocks.contains("--freeze-blocks") && blocks.contains("blocks"), blocks);
        String shape = stderr(() -> assertEquals(2, SiameseCli.execute("train", "--data", "identities:" + faces, "--run", dir.resolve("t2").toString(),
                "--preset", "face", "--init", run.resolve("model.zip").toString())));
        assertTrue(shape.contains("--init") && shape.contains("tower"), shape);

        String json = stdout(() -> assertEquals(0, SiameseCli.execute("evaluate", "--model", run.resolve("model.zip").toString(),
                "--data", "identities:" + faces, "--pairs", "30", "--json")));
        Map<?, ?> verification = Json.read(json.trim(), Map.class);
        java.util.List<String> keys = java.util.List.of("pairs", "accuracy", "precision", "recall", "f1", "auc", "eer", "threshold", "far", "frr");
        assertEquals(new java.util.ArrayList<>(keys) {{ add("floors"); }}, new java.util.ArrayList<>(verification.keySet()));
        assertEquals(30, ((Number) verification.get("pairs")).intValue());
        Map<?, ?> floors = (Map<?, ?>) verification.get("floors");
        assertEquals(java.util.List.of("pixel_l1", "lbp"), new java.util.ArrayList<>(floors.keySet()));
        for (Object floor : floors.values()) {
            assertEquals(keys, new java.util.ArrayList<>(((Map<?, ?>) floor).keySet()), "a floor has the model's keys");
            assertEquals(30, ((Number) ((Map<?, ?>) floor).get("pairs")).intValue(), "on the same pairs");
        }

        String oneShot = stdout(() -> assertEquals(0, SiameseCli.execute("evaluate", "--model", run.resolve("model.zip").toString(),
                "--data", "identities:" + faces, "--ways", "4", "--trials", "10", "--json")));
        Map<?, ?> trials = Json.read(oneShot.trim(), Map.class);
        assertEquals(4, ((Number) trials.get("ways")).intValue());
        assertEquals(10, ((Number) trials.get("trials")).intValue());
        Map<?, ?> lbp = (Map<?, ?>) ((Map<?, ?>) trials.get("floors")).get("lbp");
        assertEquals(java.util.List.of("ways", "trials", "accuracy"), new java.util.ArrayList<>(lbp.keySet()));
        assertEquals(10, ((Number) lbp.get("trials")).intValue());

        // Omniglot: the floors are pixel L1 and the Modified Hausdorff distance on the same trials.
        Path omniglot = io.siamese.experiments.FakeOmniglot.write(dir.resolve("omniglot"), 2, 6, 3);
        String drawings = stdout(() -> assertEquals(0, SiameseCli.execute("evaluate", "--model", run.resolve("model.zip").toString(),
                "--data", "omniglot:" + omniglot, "--ways", "5", "--trials", "8", "--json")));
        Map<?, ?> omniglotFloors = (Map<?, ?>) Json.read(drawings.trim(), Map.class).get("floors");
        assertEquals(java.util.List.of("pixel_l1", "mhd"), new java.util.ArrayList<>(omniglotFloors.keySet()));
        assertEquals(8, ((Number) ((Map<?, ?>) omniglotFloors.get("mhd")).get("trials")).intValue());

        // LFW pairs: each fold's floor threshold comes from the other folds; the floors cover the same pairs.
        Path lfw = io.siamese.experiments.FakeLfw.write(dir.resolve("lfw"), 2, 4, 3, 4);
        String pairsJson = stdout(() -> assertEquals(0, SiameseCli.execute("evaluate", "--model", run.resolve("model.zip").toString(),
                "--data", "lfw-pairs:" + lfw, "--crop", "centre", "--json")));
        Map<?, ?> lfwReport = Json.read(pairsJson.trim(), Map.class);
        assertEquals(16, ((Number) lfwReport.get("pairs")).intValue());
        Map<?, ?> lfwFloors = (Map<?, ?>) lfwReport.get("floors");
        assertEquals(16, ((Number) ((Map<?, ?>) lfwFloors.get("lbp")).get("pairs")).intValue());
        assertEquals(keys, new java.util.ArrayList<>(((Map<?, ?>) lfwFloors.get("pixel_l1")).keySet()));
    }

    @Test
    void aResumeRefusesChangedOptionsUnlessOverriddenAndRecordsAnOverride() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(8, 5, 48, 3));
        Path run = dir.resolve("run");
        assertEquals(0, SiameseCli.execute("train", "--data", "identities:" + faces, "--run", run.toString(), "--preset", "compact",
                "--epochs", "1", "--batch", "8", "--pairs-per-epoch", "32", "--validation-pairs", "40", "--optimizer", "adam", "--lr", "0.001", "--pretrain-epochs", "0"));

        String err = stderr(() -> assertEquals(2, SiameseCli.execute("train", "--run", run.toString(), "--resume", "--epochs", "2",
                "--lr", "0.0005")));
        assertTrue(err.contains("--lr") && err.contains("--override") && err.contains("0.001 -> 5.0E-4"), err);
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "nothing was trained");
        String otherData = stderr(() -> assertEquals(2, SiameseCli.execute("train", "--run", run.toString(), "--resume", "--epochs", "2",
                "--data", "synthetic")));
        assertTrue(otherData.contains("--data"), otherData);
        String otherMargin = stderr(() -> assertEquals(2, SiameseCli.execute("train", "--run", run.toString(), "--resume", "--epochs", "2",
                "--pretrain-margin", "0.2")));
        assertTrue(otherMargin.contains("--pretrain-margin") && otherMargin.contains("0.0 -> 0.2"), otherMargin);
        String otherSeed = stderr(() -> assertEquals(2, SiameseCli.execute("train", "--run", run.toString(), "--resume", "--epochs", "2",
                "--seed", "7", "--override")));
        assertTrue(otherSeed.contains("--seed"), otherSeed);

        // Options not given keep the run's values: data, preset, batch, learning rate.
        assertEquals(0, SiameseCli.execute("train", "--run", run.toString(), "--resume", "--epochs", "2"));
        assertEquals(0, SiameseCli.execute("train", "--run", run.toString(), "--resume", "--epochs", "3", "--lr", "0.0005", "--override"));
        java.util.List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        int lr = java.util.Arrays.asList(csv.get(0).split(",")).indexOf("learning_rate");
        assertEquals(0.001, Double.parseDouble(csv.get(2).split(",")[lr]), 1e-12, "epoch 2 at the run's rate");
        assertEquals(0.0005, Double.parseDouble(csv.get(3).split(",")[lr]), 1e-12, "epoch 3 at the overridden rate");
        Map<?, ?> config = Json.read(Files.readString(run.resolve("config.json")), Map.class);
        java.util.List<?> changes = (java.util.List<?>) config.get("changes");
        assertEquals(1, changes.size());
        Map<?, ?> change = (Map<?, ?>) changes.get(0);
        assertEquals(3, ((Number) change.get("fromEpoch")).intValue());
        assertTrue(change.get("changes").toString().contains("optimizer.learningRate: 0.001 -> 5.0E-4"), change.toString());
    }

    @Test
    void badInputExitsWithStatusTwo() throws Exception {
        assertEquals(2, SiameseCli.execute("train", "--data", "pictures:/nowhere"));
        assertEquals(2, SiameseCli.execute("train", "--data", "identities:" + dir.resolve("missing"), "--run", dir.resolve("r").toString()));
        Files.createDirectories(dir.resolve("empty/alice"));
        assertEquals(2, SiameseCli.execute("train", "--data", "identities:" + dir.resolve("empty"), "--run", dir.resolve("r2").toString()));
        assertEquals(2, SiameseCli.execute("evaluate", "--model", dir.resolve("none.zip").toString(), "--data", "synthetic"));
        assertEquals(2, SiameseCli.execute("train", "--no-such-option"));
    }

    @Test
    void benchPrintsTheDocumentedKeys() {
        String json = stdout(() -> assertEquals(0, SiameseCli.execute("bench", "--preset", "compact", "--batch", "4", "--steps", "1", "--json")));
        Map<?, ?> bench = Json.read(json.trim(), Map.class);
        assertEquals(java.util.List.of("preset", "batch", "params", "train_pairs_per_s", "infer_ms_per_image", "verify_ms_50_refs", "peak_rss_mb"),
                new java.util.ArrayList<>(bench.keySet()));
        assertEquals(io.siamese.model.ModelSpec.compact().parameterCount(), ((Number) bench.get("params")).longValue());
        assertTrue(((Number) bench.get("train_pairs_per_s")).doubleValue() > 0);
    }

    @Test
    void helpListsTheCommands() {
        String help = stdout(() -> assertEquals(0, SiameseCli.execute("--help")));
        for (String command : new String[] {"quickstart", "train", "evaluate", "verify", "app", "bench", "experiment", "report", "import-lfw"}) assertTrue(help.contains(command), help);
    }

    @Test
    void everyCommandsHelpIsFormattedWithoutWarnings() {
        for (String command : SiameseCli.commandLine().getSubcommands().keySet()) {
            String[] out = new String[1];
            String err = stderr(() -> out[0] = stdout(() -> assertEquals(0, SiameseCli.execute(command, "--help"))));
            // picocli falls back to the raw text (with '%n' left in) and warns when a description is not a valid format
            assertFalse(err.contains("Could not format"), command + ": " + err);
            assertFalse(out[0].contains("%n"), command + ": " + out[0]);
        }
    }

    @Test
    void trainHelpShowsTheDefaultsOfTheRecipes() {
        String help = stdout(() -> assertEquals(0, SiameseCli.execute("train", "--help"))).replaceAll("\\s+", " ");
        for (io.siamese.training.Recipe recipe : java.util.List.of(io.siamese.training.Recipe.faces(), io.siamese.training.Recipe.characters())) {
            TrainingConfig d = recipe.training();
            String expected = recipe.name() + ": --preset " + recipe.spec().preset() + " --pretrain-epochs " + d.pretraining().epochs();
            assertTrue(help.contains(expected), "missing '" + expected + "' in: " + help);
            for (String option : new String[] {"--epochs " + d.epochs(), "--batch " + d.batchSize(), "--pairs-per-epoch " + d.pairsPerEpoch(),
                    "--validation-pairs " + d.validationPairs(), "--seed " + d.seed(), "--target-far " + d.targetFar()}) {
                assertTrue(help.contains(option), "missing '" + option + "' in: " + help);
            }
        }
    }

    @Test
    void reportWritesTheTableFromExperimentJson() throws Exception {
        Path results = dir.resolve("results/Exp01QuickStart/20250101-000000");
        Files.createDirectories(results);
        Files.writeString(results.resolve("experiment.json"), "{\"experiment\": \"Exp01QuickStart\", \"status\": \"complete\", "
                + "\"started\": \"2025-01-01T00:00:00Z\", \"finished\": \"2025-01-01T00:03:00Z\", \"budget\": \"none: 12 epochs\", "
                + "\"commit\": \"abc\", \"config\": {}, \"results\": {\"auc\": 0.7, \"floors\": {\"pixel_l1\": {\"auc\": 0.8}}}}");
        Path readme = Files.writeString(dir.resolve("README.md"), "x\n<!-- results:begin -->\n<!-- results:end -->\n");
        String out = stdout(() -> assertEquals(0, SiameseCli.execute("report", "--results", dir.resolve("results").toString(),
                "--doc", dir.resolve("docs/results.md").toString(), "--readme", readme.toString())));
        assertTrue(out.contains("reported 1 experiment"), out);
        assertTrue(Files.readString(readme).contains("**below the pixel-L1 floor**"), Files.readString(readme));
        assertTrue(Files.isRegularFile(dir.resolve("docs/results.md")));
    }

    @Test
    void anOptionOfAnotherExperimentIsRefused() {
        String err = stderr(() -> {
            assertEquals(2, SiameseCli.execute("experiment", "quickstart", "--folds", "3"));
            assertEquals(2, SiameseCli.execute("experiment", "faces", "--view", "1"));
            assertEquals(2, SiameseCli.execute("experiment", "faces", "--variants", "recipe"));
        });
        assertTrue(err.contains("--folds is for faces, ablation") && err.contains("--view is for lfw")
                && err.contains("--variants is for ablation"), err);
    }

    @Test
    void anExperimentNumberOutsideTheListIsRefused() {
        String err = stderr(() -> {
            assertEquals(2, SiameseCli.execute("experiment", "9"));
            assertEquals(2, SiameseCli.execute("experiment", "0"));
        });
        assertTrue(err.contains("no experiment number 9") && err.contains("no experiment number 0"), err);
    }

    @Test
    void badOptionsAreExitTwoWithOneLineNamingTheOption() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(4, 3, 24, 3));
        String data = "identities:" + faces;
        String[][] cases = {
                {"--lr", "train", "--data", data, "--lr", "-1"},
                {"--preset", "train", "--data", data, "--preset", "huge"},
                {"--channels", "train", "--data", data, "--channels", "2"},
                {"--augment", "train", "--data", data, "--augment", "sparkles"},
                {"--optimizer", "train", "--data", data, "--optimizer", "sgd"},
                {"--epochs", "train", "--data", data, "--epochs", "-1"},
                {"--target-far", "train", "--data", data, "--target-far", "2"},
                {"--data", "train", "--data", "pictures:" + faces},
                {"--crop", "train", "--data", data, "--crop", "oval"},
                {"--crop", "train", "--data", data, "--crop", "centre:1.5"},
                {"--init", "train", "--data", data, "--init", dir.resolve("none.zip").toString()},
                {"--init", "experiment", "faces", "--init", dir.resolve("none.zip").toString()},
                {"--init", "experiment", "quickstart", "--init", dir.resolve("none.zip").toString()},
                {"--pretrain-margin", "train", "--data", data, "--pretrain-margin", "1.5"},
                {"--pretrain-min-images", "train", "--data", data, "--pretrain-min-images", "0"},
                {"--score-cohort", "train", "--data", data, "--score-cohort", "-1"},
                {"--pretrain-margin", "train", "--data", data, "--recipe", "koch", "--pretrain-epochs", "2", "--pretrain-margin", "0.35"},
                {"--freeze-blocks", "train", "--data", data, "--freeze-blocks", "1"},
                {"--freeze-blocks", "train", "--data", data, "--freeze-blocks", "-1"},
                {"--freeze-blocks", "experiment", "faces", "--freeze-blocks", "2"},
                {"--freeze-blocks", "experiment", "quickstart", "--freeze-blocks", "2"},
                {"--test-zoom", "train", "--data", data, "--test-zoom", "0.3"},
                {"--test-zoom", "experiment", "faces", "--test-zoom", "3"},
                {"--test-zoom", "experiment", "quickstart", "--test-zoom", "0.9"},
                {"--test-rotation", "train", "--data", data, "--test-rotation", "45"},
                {"--split", "train", "--data", data, "--split", "0.9,0.15"},
                {"--split", "train", "--data", data, "--split", "0.8"},
                {"--soup", "train", "--data", data, "--soup", "0"},
                {"--soup", "experiment", "faces", "--soup", "9"},
                {"--soup", "experiment", "lfw", "--soup", "2"},
                {"--test-rotation", "experiment", "faces", "--test-rotation", "-2"},
                {"--test-rotation", "experiment", "lfw", "--test-rotation", "4"},
                {"--ways", "evaluate", "--model", dir.resolve("m.zip").toString(), "--data", data, "--ways", "1"},
                {"--data", "evaluate", "--model", dir.resolve("m.zip").toString(), "--data", "nothing"},
                {"--budget-minutes", "experiment", "faces", "--budget-minutes", "-3"},
                {"--variants", "experiment", "ablation", "--variants", "recipe,no-sparkles"},
                {"--folds", "experiment", "ablation", "--folds", "6"},
                {"--dataset", "experiment", "ablation", "--dataset", "mnist"},
                {"--preset", "bench", "--preset", "huge"},
                {"--sha256", "import-lfw", "--from", faces.toString(), "--sha256", "abc"},
                {"--resume", "quickstart", "--resume"},
                {"--epochs", "quickstart", "--epochs", "0", "--out", dir.resolve("q").toString()},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            String err = stderr(() -> assertEquals(SiameseCli.BAD_INPUT, SiameseCli.execute(args), String.join(" ", args)));
            assertEquals(1, err.lines().count(), String.join(" ", args) + " -> " + err);
            assertTrue(err.startsWith("error: ") && err.contains(c[0]), String.join(" ", args) + " -> " + err);
        }
        assertFalse(Files.exists(dir.resolve("q")), "bad input leaves no result folder behind");
    }

    /** A command that hits a bug of the library: an IllegalArgumentException thrown by the work, not by an option. */
    @picocli.CommandLine.Command(name = "buggy")
    static final class Buggy implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            return io.siamese.model.OptimizerSpec.KOCH.withL2(-1e-4).hashCode();
        }
    }

    @Test
    void aLibraryBugInsideACommandIsExitThreeWithTheStackTraceReachable() throws Exception {
        for (boolean verbose : new boolean[] {false, true}) {
            String err = stderr(() -> {
                picocli.CommandLine cli = SiameseCli.commandLine();
                cli.addSubcommand("buggy", new Buggy());
                assertEquals(SiameseCli.INTERNAL_ERROR, verbose ? cli.execute("--verbose", "buggy") : cli.execute("buggy"));
            });
            java.util.List<String> lines = err.lines().toList();
            String last = lines.get(lines.size() - 1);
            assertTrue(last.startsWith("internal error: java.lang.IllegalArgumentException: l2 must be >= 0"), err);
            assertEquals(verbose, err.contains("\tat io.siamese.experiments.cli.SiameseCliTest$Buggy.call"), err);
            if (!verbose) assertEquals(1, lines.size(), err);
            Path log = Path.of(last.substring(last.lastIndexOf(" in ") + 4, last.length() - 1));
            try {
                assertTrue(Files.readString(log).contains("at io.siamese.experiments.cli.SiameseCliTest$Buggy.call"), log.toString());
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    @Test
    void aFailureInsideTrainingIsExitThreeWithTheStackTraceInTheRunFoldersErrorLog() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(6, 4, 24, 3));
        Path run = dir.resolve("run");
        // The run folder is the user's and usable, but metrics.csv cannot be written: not bad input, a failure.
        Files.createDirectories(run.resolve("metrics.csv"));
        String err = stderr(() -> assertEquals(SiameseCli.INTERNAL_ERROR, SiameseCli.execute("train", "--data", "identities:" + faces,
                "--run", run.toString(), "--epochs", "1", "--batch", "4", "--pairs-per-epoch", "8", "--validation-pairs", "8")));
        java.util.List<String> lines = err.lines().filter(l -> l.startsWith("internal error: ")).toList();
        assertEquals(1, lines.size(), err);
        Path log = run.resolve("error.log");
        assertTrue(lines.get(0).endsWith("full stack trace in " + log.toAbsolutePath() + ")"), lines.get(0));
        String trace = Files.readString(log);
        assertTrue(trace.contains("command: siamese train --data identities:" + faces) && trace.contains("\tat io.siamese.training."), trace);
    }
}
