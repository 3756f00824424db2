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
    void resumeContinuesExactly() {
        ExperimentResult result = Exp05Resume.run(Exp05Resume.Config.DEFAULTS.tiny().withOut(dir.resolve("out")), Progress.NONE);
        assertEquals(1, (int) result.number("resumed_from"));
        assertEquals(List.of(1, 2, 3), result.numbers().get("epochs_in_csv"));
        assertEquals(0.0, result.number("max_weight_difference"), 0.0);
        assertTrue(Files.isRegularFile(dir.resolve("out/resume.png")));
    }
}
