package io.siamese.experiments;

import io.siamese.data.DatasetException;
import io.siamese.data.SharedDatasets;
import io.siamese.data.SyntheticFaces;
import io.siamese.training.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        for (String variant : List.of("none", "koch-affine")) {
            assertRate(result, variant + "_verification_accuracy");
            assertRate(result, variant + "_one_shot_test_alphabets");
            assertTrue(Files.isRegularFile(dir.resolve("out/run-" + variant + "/model.zip")));
        }
        assertTrue(Files.readString(dir.resolve("out/summary.md")).contains("92.00%"), "the paper's number stands next to ours");
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
    void facesOnAnIdentitiesTree() {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(10, 6, 48, 2));
        ExperimentResult result = Exp03FacesOneShot.run(Exp03FacesOneShot.Config.DEFAULTS.tiny().withFaces(faces).withOut(dir.resolve("out")), Progress.NONE);
        assertRate(result, "auc");
        assertRate(result, "eer");
        assertRate(result, "one_shot_2_way");
        assertEquals(2, (int) result.number("test_people"));
        assertTrue(Files.isRegularFile(dir.resolve("out/test-roc.png")));
    }

    @Test
    @Tag("dataset")
    void facesOnTheRealOrlFaces() {
        Path orl = SharedDatasets.orlFaces().orElse(null);
        Assumptions.assumeTrue(orl != null, "../shared/datasets/orl_faces is absent");
        ExperimentResult result = Exp03FacesOneShot.run(Exp03FacesOneShot.Config.DEFAULTS.tiny().withFaces(orl).withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(8, (int) result.number("test_people"));
        assertEquals(80 * 79 / 2, (int) result.number("test_pairs"), "every pair of the 80 test images");
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
        assertEquals(2, (int) result.number("folds"));
        assertRate(result, "mean_accuracy");
        assertRate(result, "pooled_auc");
        assertEquals(2, ((List<?>) result.numbers().get("fold_accuracies")).size());
        assertTrue(Files.isRegularFile(dir.resolve("out/fold-1/model.zip")) && Files.isRegularFile(dir.resolve("out/fold-2/model.zip")));
        assertTrue(Files.readString(dir.resolve("out/summary.md")).contains("mean accuracy"));
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
