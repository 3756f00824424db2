package io.siamese.model;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * A learning-rate schedule by update count: a linear warm-up over the first {@code warmupFraction} of the planned
 * updates, then a half cosine from the peak down to {@code finalFraction} of it at the last planned update, and that
 * final rate beyond. DL4J 1.0.0-M2.1 has no cosine schedule.
 *
 * <p>DL4J keeps schedules inside the graph configuration and counts updates there, so a checkpoint carries the
 * schedule's position and a resumed run continues it exactly. The plan ({@link #setPlannedIterations}) may change
 * while training, when a time budget shows that fewer epochs fit than configured: {@link SiameseNetwork#planSchedule}
 * sets it on every layer. Serialised by DL4J's Jackson through its getters and setters (no annotations; a field
 * without both is silently lost): keep the class name, package, properties and the public no-argument constructor.
 */
public class WarmupCosineSchedule implements ISchedule {

    private double initialValue;
    private double warmupFraction;
    private double finalFraction;
    private long plannedIterations;
    private long maxWarmupIterations;

    /** For Jackson. */
    public WarmupCosineSchedule() {
    }

    public WarmupCosineSchedule(double initialValue, double warmupFraction, double finalFraction, long plannedIterations) {
        this.initialValue = initialValue;
        this.warmupFraction = warmupFraction;
        this.finalFraction = finalFraction;
        this.plannedIterations = plannedIterations;
    }

    /** The rate at update {@code iteration} (from 0) of {@code planned}; the peak rate when nothing is planned yet. */
    static double value(double peak, double warmupFraction, double finalFraction, long planned, long iteration) {
        return value(peak, warmupFraction, finalFraction, planned, 0, iteration);
    }

    /**
     * As {@link #value(double, double, double, long, long)}, with the warm-up cut to {@code maxWarmup} updates when that
     * is positive: a plan that a time budget later shortens must not have spent its first epoch warming up for the
     * longer one.
     */
    static double value(double peak, double warmupFraction, double finalFraction, long planned, long maxWarmup, long iteration) {
        if (planned <= 0) return peak;
        long warmup = Math.round(warmupFraction * planned);
        if (maxWarmup > 0) warmup = Math.min(warmup, maxWarmup);
        if (iteration < warmup) return peak * (iteration + 1) / warmup;
        double progress = Math.min(1.0, (double) (iteration - warmup) / Math.max(1, planned - warmup));
        return peak * (finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return value(initialValue, warmupFraction, finalFraction, plannedIterations, maxWarmupIterations, iteration);
    }

    public long getPlannedIterations() {
        return plannedIterations;
    }

    public void setPlannedIterations(long plannedIterations) {
        this.plannedIterations = plannedIterations;
    }

    public long getMaxWarmupIterations() {
        return maxWarmupIterations;
    }

    public void setMaxWarmupIterations(long maxWarmupIterations) {
        this.maxWarmupIterations = maxWarmupIterations;
    }

    public double getInitialValue() {
        return initialValue;
    }

    public void setInitialValue(double initialValue) {
        this.initialValue = initialValue;
    }

    public double getWarmupFraction() {
        return warmupFraction;
    }

    public void setWarmupFraction(double warmupFraction) {
        this.warmupFraction = warmupFraction;
    }

    public double getFinalFraction() {
        return finalFraction;
    }

    public void setFinalFraction(double finalFraction) {
        this.finalFraction = finalFraction;
    }

    @Override
    public ISchedule clone() {
        WarmupCosineSchedule copy = new WarmupCosineSchedule(initialValue, warmupFraction, finalFraction, plannedIterations);
        copy.maxWarmupIterations = maxWarmupIterations;
        return copy;
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule[" + initialValue + ", warmup " + warmupFraction + " (at most " + maxWarmupIterations + "), final " + finalFraction
                + ", planned " + plannedIterations + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.initialValue == initialValue && s.warmupFraction == warmupFraction
                && s.finalFraction == finalFraction && s.plannedIterations == plannedIterations && s.maxWarmupIterations == maxWarmupIterations;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(initialValue) * 31 + Long.hashCode(plannedIterations);
    }
}
