package io.siamese.model.bench;

import io.siamese.model.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness runs and reports sane figures; no timing is asserted (the machine decides those). */
class BenchmarkTest {

    @Test
    void theCompactPresetBenchmarksToPositiveFiniteFigures() {
        BenchConfig config = BenchConfig.forPreset("compact").withBatch(4).withSteps(1, 2);
        BenchResult result = Benchmark.run(config);
        assertEquals("compact", result.preset());
        assertEquals(4, result.batch());
        assertEquals(ModelSpec.compact().parameterCount(), result.params());
        for (double figure : new double[] {result.trainPairsPerS(), result.inferMsPerImage(), result.verifyMs50Refs(), result.peakRssMb()}) {
            assertTrue(figure > 0 && Double.isFinite(figure), result.toString());
        }
    }

    @Test
    void theJsonMapHasExactlyTheCommandLineKeysInOrder() {
        BenchResult result = new BenchResult("koch", 16, 38_964_545L, 9.5, 12.0, 12.4, 2100.0);
        assertEquals(List.of("preset", "batch", "params", "train_pairs_per_s", "infer_ms_per_image", "verify_ms_50_refs", "peak_rss_mb"),
                List.copyOf(result.toJsonMap().keySet()));
        assertEquals(9.5, result.toJsonMap().get("train_pairs_per_s"));
        assertEquals(38_964_545L, result.toJsonMap().get("params"));
    }

    @Test
    void kochIsBenchmarkedWithThreeChannelsLikeThePyTorchReference() {
        BenchConfig koch = BenchConfig.forPreset("koch");
        assertEquals(3, koch.spec().channels());
        assertEquals(38_964_545L, koch.spec().parameterCount());
        assertEquals(16, koch.batch());
        assertEquals(1, BenchConfig.forPreset("compact").spec().channels());
        assertThrows(IllegalArgumentException.class, () -> BenchConfig.forPreset("compact").withBatch(0));
    }

    @Test
    void theMedianIsTheMiddleValue() {
        assertEquals(3.0, Benchmark.median(new double[] {9, 1, 3}), 0.0);
        assertEquals(2.5, Benchmark.median(new double[] {4, 1, 3, 2}), 0.0);
        int[] calls = {0};
        Benchmark.medianMs(2, 3, () -> calls[0]++);
        assertEquals(5, calls[0], "two warm-up and three timed runs");
    }
}
