package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Json} writes what the shaded Jackson 2.13 inside ND4J wrote before the project declared its own Jackson: the
 * expected strings below were produced by that version, so configs, headers and reports keep their bytes.
 */
class JsonTest {

    @TempDir
    Path dir;

    record Nested(String label, double value) {
    }

    record Sample(String name, int count, long big, double rate, double missing, double infinite, float single,
                  List<Integer> list, Map<String, Object> map, Nested nested, String nothing, OptimizerSpec.Kind kind,
                  List<String> empty, boolean flag) {
    }

    private static Sample sample() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 2);
        map.put("a", "x \"quoted\" \u00e9\n");
        map.put("nan", Double.NaN);
        map.put("tiny", 1e-7);
        return new Sample("caf\u00e9 \\ tab\t", 7, 1L << 40, 0.1, Double.NaN, Double.NEGATIVE_INFINITY, 0.3f,
                List.of(1, 2, 3), map, new Nested("n", 2.5e10), null, OptimizerSpec.Kind.KOCH, List.of(), true);
    }

    /** Written by the shaded Jackson 2.13.3 of ND4J 1.0.0-M2.1. */
    private static final String INDENTED_2_13 = "{\n"
            + "  \"name\" : \"caf\u00e9 \\\\ tab\\t\",\n"
            + "  \"count\" : 7,\n"
            + "  \"big\" : 1099511627776,\n"
            + "  \"rate\" : 0.1,\n"
            + "  \"missing\" : \"NaN\",\n"
            + "  \"infinite\" : \"-Infinity\",\n"
            + "  \"single\" : 0.3,\n"
            + "  \"list\" : [ 1, 2, 3 ],\n"
            + "  \"map\" : {\n"
            + "    \"b\" : 2,\n"
            + "    \"a\" : \"x \\\"quoted\\\" \u00e9\\n\",\n"
            + "    \"nan\" : \"NaN\",\n"
            + "    \"tiny\" : 1.0E-7\n"
            + "  },\n"
            + "  \"nested\" : {\n"
            + "    \"label\" : \"n\",\n"
            + "    \"value\" : 2.5E10\n"
            + "  },\n"
            + "  \"nothing\" : null,\n"
            + "  \"kind\" : \"KOCH\",\n"
            + "  \"empty\" : [ ],\n"
            + "  \"flag\" : true\n"
            + "}";

    /** Written by the shaded Jackson 2.13.3 of ND4J 1.0.0-M2.1. */
    private static final String COMPACT_2_13 = "{\"name\":\"caf\u00e9 \\\\ tab\\t\",\"count\":7,\"big\":1099511627776,\"rate\":0.1,\"missing\":\"NaN\",\"infinite\":\"-Infinity\",\"single\":0.3,\"list\":[1,2,3],\"map\":{\"b\":2,\"a\":\"x \\\"quoted\\\" \u00e9\\n\",\"nan\":\"NaN\",\"tiny\":1.0E-7},\"nested\":{\"label\":\"n\",\"value\":2.5E10},\"nothing\":null,\"kind\":\"KOCH\",\"empty\":[],\"flag\":true}";

    /**
     * The calibration record as it was before identification thresholds joined it, with {@code UNCALIBRATED}'s values:
     * its derived {@code isCalibrated()} is written as a property.
     */
    record CalibrationBeforeIdentification(double threshold, String rule, double far, double frr, double eer, double eerThreshold,
                                           double targetFar, long genuinePairs, long impostorPairs, double verificationFraction) {
        public boolean isCalibrated() {
            return !"uncalibrated".equals(rule);
        }
    }

    /** That record as the shaded Jackson 2.13.3 wrote {@link Calibration#UNCALIBRATED}, the derived "calibrated" included. */
    private static final String UNCALIBRATED_2_13 = "{\n"
            + "  \"threshold\" : 0.5,\n"
            + "  \"rule\" : \"uncalibrated\",\n"
            + "  \"far\" : \"NaN\",\n"
            + "  \"frr\" : \"NaN\",\n"
            + "  \"eer\" : \"NaN\",\n"
            + "  \"eerThreshold\" : \"NaN\",\n"
            + "  \"targetFar\" : \"NaN\",\n"
            + "  \"genuinePairs\" : 0,\n"
            + "  \"impostorPairs\" : 0,\n"
            + "  \"verificationFraction\" : 0.5,\n"
            + "  \"calibrated\" : false\n"
            + "}";

    @Test
    void indentedAndCompactOutputAreByteForByteWhatTheEarlierJacksonWrote() {
        assertEquals(INDENTED_2_13, Json.write(sample()));
        assertEquals(COMPACT_2_13, Json.writeCompact(sample()));
        assertEquals(UNCALIBRATED_2_13, Json.write(new CalibrationBeforeIdentification(0.5, "uncalibrated", Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 0, 0, 0.5)));
        assertEquals(-1, Json.writeCompact(sample()).indexOf('\n'), "one line: newlines inside strings are escaped");
    }

    @Test
    void recordsRoundTripWithNanAndInfinity() {
        Sample read = Json.read(INDENTED_2_13, Sample.class);
        assertEquals(sample().name(), read.name());
        assertEquals(1L << 40, read.big());
        assertTrue(Double.isNaN(read.missing()));
        assertEquals(Double.NEGATIVE_INFINITY, read.infinite());
        assertEquals(0.3f, read.single());
        assertEquals(new Nested("n", 2.5e10), read.nested());
        assertEquals(OptimizerSpec.Kind.KOCH, read.kind());
        assertEquals(List.of(), read.empty());
        Calibration calibration = Json.read(UNCALIBRATED_2_13, Calibration.class);
        assertEquals(Calibration.UNCALIBRATED.toString(), calibration.toString(), "NaN fields compare through toString");
    }

    @Test
    void bareNanIsReadAndUnknownPropertiesAreIgnored() {
        Nested nested = Json.read("{\"label\": \"x\", \"value\": NaN, \"addedInAFutureVersion\": {\"a\": [1, 2]}}", Nested.class);
        assertEquals("x", nested.label());
        assertTrue(Double.isNaN(nested.value()));
    }

    @Test
    void filesAreIndentedEndWithANewlineAndReadBack() throws Exception {
        Path file = dir.resolve("sub/sample.json");
        Json.write(file, sample());
        assertEquals(INDENTED_2_13 + "\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(sample().map().keySet(), Json.read(file, Sample.class).map().keySet());
    }

    @Test
    void unreadableJsonNamesTheTypeAndAMissingFileNamesThePath() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Json.read("{\"label\": ", Nested.class));
        assertTrue(bad.getMessage().contains("Nested"), bad.getMessage());
        Path missing = dir.resolve("absent.json");
        Exception e = assertThrows(RuntimeException.class, () -> Json.read(missing, Nested.class));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
