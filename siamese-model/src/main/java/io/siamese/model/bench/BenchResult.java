package io.siamese.model.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one benchmark run; all timings are medians over repeated measurements after warm-up.
 *
 * @param preset         the preset benchmarked
 * @param batch          pairs per training step
 * @param params         parameter count of the Siamese graph
 * @param trainPairsPerS training throughput: {@code batch / median step time}, Adam included
 * @param inferMsPerImage milliseconds to embed one image
 * @param verifyMs50Refs milliseconds to verify one live image against {@value Benchmark#REFERENCES} cached reference
 *                       embeddings: one embedding plus that many head scores
 * @param peakRssMb      the process's peak resident memory ({@code VmHWM}) in MiB at the end of the run
 */
public record BenchResult(String preset, int batch, long params, double trainPairsPerS, double inferMsPerImage,
                          double verifyMs50Refs, double peakRssMb) {

    /** The fields under the names of {@code ./siamese bench --json}, in that order. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("preset", preset);
        json.put("batch", batch);
        json.put("params", params);
        json.put("train_pairs_per_s", trainPairsPerS);
        json.put("infer_ms_per_image", inferMsPerImage);
        json.put("verify_ms_50_refs", verifyMs50Refs);
        json.put("peak_rss_mb", peakRssMb);
        return json;
    }
}
