package io.siamese.model.bench;

import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.Json;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import io.siamese.model.cpu.CpuAcceleration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Times the three things a user waits for, on random data, after warm-up, as medians:
 * <ol>
 *     <li>training: {@code fit} on a batch of random image pairs with random labels (Adam, the default optimizer);</li>
 *     <li>embedding one image through the tower ({@link SiameseModel#embed});</li>
 *     <li>verifying one live image against {@value #REFERENCES} cached reference embeddings: one embedding and
 *     that many head scores ({@link SiameseModel#scores}).</li>
 * </ol>
 * It measures whichever ND4J path the JVM runs; a launcher calls {@link CpuAcceleration#configure()} first. The
 * Koch preset (105x105x3, batch 16) takes about a minute on 2 cores with oneDNN and several minutes without.
 */
public final class Benchmark {

    /** Cached reference embeddings in the verification timing. */
    public static final int REFERENCES = 50;

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private Benchmark() {
    }

    /** Runs the benchmark; see the class comment for what is timed. */
    public static BenchResult run(BenchConfig config) {
        SiameseNetwork network = SiameseNetwork.create(config.spec(), OptimizerSpec.DEFAULTS, config.seed());
        CpuAcceleration.verify(network.graph());
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(config.seed());
        INDArray left = images(config, config.batch(), rng);
        INDArray right = images(config, config.batch(), rng);
        INDArray labels = Nd4j.rand(rng, config.batch(), 1).gt(0.5).castTo(DataType.FLOAT);
        INDArray[] inputs = {left, right};
        INDArray[] targets = {labels};

        double stepMs = medianMs(config.warmupSteps(), config.measuredSteps(), () -> network.graph().fit(inputs, targets));
        double trainPairsPerSecond = config.batch() * 1000.0 / stepMs;
        log.debug("training: {} ms per step of {} pairs", stepMs, config.batch());

        SiameseModel model = new SiameseModel(network, Calibration.UNCALIBRATED);
        INDArray live = images(config, 1, rng);
        int repetitions = config.inferenceRepetitions();
        double embedMs = medianMs(config.warmupSteps() + 1, repetitions, () -> model.embed(live));

        List<Embedding> references = model.embedAll(images(config, REFERENCES, rng));
        double verifyMs = medianMs(config.warmupSteps() + 1, repetitions, () -> {
            double[] scores = model.scores(model.embed(live), references);
            if (scores.length != REFERENCES) throw new IllegalStateException("expected " + REFERENCES + " scores, got " + scores.length);
        });

        return new BenchResult(config.spec().preset(), config.batch(), network.graph().numParams(), trainPairsPerSecond, embedMs,
                verifyMs, ProcessMemory.peakResidentMegabytes());
    }

    /**
     * Runs the benchmark from the command line: {@code Benchmark [preset] [batch]}, default {@code koch 16}. Prints
     * the JSON line of {@code ./siamese bench --json}. Needs an ND4J backend on the classpath.
     */
    public static void main(String[] args) {
        CpuAcceleration.configure();
        BenchConfig config = BenchConfig.forPreset(args.length > 0 ? args[0] : "koch");
        if (args.length > 1) config = config.withBatch(Integer.parseInt(args[1]));
        System.out.println(Json.writeCompact(run(config).toJsonMap()));
    }

    /** Runs {@code warmup} untimed and {@code measured} timed repetitions and returns the median in milliseconds. */
    static double medianMs(int warmup, int measured, Runnable work) {
        for (int i = 0; i < warmup; i++) work.run();
        double[] ms = new double[measured];
        for (int i = 0; i < measured; i++) {
            long start = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return median(ms);
    }

    /** The median of {@code values} (not empty; the mean of the middle two for an even count). */
    public static double median(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("the median of nothing is undefined");
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static INDArray images(BenchConfig config, int n, Random rng) {
        return Nd4j.rand(rng, n, config.spec().channels(), config.spec().height(), config.spec().width());
    }
}
