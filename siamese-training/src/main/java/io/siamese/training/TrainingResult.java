package io.siamese.training;

import io.siamese.model.SiameseModel;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished run leaves.
 *
 * @param runDir          the run folder
 * @param model           the best model, calibrated
 * @param modelPath       {@code RUN/model.zip}
 * @param history         every epoch's metrics (including those before a resume)
 * @param bestEpoch       the epoch whose weights {@code model} has
 * @param resumedFrom     the epoch training resumed after, or 0
 * @param stoppedEarly    true when early stopping ended the run
 * @param validation      verification metrics on the validation pairs at the calibrated threshold
 */
public record TrainingResult(Path runDir, SiameseModel model, Path modelPath, List<EpochMetrics> history, int bestEpoch,
                             int resumedFrom, boolean stoppedEarly, Evaluation.VerificationReport validation) {
}
