package io.siamese.training;

import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TrainingConfig#soup()}: members are whole runs of their own seeds, the final model is their mean, calibrated. */
class SoupTrainingTest {

    @TempDir
    Path dir;

    private static INDArray params(Path model) {
        return SiameseModel.load(model).network().graph().params();
    }

    @Test
    void aSoupIsTheMeanOfItsMembersAndEachMemberIsTheRunOfItsSeed() throws Exception {
        Path soup = dir.resolve("soup");
        TrainingResult result = new Trainer(soup, TinyRuns.config(2).withSoup(2)).train(TinyRuns.spec(), TinyRuns.data(), false);

        INDArray first = params(soup.resolve("member-1/model.zip")), second = params(soup.resolve("member-2/model.zip"));
        assertNotEquals(first, second, "the members train with different seeds");
        new Trainer(dir.resolve("seed-5"), TinyRuns.config(2)).train(TinyRuns.spec(), TinyRuns.data(), false);
        new Trainer(dir.resolve("seed-6"), TinyRuns.config(2).withSeed(6)).train(TinyRuns.spec(), TinyRuns.data(), false);
        assertEquals(params(dir.resolve("seed-5/model.zip")), first, "member 1 is the run of the soup's seed");
        assertEquals(params(dir.resolve("seed-6/model.zip")), second, "member 2 is the run of the next seed");

        INDArray mean = first.add(second).divi(2);
        assertTrue(mean.equalsWithEps(params(soup.resolve("model.zip")), 1e-6), "the soup's weights are the members' mean");
        assertTrue(mean.equalsWithEps(result.model().network().graph().params(), 1e-6));
        Calibration calibration = SiameseModel.load(soup.resolve("model.zip")).calibration();
        assertNotEquals(Calibration.UNCALIBRATED, calibration, "the soup is calibrated on its own scores");
        assertTrue(Files.isRegularFile(soup.resolve("calibration.json")));
        assertTrue(Files.readString(soup.resolve("config.json")).contains("\"soup\" : 2"));
    }

    @Test
    void aSoupResumesEveryMemberAndAMemberNotStartedBeginsFromTheRecordedTower() throws Exception {
        Path towerFile = dir.resolve("tower.zip");
        new SiameseModel(SiameseNetwork.create(TinyRuns.spec(), TinyRuns.config(1).optimizer(), 99), Calibration.UNCALIBRATED).save(towerFile);
        SiameseNetwork tower = SiameseModel.load(towerFile).network();

        Path straight = dir.resolve("straight");
        new Trainer(straight, TinyRuns.config(2).withSoup(2)).initialTower(tower, towerFile.toString()).train(TinyRuns.spec(), TinyRuns.data(), false);

        // One epoch per member, then resumed to two, with member 2 removed as if the run had stopped before it began.
        Path resumed = dir.resolve("resumed");
        new Trainer(resumed, TinyRuns.config(1).withSoup(2)).initialTower(tower, towerFile.toString()).train(TinyRuns.spec(), TinyRuns.data(), false);
        try (var files = Files.walk(resumed.resolve("member-2"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        new Trainer(resumed, TinyRuns.config(2).withSoup(2)).train(TinyRuns.spec(), TinyRuns.data(), true);
        assertEquals(params(straight.resolve("member-1/model.zip")), params(resumed.resolve("member-1/model.zip")), "member 1 continued exactly");
        assertEquals(params(straight.resolve("member-2/model.zip")), params(resumed.resolve("member-2/model.zip")), "member 2 started from the tower");
        assertEquals(params(straight.resolve("model.zip")), params(resumed.resolve("model.zip")));

        Files.delete(towerFile);
        try (var files = Files.walk(resumed.resolve("member-2"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThrows(RunFolderException.class, () -> new Trainer(resumed, TinyRuns.config(2).withSoup(2)).train(TinyRuns.spec(), TinyRuns.data(), true),
                "a member cannot start from a tower that is gone");
    }

    @Test
    void soupSizesOutsideOneToEightAreRefusedAndOldConfigurationsReadAsOne() {
        assertThrows(IllegalArgumentException.class, () -> TinyRuns.config(1).withSoup(-1));
        assertThrows(IllegalArgumentException.class, () -> TinyRuns.config(1).withSoup(TrainingConfig.MAX_SOUP + 1));
        assertThrows(IllegalArgumentException.class, () -> TinyRuns.config(1).withSoup(0));
        String json = io.siamese.model.Json.write(TinyRuns.config(1).withSoup(3));
        assertTrue(json.contains("\"soup\" : 3"), json);
        String old = json.replaceAll(",\\s*\"soup\" : 3", "");
        assertTrue(!old.contains("soup"), old);
        assertEquals(1, io.siamese.model.Json.read(old, TrainingConfig.class).soup(), "a configuration written before the soup existed has none: " + old);
        assertEquals(1, TrainingConfig.DEFAULTS.soup());
    }
}
