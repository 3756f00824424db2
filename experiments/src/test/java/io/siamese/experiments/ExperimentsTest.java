package io.siamese.experiments;

import io.siamese.data.DatasetException;
import io.siamese.data.SharedDatasets;
import io.siamese.data.SyntheticFaces;
import io.siamese.model.Json;
import io.siamese.training.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each experiment run end to end on a budget of a few batches. */
class ExperimentsTest {

    @TempDir
    Path dir;

    private static void assertRate(ExperimentResult result, String key) {
        double v = result.number(key);
        assertTrue(v >= 0 && v <= 1, key + " = " + v);
    }

    @Test
    void omniglotOnATinyArchiveInThePublishedLayout() throws Exception {
        Path omniglot = FakeOmniglot.write(dir.resolve("omniglot"), 3, 21, 3);
        ExperimentResult result = Exp02OmniglotOneShot.run(Exp02OmniglotOneShot.Config.CPU_BUDGET.tiny().withOmniglot(omniglot)
                .withOut(dir.resolve("out")), Progress.NONE);
        for (String variant : Exp02OmniglotOneShot.Config.CPU_BUDGET.variants()) {
            assertRate(result, variant + "_verification_accuracy");
            assertRate(result, variant + "_one_shot_test_alphabets");
            assertTrue(Files.isRegularFile(dir.resolve("out/run-" + variant + "/model.zip")));
        }
        assertTrue(Files.readString(dir.resolve("out/summary.md")).contains("92.00%"), "the paper's number stands next to ours");
        for (String floor : List.of("pixel_l1", "mhd")) {
            Map<?, ?> figures = (Map<?, ?>) floors(result).get(floor);
            for (String key : List.of("verification_accuracy", "verification_accuracy_calibrated", "one_shot_test_alphabets")) {
                double v = ((Number) figures.get(key)).doubleValue();
                assertTrue(v >= 0 && v <= 1, floor + " " + key + " = " + v);
            }
        }
        String summary = Files.readString(dir.resolve("out/summary.md"));
        assertTrue(summary.contains("floor, no training: Modified Hausdorff distance") && summary.contains("Against the floors"), summary);
        assertRecordComplete(dir.resolve("out"), "Exp02OmniglotOneShot");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> floors(ExperimentResult result) {
        return (Map<String, Object>) result.numbers().get("floors");
    }

    /** The experiment.json holds the configuration, the results (floors included), the budget, dates and the commit. */
    private static Map<?, ?> assertRecordComplete(Path folder, String experiment) {
        Map<?, ?> record = Json.read(folder.resolve("experiment.json"), Map.class);
        assertEquals(experiment, record.get("experiment"));
        assertEquals("complete", record.get("status"));
        assertTrue(record.get("config") instanceof Map<?, ?> && record.get("results") instanceof Map<?, ?>, record.toString());
        assertTrue(record.get("commit") instanceof String c && (c.equals("unknown") || c.matches("[0-9a-f]{40}(\\+dirty)?")), String.valueOf(record.get("commit")));
        assertTrue(record.get("started") instanceof String && record.get("finished") instanceof String && record.get("budget") instanceof String);
        return record;
    }

    @Test
    @Tag("dataset")
    void omniglotOnTheRealSmallSetsWithLakesOfficialRuns() throws Exception {
        Path omniglot = SharedDatasets.omniglot().orElse(null);
        Assumptions.assumeTrue(omniglot != null, "../shared/datasets/omniglot is absent");
        ExperimentResult result = Exp02OmniglotOneShot.run(Exp02OmniglotOneShot.Config.CPU_BUDGET.tiny().withOmniglot(omniglot)
                .withOut(dir.resolve("out")), Progress.NONE);
        assertRate(result, "none_one_shot_official_runs");
        assertTrue(Files.readString(dir.resolve("out/summary.md").toAbsolutePath()).contains("Korean"));
    }

    @Test
    void facesCrossValidatedByPersonWithTheFloorsOnTheSamePairs() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(10, 6, 48, 2));
        ExperimentResult result = Exp03FacesOneShot.run(Exp03FacesOneShot.Config.DEFAULTS.tiny().withFaces(faces).withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(2, (int) result.number("folds_done"), "tiny runs folds 1 and 2 of 5");
        assertEquals(5, (int) result.number("folds"));
        List<String> keys = List.of("eer_mean", "eer_sd", "auc_mean", "auc_sd", "two_way_mean", "two_way_sd", "far_at_calibrated_mean",
                "frr_at_calibrated_mean", "accuracy_at_eer_threshold_mean");
        for (String key : keys) assertTrue(result.number(key) >= 0 && result.number(key) <= 1, key + " = " + result.number(key));
        for (String floor : List.of("pixel_l1", "lbp")) {
            Map<?, ?> figures = (Map<?, ?>) floors(result).get(floor);
            for (String key : keys) assertTrue(figures.get(key) instanceof Number, floor + " lacks " + key + ": " + figures.keySet());
            assertEquals(2, ((List<?>) figures.get("per_fold")).size());
        }
        List<?> perFold = (List<?>) result.numbers().get("per_fold");
        assertEquals(2, perFold.size());
        assertEquals(2 * 6 * (2 * 6 - 1) / 2, ((Number) ((Map<?, ?>) perFold.get(0)).get("test_pairs")).intValue(), "every pair of 2 people's 12 images");
        assertEquals(1 + 2 * 3, Files.readAllLines(dir.resolve("out/folds.csv")).size(), "a header, then the model and 2 floors for each of 2 folds");
        assertTrue(Files.isRegularFile(dir.resolve("out/test-roc.png")));
        assertTrue(Files.isRegularFile(dir.resolve("out/fold-1/model.zip")) && Files.isRegularFile(dir.resolve("out/fold-2/model.zip")));
        String summary = Files.readString(dir.resolve("out/summary.md"));
        assertTrue(summary.contains("raw-pixel L1 (no training)") && summary.contains("Against the floors, the trained network "), summary);
        assertRecordComplete(dir.resolve("out"), "Exp03FacesOneShot");
    }

    @Test
    void facesFloorsOnlyTrainNothing() {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(10, 4, 48, 2));
        ExperimentResult result = Exp03FacesOneShot.run(Exp03FacesOneShot.Config.DEFAULTS.withFaces(faces).withFloorsOnly(true)
                .withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(5, (int) result.number("folds_done"));
        assertFalse(result.numbers().containsKey("eer_mean"));
        assertTrue(((Map<?, ?>) floors(result).get("lbp")).get("eer_mean") instanceof Number);
        assertFalse(Files.exists(dir.resolve("out/fold-1")), "nothing was trained");
    }

    @Test
    @Tag("dataset")
    void facesOnTheRealOrlFaces() {
        Path orl = SharedDatasets.orlFaces().orElse(null);
        Assumptions.assumeTrue(orl != null, "../shared/datasets/orl_faces is absent");
        ExperimentResult result = Exp03FacesOneShot.run(Exp03FacesOneShot.Config.DEFAULTS.tiny().withFaces(orl).withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(List.of(8, 8), result.numbers().get("test_people_per_fold"), "tiny runs 2 of the 5 folds of 8 people");
        assertEquals(80 * 79 / 2, ((Number) ((Map<?, ?>) ((List<?>) result.numbers().get("per_fold")).get(0)).get("test_pairs")).intValue(),
                "every pair of the 80 test images");
    }

    @Test
    @Tag("dataset")
    void theOrlPixelFloorAgreesWithAnIndependentComputation() {
        // Issue 14: raw-pixel L1 at 48x48 over 5 folds of 8 ORL people has an EER between 8% and 20% (13.5% measured by hand).
        Path orl = SharedDatasets.orlFaces().orElse(null);
        Assumptions.assumeTrue(orl != null, "../shared/datasets/orl_faces is absent");
        ExperimentResult result = Exp03FacesOneShot.run(Exp03FacesOneShot.Config.DEFAULTS.withFaces(orl).withFloorsOnly(true)
                .withOut(dir.resolve("out")), Progress.NONE);
        double eer = ((Number) ((Map<?, ?>) floors(result).get("pixel_l1")).get("eer_mean")).doubleValue();
        assertTrue(eer > 0.08 && eer < 0.20, "pixel-L1 EER " + eer);
        double lbp = ((Number) ((Map<?, ?>) floors(result).get("lbp")).get("eer_mean")).doubleValue();
        assertTrue(lbp > 0.10 && lbp < 0.30, "LBP EER " + lbp);
    }

    @Test
    void aMissingDatasetSaysWhereToGetItAndWritesNothing() {
        Path missing = dir.resolve("nothing-here");
        DatasetException e = assertThrows(DatasetException.class, () -> Exp03FacesOneShot.run(
                Exp03FacesOneShot.Config.DEFAULTS.tiny().withFaces(missing).withOut(dir.resolve("out")), Progress.NONE));
        assertTrue(e.getMessage().contains("nothing-here"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void lfwTenFoldProtocolOnASmallTreeInLfwsLayout() throws Exception {
        Path lfw = FakeLfw.write(dir.resolve("lfw"), 2, 6, 4, 6);
        ExperimentResult result = Exp04LfwVerification.run(Exp04LfwVerification.Config.DEFAULTS.tiny().withLfw(lfw).withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(2, (int) result.number("protocol_folds"));
        assertEquals(2, (int) result.number("folds_done"));
        for (String key : List.of("accuracy_mean", "accuracy_sd", "auc_mean", "eer_mean", "far_at_calibrated_mean", "frr_at_calibrated_mean", "pooled_auc")) {
            assertRate(result, key);
        }
        assertEquals(2, ((List<?>) result.numbers().get("fold_accuracies")).size());
        for (String floor : List.of("pixel_l1", "lbp")) {
            Map<?, ?> figures = (Map<?, ?>) floors(result).get(floor);
            for (String key : List.of("accuracy_mean", "auc_mean", "eer_mean", "far_at_calibrated_mean")) {
                assertTrue(figures.get(key) instanceof Number, floor + " lacks " + key);
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("out/fold-1/model.zip")) && Files.isRegularFile(dir.resolve("out/fold-2/model.zip")));
        List<String> csv = Files.readAllLines(dir.resolve("out/folds.csv"));
        assertEquals(1 + 2 * 3, csv.size(), "the floors of both folds, then each fold's model as it finished");
        assertTrue(csv.get(0).startsWith("fold,scorer,accuracy,auc,eer"), csv.get(0));
        assertTrue(Files.readString(dir.resolve("out/summary.md")).contains("the other nine folds of pairs.txt"));
        assertRecordComplete(dir.resolve("out"), "Exp04LfwVerification");
    }

    @Test
    void anLfwFoldsFloorThresholdsComeFromTheOtherFoldsAndItsPeopleNeverTrain() throws Exception {
        Path lfw = FakeLfw.write(dir.resolve("lfw"), 3, 4, 3, 4);
        List<Exp04LfwVerification.TestSet> tests = Exp04LfwVerification.testSets(lfw, Exp04LfwVerification.Config.DEFAULTS, new io.siamese.data.DataProblems());
        assertEquals(3, tests.size());
        for (Exp04LfwVerification.TestSet t : tests) {
            assertEquals(16, t.floorThresholds().size(), "the pairs of the two other folds");
            assertTrue(t.floorThresholds().stream().noneMatch(t.test()::contains), "a fold's own pairs never choose its floor threshold");
            io.siamese.data.ImageDataset training = Exp04LfwVerification.withoutPeople(io.siamese.data.lfw.LfwTree.read(lfw, new io.siamese.data.DataProblems()),
                    t.people(), t.name());
            assertEquals(8, training.identities().size());
            assertTrue(training.identities().stream().noneMatch(t.people()::contains), "fold " + t.index() + "'s people are not trained on");
        }
    }

    @Test
    void lfwViewOneTrainsOutsideTheDevelopmentTestPeopleAndAFlatTreeWorksToo() throws Exception {
        Path lfw = FakeLfw.write(dir.resolve("lfw"), 2, 6, 4, 6, true);
        ExperimentResult result = Exp04LfwVerification.run(Exp04LfwVerification.Config.DEFAULTS.tiny().withLfw(lfw).withView(1)
                .withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(1, (int) result.number("view"));
        assertEquals(1, (int) result.number("folds_done"));
        assertRate(result, "accuracy_mean");
        assertTrue(Files.isRegularFile(dir.resolve("out/view-1/model.zip")));
        assertTrue(Files.readString(dir.resolve("out/summary.md")).contains("pairsDevTrain.txt"));
    }

    @Test
    void lfwAbsentExitsWithWhereToGetIt() {
        DatasetException e = assertThrows(DatasetException.class, () -> Exp04LfwVerification.run(
                Exp04LfwVerification.Config.DEFAULTS.tiny().withLfw(dir.resolve("no-lfw")).withOut(dir.resolve("out")), Progress.NONE));
        assertTrue(e.getMessage().contains("pairs.txt"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void thresholdTuningSweepsBothThresholdsAndMarksTheOperatingPoints() throws Exception {
        ExperimentResult result = Exp06ThresholdTuning.run(Exp06ThresholdTuning.Config.DEFAULTS.tiny().withData("synthetic")
                .withOut(dir.resolve("out")), Progress.NONE);
        for (String point : List.of("original_0.5_0.5", "original_0.99_0.8", "calibrated")) {
            assertRate(result, point + "_far");
            assertRate(result, point + "_frr");
        }
        List<String> sweep = Files.readAllLines(dir.resolve("out/sweep.csv"));
        assertEquals(1 + 101 * 6, sweep.size(), "a header and 101 detection thresholds for each of 6 verification thresholds");
        for (String png : List.of("far.png", "frr.png", "tradeoff.png")) assertTrue(Files.size(dir.resolve("out").resolve(png)) > 1000, png);
        assertRecordComplete(dir.resolve("out"), "Exp06ThresholdTuning");
    }

    @Test
    void thresholdRatesByHand() {
        // Two genuine probes against 2-reference galleries, two impostor probes.
        List<double[]> genuine = List.of(new double[] {0.9, 0.6}, new double[] {0.4, 0.3});
        List<double[]> impostor = List.of(new double[] {0.7, 0.1}, new double[] {0.2, 0.1});
        Exp06ThresholdTuning.Rates half = Exp06ThresholdTuning.rates(genuine, impostor, new io.siamese.app.verify.Thresholds(0.5, 0.5));
        assertEquals(0.5, half.far(), 1e-12, "the first impostor has one of two references at 0.7");
        assertEquals(0.5, half.frr(), 1e-12, "the second genuine probe has no reference above 0.5");
        Exp06ThresholdTuning.Rates strict = Exp06ThresholdTuning.rates(genuine, impostor, new io.siamese.app.verify.Thresholds(0.5, 1.0));
        assertEquals(0.0, strict.far(), 1e-12);
        assertEquals(0.5, strict.frr(), 1e-12);
    }

    @Test
    void multiFrameMeasuresFarAndFrrAgainstTheNumberOfFramesOnEachTestSet() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(15, 8, 48, 3));
        Path yale = dir.resolve("yale");
        SyntheticFaces.writeTree(yale, new SyntheticFaces.Config(6, 7, 64, 4));
        ExperimentResult result = Exp07MultiFrame.run(Exp07MultiFrame.Config.DEFAULTS.tiny().withFaces(faces).withYale(yale)
                .withOut(dir.resolve("out")), Progress.NONE);
        for (String key : List.of("orl_t0.01", "orl_t0.2", "yale_t0.01", "yale_t0.2", "yale_orl_thresholds_t0.2")) {
            for (int n : List.of(1, 3)) {
                assertRate(result, key + "_far_" + n);
                assertRate(result, key + "_frr_" + n);
            }
        }
        Object single = result.numbers().get("orl_t0.2_single_frame_far_at_equal_frr_3");
        assertTrue(result.numbers().containsKey("orl_t0.2_single_frame_far_at_equal_frr_3")
                && (single == null || ((Number) single).doubleValue() >= 0 && ((Number) single).doubleValue() <= 1), String.valueOf(single));
        assertEquals(3, (int) result.number("orl_people"), "15 people: 9 train, 3 validation, 3 test");
        assertEquals(3, (int) result.number("yale_people"), "half of the 6 Yale people calibrate, half are tested");
        assertTrue(((String) result.numbers().get("multi_frame_lowers_far_at_equal_or_lower_frr")).endsWith(" of 4"), "2 sets x 2 targets x N=3");
        List<String> csv = Files.readAllLines(dir.resolve("out/frames.csv"));
        assertEquals(1 + 2 * 2 + 2 * 2 * 2, csv.size(), "a header; orl: 2 targets x 2 N; yale: the same with its own and with ORL's thresholds");
        for (String png : List.of("far-frr-orl.png", "far-frr-yale.png", "det-orl.png", "det-yale.png")) {
            assertTrue(Files.size(dir.resolve("out").resolve(png)) > 1000, png);
        }
        assertTrue(Files.readString(dir.resolve("out/summary.md")).contains("one frame at this FRR"));
    }

    @Test
    void theExperimentsDecisionAgreesWithTheCalibratorsOnTheSameFrames() {
        // Embeddings in clusters per person and a head that scores by distance: the rates are neither 0 nor 1.
        io.siamese.model.SiameseNetwork network = io.siamese.model.SiameseNetwork.create(io.siamese.model.ModelSpec.compact(),
                io.siamese.model.OptimizerSpec.DEFAULTS, 5);
        network.graph().setParam("score_W", network.graph().getParam("score_W").assign(-1.0));
        network.graph().setParam("score_b", network.graph().getParam("score_b").assign(14.0));
        io.siamese.model.SiameseModel model = new io.siamese.model.SiameseModel(network, io.siamese.model.Calibration.UNCALIBRATED);
        java.util.Random random = new java.util.Random(9);
        java.util.Map<String, List<io.siamese.model.Embedding>> byPerson = new java.util.LinkedHashMap<>();
        for (int p = 0; p < 8; p++) {
            float[] centre = new float[128];
            // People close together (offsets of 0.16 at most) and photos spread (0.1): their distances overlap.
            for (int j = 0; j < centre.length; j++) centre[j] = 0.5f + 0.16f * random.nextFloat();
            List<io.siamese.model.Embedding> images = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                float[] v = centre.clone();
                for (int j = 0; j < v.length; j++) v[j] += (float) (0.1 * random.nextGaussian());
                images.add(new io.siamese.model.Embedding(v));
            }
            byPerson.put("p" + p, images);
        }
        io.siamese.model.Calibration calibration = io.siamese.training.Calibrator.withIdentification(
                io.siamese.model.Calibration.UNCALIBRATED.withThreshold(0.5).withVerificationFraction(0.4).withIdentification(null), model, byPerson);
        io.siamese.model.Calibration.FrameRule one = calibration.identification().frames().get(0);
        Exp07MultiFrame.Pooled pooled = Exp07MultiFrame.pool(io.siamese.training.GalleryProbes.openSet(model, byPerson, 5), 1, 1, 0);
        Exp07MultiFrame.Rates rates = Exp07MultiFrame.rates(pooled, io.siamese.app.verify.Thresholds.forIdentification(calibration, 1));
        assertEquals(one.fir(), rates.far(), 0.0, "the app's rule accepts exactly the unknown faces the calibration counted");
        assertEquals(one.fnir(), rates.frr(), 0.0);
        assertEquals(one.unknownSequences(), rates.unknownSequences());
        assertTrue(one.fnir() > 0 && one.fnir() < 1, "a case that tests something: FNIR " + one.fnir());
        // Just below the threshold more unknown faces are named: the threshold is the lowest that meets the target.
        Exp07MultiFrame.Rates looser = Exp07MultiFrame.rates(pooled, new io.siamese.app.verify.Thresholds(
                Math.max(0, one.threshold() - 0.02), calibration.verificationFraction()));
        assertTrue(looser.far() >= rates.far());
    }

    @Test
    void resumeContinuesExactly() {
        ExperimentResult result = Exp05Resume.run(Exp05Resume.Config.DEFAULTS.tiny().withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(1, (int) result.number("resumed_from"));
        assertEquals(List.of(1, 2, 3), result.numbers().get("epochs_in_csv"));
        assertEquals(0.0, result.number("max_weight_difference"), 0.0);
        assertTrue(Files.isRegularFile(dir.resolve("out/resume.png")));
    }
}
