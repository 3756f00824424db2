package io.siamese.experiments;

import java.time.Duration;
import java.time.Instant;

/**
 * A training time budget shared by several runs of one experiment (variants, folds): each run that starts gets an
 * equal share of what is left. Without a budget every run trains all its epochs.
 */
final class Budget {

    private final Double minutes;
    private final Instant start;

    /** Starts the clock; {@code minutes} may be null for no budget. */
    Budget(Double minutes) {
        this.minutes = minutes;
        this.start = Instant.now();
    }

    /** The deadline of the next run when {@code runsLeft} runs (this one included) still have to share the budget, or null. */
    Instant nextDeadline(int runsLeft) {
        if (minutes == null) return null;
        double secondsLeft = minutes * 60 - Duration.between(start, Instant.now()).toMillis() / 1000.0;
        return Instant.now().plusMillis((long) (Math.max(0, secondsLeft) / Math.max(1, runsLeft) * 1000));
    }

    /** Minutes since the clock started. */
    double elapsedMinutes() {
        return Duration.between(start, Instant.now()).toMillis() / 60_000.0;
    }
}
