package io.siamese.training;

import io.siamese.model.bench.Benchmark;

import java.time.Duration;
import java.time.Instant;

/**
 * Plans a stage that runs under a time budget from the pace of its first batches, before its first epoch ends.
 *
 * <p>Without it the schedule of a stage's first epoch is that of the configured epochs (a warm-up of up to one epoch,
 * then a slow decay), and a budget that fits only two or three epochs shortens the plan after the first one: on LFW a
 * fold's pretraining was one epoch of warm-up and nothing else. With it, the learning-rate schedule is planned on the
 * epochs that fit after a few batches, and the end-of-epoch re-plan only corrects it.
 */
final class EarlyPlan {

    /** Share of an epoch's training time added for the validation after it, which the first batches do not show. */
    static final double VALIDATION_ALLOWANCE = 0.1;
    /** Batches left out of the pace: the first ones are slower (compilation, caches, native primitives). */
    static final int WARM_BATCHES = 2;

    private final StageRunner runner;
    private final Instant deadline;
    private final int batches;
    private final int configured;
    private int planned;

    EarlyPlan(StageRunner runner, Instant deadline, int batches, int configured) {
        this.runner = runner;
        this.deadline = deadline;
        this.batches = batches;
        this.configured = configured;
    }

    /** After how many batches of the first epoch the plan is made: 5% of the epoch, at least 5 and at most 50. */
    static int probeBatches(int batches) {
        return Math.min(batches, Math.max(5, Math.min(50, batches / 20)));
    }

    /**
     * The epochs of a stage that fit in its budget, between 1 and {@code configured}.
     *
     * @param warmSeconds    seconds spent when the first {@link #WARM_BATCHES} batches were done (0 when not measured)
     * @param probeSeconds   seconds spent when the first {@code probeBatches} batches were done
     * @param secondsLeft    seconds from now to the stage's deadline
     */
    static int epochsThatFit(double warmSeconds, double probeSeconds, int probeBatches, int batches, double secondsLeft, int configured) {
        boolean warmMeasured = warmSeconds > 0 && probeBatches > WARM_BATCHES;
        double perBatch = warmMeasured ? (probeSeconds - warmSeconds) / (probeBatches - WARM_BATCHES) : probeSeconds / probeBatches;
        double firstEpoch = (warmMeasured ? warmSeconds + perBatch * (batches - WARM_BATCHES) : perBatch * batches) * (1 + VALIDATION_ALLOWANCE);
        double epoch = perBatch * batches * (1 + VALIDATION_ALLOWANCE);
        double available = probeSeconds + Math.max(0, secondsLeft);
        if (firstEpoch >= available || epoch <= 0) return 1;
        long fit = 1 + (long) Math.floor((available - firstEpoch) / epoch);
        return (int) Math.max(1, Math.min(configured, fit));
    }

    /** How many of a stage's latest epochs set the pace of the end-of-epoch re-plan ({@link #replanned}). */
    static final int PACE_EPOCHS = 5;

    /**
     * The end-of-epoch re-plan of a stage under a budget: the epochs that fit at the pace of its latest epochs, between
     * the epochs done and {@code configured}. The pace is the median of up to {@link #PACE_EPOCHS} latest epochs, so
     * one slow epoch (another program on the cores) does not cut the stage, and a plan cut by slow epochs grows back,
     * never beyond the configured epochs, when the pace recovers.
     *
     * @param done           epochs of the stage done
     * @param stageSeconds   the seconds of the stage's epochs so far, oldest first
     * @param secondsLeft    seconds from now to the stage's deadline
     */
    static int replanned(int done, double[] stageSeconds, double secondsLeft, int configured) {
        if (stageSeconds.length == 0) return configured;
        long more = (long) Math.floor(Math.max(0, secondsLeft) / Math.max(1e-3, pace(stageSeconds)));
        return (int) Math.max(done, Math.min(configured, done + more));
    }

    /** The median of up to {@link #PACE_EPOCHS} latest of {@code stageSeconds} (not empty). */
    static double pace(double[] stageSeconds) {
        return Benchmark.median(java.util.Arrays.copyOfRange(stageSeconds, Math.max(0, stageSeconds.length - PACE_EPOCHS), stageSeconds.length));
    }

    /** Makes the plan; {@code warmSeconds} and {@code probeSeconds} as in {@link #epochsThatFit}. */
    void planFrom(double warmSeconds, double probeSeconds) {
        double secondsLeft = Duration.between(Instant.now(), deadline).toMillis() / 1000.0;
        planned = epochsThatFit(warmSeconds, probeSeconds, probeBatches(batches), batches, secondsLeft, configured);
        if (planned < configured) runner.planSchedule((long) planned * batches, batches);
    }

    /** The epochs planned, 0 before the plan is made. */
    int planned() {
        return planned;
    }
}
