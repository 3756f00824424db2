package io.siamese.app.verify;

import io.siamese.model.Calibration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionTest {

    @Test
    void countsReferencesAtOrAboveTheDetectionThresholdAndComparesTheFraction() {
        Verdict v = Decision.decide(new double[] {0.9, 0.2, 0.7, 0.6}, new Thresholds(0.65, 0.5));
        assertEquals(2, v.passed());
        assertEquals(4, v.references());
        assertEquals(2, v.required());
        assertEquals(0.5, v.fraction());
        assertTrue(v.verified());
        assertEquals((0.9 + 0.2 + 0.7 + 0.6) / 4, v.score(), 1e-12, "score is the mean");
        assertEquals(0.9, v.bestScore());
        assertEquals("2 of 4 references agreed (2 needed)", v.agreement());
        assertEquals("Verified: score 0.600, 2 of 4 references agreed (2 needed)", v.summary());
    }

    @Test
    void allPass() {
        Verdict v = Decision.decide(new double[] {0.99, 0.95, 0.97}, new Thresholds(0.9, 1.0));
        assertTrue(v.verified());
        assertEquals(3, v.passed());
        assertEquals(1.0, v.fraction());
    }

    @Test
    void nonePass() {
        Verdict v = Decision.decide(new double[] {0.1, 0.2, 0.3}, new Thresholds(0.5, 0.1));
        assertFalse(v.verified());
        assertEquals(0, v.passed());
        assertEquals(1, v.required(), "even a tiny fraction needs one agreeing reference");
        assertEquals("Unverified", v.label());
    }

    @Test
    void aScoreExactlyAtTheDetectionThresholdAgrees() {
        Verdict v = Decision.decide(new double[] {0.5, 0.4999999}, new Thresholds(0.5, 0.5));
        assertEquals(1, v.passed());
        assertTrue(v.verified());
    }

    @Test
    void aFractionExactlyAtTheVerificationThresholdVerifiesAndOneFewerDoesNot() {
        double[] threeOfTen = {0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        assertTrue(Decision.decide(threeOfTen, new Thresholds(0.5, 0.3)).verified());
        // 0.1 * 3 is 0.30000000000000004 in floating point: a slider arithmetic result must not demand a fourth.
        assertTrue(Decision.decide(threeOfTen, new Thresholds(0.5, 0.1 * 3)).verified());
        assertFalse(Decision.decide(threeOfTen, new Thresholds(0.5, 0.31)).verified());
        double[] twoOfTen = {0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        assertFalse(Decision.decide(twoOfTen, new Thresholds(0.5, 0.3)).verified());
    }

    @Test
    void requiredIsTheSmallestCountReachingTheFraction() {
        assertEquals(3, Decision.required(5, 0.5));
        assertEquals(1, Decision.required(5, 0.2));
        assertEquals(2, Decision.required(5, 0.21));
        assertEquals(5, Decision.required(5, 1.0));
        assertEquals(1, Decision.required(1, 0.01));
        assertThrows(IllegalArgumentException.class, () -> Decision.required(0, 0.5));
    }

    @Test
    void noReferencesIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decision.decide(new double[0], new Thresholds(0.5, 0.5)));
        assertTrue(e.getMessage().contains("zero references"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decision.decide(null, new Thresholds(0.5, 0.5)));
    }

    @Test
    void aScoreThatIsNotANumberIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Decision.decide(new double[] {0.4, Double.NaN}, new Thresholds(0.5, 0.5)));
        assertTrue(e.getMessage().contains("reference 1"), e.getMessage());
    }

    @Test
    void thresholdsComeFromTheCalibrationAndAreValidated() {
        Calibration calibration = Calibration.UNCALIBRATED.withThreshold(0.83).withVerificationFraction(0.35);
        Thresholds t = Thresholds.from(calibration);
        assertEquals(0.83, t.detection());
        assertEquals(0.35, t.verification());
        assertEquals(new Thresholds(0.2, 0.35), t.withDetection(0.2));
        assertEquals(new Thresholds(0.83, 1.0), t.withVerification(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(-0.01, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(1.01, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(0.5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(Double.NaN, 0.5));
    }

    @Test
    void aResultCanBeRedecidedUnderOtherThresholdsWithoutTheNetwork() {
        double[] scores = {0.9, 0.6, 0.3};
        VerificationResult result = new VerificationResult(Decision.decide(scores, new Thresholds(0.5, 0.5)), scores,
                java.util.List.of(java.nio.file.Path.of("a.jpg"), java.nio.file.Path.of("b.jpg"), java.nio.file.Path.of("c.jpg")),
                new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_3BYTE_BGR), 12, 0);
        assertTrue(result.verdict().verified());
        assertFalse(result.decide(new Thresholds(0.7, 0.5)).verified());
        assertEquals(1, result.decide(new Thresholds(0.7, 0.5)).passed());
        scores[0] = 0;
        assertEquals(0.9, result.scores()[0], "the result keeps its own copy");
    }

    @Test
    void oneLuckyFrameOfAStrangerPassesAloneButNotPooledWithTheNextFrames() {
        // A scripted stranger: 1 of 3 references agrees in the first frame only (one lucky frame), never after.
        Thresholds t = new Thresholds(0.8, 1.0 / 3);
        double[] lucky = {0.85, 0.3, 0.2};
        double[] frames = {0.85, 0.3, 0.2, 0.4, 0.3, 0.1, 0.5, 0.2, 0.2};
        assertTrue(Decision.decide(lucky, t).verified(), "one frame: one agreeing reference of three is enough");
        Verdict pooled = Decision.decide(frames, 3, t);
        assertFalse(pooled.verified(), "three frames: 3 of 9 comparisons must agree, 1 did");
        assertEquals(1, pooled.passed());
        assertEquals(3, pooled.references());
        assertEquals(3, pooled.required());
        assertEquals(3, pooled.frames());
        assertEquals("1 of 9 comparisons agreed (3 references x 3 frames, 3 needed)", pooled.agreement());
    }

    @Test
    void oneBlurredFrameOfTheOwnerFailsAloneButPooledTheOwnerPasses() {
        Thresholds t = new Thresholds(0.8, 0.5);
        double[] blurred = {0.5, 0.6};
        double[] frames = {0.5, 0.6, 0.9, 0.95, 0.85, 0.7};
        assertFalse(Decision.decide(blurred, t).verified());
        Verdict pooled = Decision.decide(frames, 3, t);
        assertTrue(pooled.verified(), "3 of 6 comparisons agree, 3 needed");
        assertEquals((0.5 + 0.6 + 0.9 + 0.95 + 0.85 + 0.7) / 6, pooled.score(), 1e-12);
        assertEquals(0.95, pooled.bestScore());
    }

    @Test
    void pooledScoresMustSplitIntoTheFramesAndTheMessageNamesTheFrame() {
        assertThrows(IllegalArgumentException.class, () -> Decision.decide(new double[] {0.1, 0.2, 0.3}, 2, new Thresholds(0.5, 0.5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Decision.decide(new double[] {0.1, 0.2, 0.3, Double.NaN}, 2, new Thresholds(0.5, 0.5)));
        assertTrue(e.getMessage().contains("reference 1 in frame 1"), e.getMessage());
    }

    @Test
    void multiFrameThresholdsComeFromTheIdentificationCalibration() {
        Calibration.Identification identification = new Calibration.Identification("fir=0.001", 0.001, 7, 5, java.util.List.of(
                new Calibration.FrameRule(1, 0.95, 0, 0.9, 80, 40), new Calibration.FrameRule(2, 0.9, 0, 0.8, 3000, 3000),
                new Calibration.FrameRule(3, 0.85, 0, 0.7, 3000, 3000)));
        Calibration calibration = Calibration.UNCALIBRATED.withThreshold(0.8).withVerificationFraction(0.2).withIdentification(identification);
        assertEquals(new Thresholds(0.8, 0.2), Thresholds.forVerification(calibration, 1), "one frame: the original projects' rule as calibrated");
        assertEquals(new Thresholds(0.85, 0.2), Thresholds.forVerification(calibration, 3));
        assertEquals(new Thresholds(0.95, 0.2), Thresholds.forIdentification(calibration, 1));
        assertEquals(new Thresholds(0.9, 0.2), Thresholds.forIdentification(calibration, 2));
        assertEquals(new Thresholds(0.8, 0.2), Thresholds.forIdentification(Calibration.UNCALIBRATED.withThreshold(0.8).withVerificationFraction(0.2), 4),
                "a model without identification thresholds falls back to its pair threshold");
    }

    @Test
    void aMultiFrameResultIsRedecidedWithItsFrames() {
        double[] scores = {0.9, 0.1, 0.2, 0.3};
        VerificationResult result = new VerificationResult(Decision.decide(scores, 2, new Thresholds(0.5, 0.5)), scores,
                java.util.List.of(java.nio.file.Path.of("a.jpg"), java.nio.file.Path.of("b.jpg")),
                new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_3BYTE_BGR), 12, 0, 2);
        assertFalse(result.verdict().verified(), "1 of 4 comparisons, 2 needed");
        assertTrue(result.decide(new Thresholds(0.25, 0.5)).verified(), "0.9 and 0.3 reach 0.25");
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult(result.verdict(), scores, java.util.List.of(java.nio.file.Path.of("a.jpg")),
                result.face(), 1, 0, 2), "4 scores are not 1 reference x 2 frames");
    }
}
