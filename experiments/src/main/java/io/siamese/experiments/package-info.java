/** Notebook-style experiments: each class answers one question, has a main that calls a testable run(config), and writes its results to experiments/results/NAME/TIMESTAMP. */
package io.siamese.experiments;
