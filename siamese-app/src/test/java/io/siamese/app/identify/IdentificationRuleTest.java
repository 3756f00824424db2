package io.siamese.app.identify;

import io.siamese.app.verify.Thresholds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentificationRuleTest {

    private static final Thresholds HALF = new Thresholds(0.7, 0.5);

    @Test
    void theMatchingPersonWithTheHighestScoreIsNamed() {
        Identification id = IdentificationRule.decide(List.of("Alice", "Bob", "Carol"),
                List.of(new double[] {0.9, 0.8, 0.2}, new double[] {0.75, 0.2}, new double[] {0.6, 0.65, 0.5}), 1, HALF);
        assertTrue(id.identified());
        assertEquals("Alice", id.identity());
        assertEquals((0.9 + 0.8 + 0.2) / 3, id.score(), 1e-12);
        assertEquals(List.of("Alice", "Carol", "Bob"), id.candidates().stream().map(Candidate::name).toList(), "best score first");
        Candidate bob = id.candidates().get(2);
        assertTrue(bob.matches(), "Bob matches too (1 of 2), but with a lower score");
        assertEquals(1, bob.agreeing());
        assertFalse(id.candidates().get(1).matches(), "Carol's mean is second, but none of her references reaches 0.7");
        assertEquals("Alice: score 0.633, 2 of 3 comparisons agreed (2 needed)", id.summary());
    }

    @Test
    void aPersonWithAHigherScoreWhoDoesNotMatchIsNotNamed() {
        // Bob's mean is higher, but none of his references reaches the threshold; Alice has one of two.
        Identification id = IdentificationRule.decide(List.of("Alice", "Bob"),
                List.of(new double[] {0.71, 0.1}, new double[] {0.69, 0.68}), 1, HALF);
        assertEquals("Alice", id.identity());
        assertEquals("Bob", id.best().orElseThrow().name());
    }

    @Test
    void anUnknownFaceMatchesNobody() {
        Identification id = IdentificationRule.decide(List.of("Alice", "Bob"), List.of(new double[] {0.3, 0.6}, new double[] {0.5, 0.2}), 1, HALF);
        assertFalse(id.identified());
        assertNull(id.identity());
        assertEquals("Unknown", id.label());
        assertEquals(0.45, id.score(), 1e-12, "the best candidate's score");
        assertEquals("Alice", id.shown().orElseThrow().name());
        assertTrue(id.summary().startsWith("Unknown: best candidate Alice, score 0.450"), id.summary());
    }

    @Test
    void anEmptyGalleryKnowsNobody() {
        Identification id = IdentificationRule.decide(List.of(), List.of(), 1, HALF);
        assertFalse(id.identified());
        assertTrue(id.candidates().isEmpty());
        assertTrue(Double.isNaN(id.score()));
        assertEquals("Unknown: nobody is enrolled in the gallery", id.summary());
    }

    @Test
    void aPersonWithOneReferenceMatchesOnThatReferenceAlone() {
        Identification named = IdentificationRule.decide(List.of("Solo"), List.of(new double[] {0.72}), 1, new Thresholds(0.7, 1.0));
        assertEquals("Solo", named.identity());
        assertEquals(1, named.candidates().get(0).required());
        Identification unknown = IdentificationRule.decide(List.of("Solo"), List.of(new double[] {0.69}), 1, new Thresholds(0.7, 1.0));
        assertFalse(unknown.identified());
    }

    @Test
    void equalScoresGoToTheFirstInNameOrder() {
        Identification id = IdentificationRule.decide(List.of("Ann", "Ben"), List.of(new double[] {0.8, 0.8}, new double[] {0.8, 0.8}), 1, HALF);
        assertEquals("Ann", id.identity());
    }

    @Test
    void overSeveralFramesEachPersonsComparisonsArePooled() {
        // Two frames against two references each: Alice agrees in 3 of 4 comparisons, Bob in 1 of 4 (a lucky frame).
        List<double[]> pooled = List.of(new double[] {0.8, 0.9, 0.75, 0.2}, new double[] {0.95, 0.1, 0.3, 0.2});
        Identification two = IdentificationRule.decide(List.of("Alice", "Bob"), pooled, 2, HALF);
        assertEquals("Alice", two.identity());
        assertEquals(3, two.candidates().get(0).agreeing());
        assertEquals(2, two.candidates().get(0).required());
        Candidate bob = two.candidates().get(1);
        assertFalse(bob.matches(), "1 of 4 is below one half");
        // Bob's first frame alone would have matched him (1 of 2).
        assertEquals("Bob", IdentificationRule.decide(List.of("Bob"), List.of(new double[] {0.95, 0.1}), 1, HALF).identity());
    }

    @Test
    void aResultIsRedecidedUnderOtherThresholds() {
        IdentificationResult result = new IdentificationResult(IdentificationRule.decide(List.of("Alice"), List.of(new double[] {0.8, 0.6}), 1, HALF),
                List.of("Alice"), List.of(new double[] {0.8, 0.6}), new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_3BYTE_BGR), 5, 0, 1);
        assertEquals("Alice", result.identification().identity());
        assertFalse(result.decide(new Thresholds(0.85, 0.5)).identified(), "a stricter unknown-rejection threshold");
        assertFalse(result.decide(new Thresholds(0.7, 1.0)).identified(), "every reference must agree");
    }
}
