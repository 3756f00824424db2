package io.siamese.model.bench;

import io.siamese.model.ModelSpec;

import java.util.Locale;
import java.util.Objects;

/**
 * What {@link Benchmark#run(BenchConfig)} measures and how often.
 *
 * @param spec          the network shape (the {@code koch} preset benchmarks with 3 channels, like the PyTorch reference)
 * @param batch         pairs per training step
 * @param warmupSteps   untimed repetitions before each measurement (workspaces and JIT settle during them)
 * @param measuredSteps timed training steps; embedding and verification are timed {@code max(10, 2 x measuredSteps)} times
 * @param seed          seed for the weights and the random images
 */
public record BenchConfig(ModelSpec spec, int batch, int warmupSteps, int measuredSteps, long seed) {

    /**
     * The Koch preset at 105x105x3 without batch normalisation (the paper's network, as in the PyTorch reference),
     * 16 pairs per step, 2 warm-up and 5 timed steps: the PyTorch reference's setting.
     */
    public static final BenchConfig DEFAULTS = new BenchConfig(ModelSpec.koch(3).withBatchNorm(false), 16, 2, 5, 42);

    public BenchConfig {
        Objects.requireNonNull(spec, "spec");
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1 pair, got " + batch);
        if (warmupSteps < 1) throw new IllegalArgumentException("warmupSteps must be >= 1, got " + warmupSteps);
        if (measuredSteps < 1) throw new IllegalArgumentException("measuredSteps must be >= 1, got " + measuredSteps);
    }

    /** The defaults for a preset by name; {@code koch} gets 3 channels and no batch normalisation to match the PyTorch reference. */
    public static BenchConfig forPreset(String name) {
        ModelSpec spec = name.toLowerCase(Locale.ROOT).equals("koch") ? DEFAULTS.spec() : ModelSpec.preset(name);
        return DEFAULTS.withSpec(spec);
    }

    public BenchConfig withSpec(ModelSpec newSpec) {
        return new BenchConfig(newSpec, batch, warmupSteps, measuredSteps, seed);
    }

    public BenchConfig withBatch(int newBatch) {
        return new BenchConfig(spec, newBatch, warmupSteps, measuredSteps, seed);
    }

    public BenchConfig withSteps(int newWarmupSteps, int newMeasuredSteps) {
        return new BenchConfig(spec, batch, newWarmupSteps, newMeasuredSteps, seed);
    }

    /** How many times embedding and verification are timed. */
    int inferenceRepetitions() {
        return Math.max(10, 2 * measuredSteps);
    }
}
