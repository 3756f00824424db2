package io.siamese.app.verify;

import io.siamese.app.TestFaces;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelIdentityTest {

    @TempDir
    Path dir;

    @Test
    void theSameWeightsHaveTheSameIdentityAcrossSaveAndLoadAndOtherWeightsAnother() {
        SiameseModel model = TestFaces.randomModel(21, Calibration.UNCALIBRATED);
        String identity = ModelIdentity.of(model);
        assertTrue(identity.matches("sha256:[0-9a-f]{64}"), identity);
        model.save(dir.resolve("m.zip"));
        assertEquals(identity, ModelIdentity.of(SiameseModel.load(dir.resolve("m.zip"))), "a process that loads the file finds the same key");
        assertEquals(identity, ModelIdentity.of(model.withCalibration(Calibration.UNCALIBRATED.withThreshold(0.9))),
                "the calibration does not change embeddings");
        assertNotEquals(identity, ModelIdentity.of(TestFaces.randomModel(22, Calibration.UNCALIBRATED)));
    }

    @Test
    void theHeadDoesNotChangeTheIdentityButTheTowerDoes() {
        // The distance model shares the random tower of seed 21 but has another head.
        assertEquals(ModelIdentity.of(TestFaces.randomModel(21, Calibration.UNCALIBRATED)), ModelIdentity.of(TestFaces.distanceModel(21, Calibration.UNCALIBRATED)));
    }
}
