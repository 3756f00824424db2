package io.siamese.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    private static final Calibration.Identification IDENTIFICATION = new Calibration.Identification("fir=0.001", 0.001, 7, 5,
            List.of(new Calibration.FrameRule(1, 0.91, 0.0, 0.8, 80, 40), new Calibration.FrameRule(2, 0.83, 0.0005, 0.6, 2000, 2000)));

    @Test
    void identificationThresholdsRoundTripThroughJson() {
        Calibration calibration = new Calibration(0.73, "far=0.001", 0.001, 0.2, 0.08, 0.5, 0.001, 120, 480, 0.6)
                .withIdentification(IDENTIFICATION);
        Calibration read = Json.read(Json.write(calibration), Calibration.class);
        assertEquals(calibration, read);
        assertEquals(0.91, read.identificationThreshold(1));
        assertEquals(0.83, read.identificationThreshold(2));
    }

    @Test
    void aCalibrationWrittenBeforeIdentificationExistedLoadsUncalibratedForIt() {
        // The header of a model file from before: no "identification" field.
        String old = "{\"threshold\":0.73,\"rule\":\"far=0.001\",\"far\":0.001,\"frr\":0.2,\"eer\":0.08,\"eerThreshold\":0.5,"
                + "\"targetFar\":0.001,\"genuinePairs\":120,\"impostorPairs\":480,\"verificationFraction\":0.6}";
        Calibration read = Json.read(old, Calibration.class);
        assertEquals(new Calibration(0.73, "far=0.001", 0.001, 0.2, 0.08, 0.5, 0.001, 120, 480, 0.6), read);
        assertFalse(read.identification().isCalibrated());
        assertEquals(0.73, read.identificationThreshold(1), "without identification thresholds the pair threshold decides");
        assertEquals(0.73, read.identificationThreshold(Calibration.MAX_FRAMES));
    }

    @Test
    void framesBeyondTheCalibratedOnesFallBackToThePairThresholdAndOutOfRangeIsRefused() {
        Calibration calibration = Calibration.UNCALIBRATED.withThreshold(0.6).withIdentification(IDENTIFICATION);
        assertEquals(0.6, calibration.identificationThreshold(3));
        assertThrows(IllegalArgumentException.class, () -> calibration.identificationThreshold(0));
        assertThrows(IllegalArgumentException.class, () -> calibration.identificationThreshold(Calibration.MAX_FRAMES + 1));
    }

    @Test
    void frameRulesMustBeInOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Calibration.Identification("fir=0.01", 0.01, 3, 5,
                List.of(new Calibration.FrameRule(2, 0.5, 0, 0, 1, 1))));
        assertTrue(e.getMessage().contains("in order"), e.getMessage());
    }
}
