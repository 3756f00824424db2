/** Training: the epoch loop, checkpoints and exact resume, verification and one-shot metrics, CSV and XChart reports, threshold calibration. */
package io.siamese.training;
