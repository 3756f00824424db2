/** The ./siamese command line: quickstart, train, evaluate, verify, app, bench, experiment and import-lfw. */
package io.siamese.experiments.cli;
