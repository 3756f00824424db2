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
    void resumeContinuesExactly() {
        ExperimentResult result = Exp05Resume.run(Exp05Resume.Config.DEFAULTS.tiny().withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(1, (int) result.number("resumed_from"));
        assertEquals(List.of(1, 2, 3), result.numbers().get("epochs_in_csv"));
        assertEquals(0.0, result.number("max_weight_difference"), 0.0);
        assertTrue(Files.isRegularFile(dir.resolve("out/resume.png")));
    }
}
