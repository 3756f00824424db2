package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.model.Json;
import io.siamese.model.ModelSpec;
import io.siamese.model.bench.BenchConfig;
import io.siamese.model.bench.BenchResult;
import io.siamese.model.bench.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./siamese bench}: training throughput, single-image embedding latency, verification against 50 cached
 * references and peak memory, as medians after warm-up (see docs/performance.md for how each is measured).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark a preset on random data: train pairs/s, ms per embedded image, ms to verify one face against",
                "50 cached references, peak RSS. Medians after warm-up; see docs/performance.md."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--preset", description = "koch (at 3 channels, like the PyTorch reference), seed or compact; default koch.")
    String preset;

    @Option(names = "--batch", description = "Pairs per training step (default 16).")
    Integer batch;

    @Option(names = "--channels", description = "Override the preset's channels (1 or 3).")
    Integer channels;

    @Option(names = "--steps", description = "Measured training steps (default 5).")
    Integer steps;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        BenchConfig config = preset == null ? BenchConfig.DEFAULTS : ExitStatus.option("--preset", () -> BenchConfig.forPreset(preset));
        config = ExitStatus.option("--channels", config, channels, (c, v) -> c.withSpec(c.spec().withChannels(v)));
        config = ExitStatus.option("--batch", config, batch, BenchConfig::withBatch);
        config = ExitStatus.option("--steps", config, steps, (c, v) -> c.withSteps(c.warmupSteps(), v));
        BenchResult result = Benchmark.run(config);
        if (json) {
            System.out.println(Json.writeCompact(result.toJsonMap()));
        } else {
            ModelSpec spec = config.spec();
            System.out.printf(Locale.ROOT, "%s, batch %d: train %.2f pairs/s, embed %.1f ms/image, verify vs 50 refs %.1f ms, peak RSS %.0f MB%n",
                    spec.describe(), result.batch(), result.trainPairsPerS(), result.inferMsPerImage(), result.verifyMs50Refs(), result.peakRssMb());
        }
        return 0;
    }
}
