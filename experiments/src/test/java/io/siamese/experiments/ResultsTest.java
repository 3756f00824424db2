package io.siamese.experiments;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest {

    @Test
    void aTrainedFigureIsPutAgainstEachFloorInWordsWhicheverWayIsBetter() {
        Map<String, Double> floors = new LinkedHashMap<>();
        floors.put("pixel_l1", 0.135);
        floors.put("lbp", 0.30);
        assertEquals(List.of("is below the pixel-L1 floor on EER: 25.30% vs 13.50%", "beats the LBP floor on EER: 25.30% vs 30.00%"),
                Results.versusFloors("EER", 0.253, floors, false, Results::pct));
        assertEquals(List.of("beats the pixel-L1 floor on AUC: 0.900 vs 0.135", "beats the LBP floor on AUC: 0.900 vs 0.300"),
                Results.versusFloors("AUC", 0.9, floors, true, v -> Results.f(v, 3)));
        assertTrue(Results.versusFloors("AUC", Double.NaN, floors, true, Results::pct).isEmpty(), "no trained figure, no comparison");
    }

    @Test
    void meanAndSampleStandardDeviationOverFolds() {
        Map<String, Object> m = Results.meanAndSd(List.of(Map.of("eer", 0.1), Map.of("eer", 0.2), Map.of("eer", 0.3)));
        assertEquals(0.2, (double) m.get("eer_mean"), 1e-12);
        assertEquals(0.1, (double) m.get("eer_sd"), 1e-12);
        assertTrue(Double.isNaN(Results.sd(List.of(0.5))), "one fold has no spread");
        assertEquals("two_way", Results.wayKey(2));
        assertEquals("20_way", Results.wayKey(20));
    }
}
