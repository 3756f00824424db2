/** Floors: no-training baselines (raw-pixel L1, LBP histograms, Modified Hausdorff distance) scored on the same pairs and trials as a trained model, so every result can stand beside what learning nothing achieves. */
package io.siamese.training.floor;
