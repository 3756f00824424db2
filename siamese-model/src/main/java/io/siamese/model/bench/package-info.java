/** A benchmark harness that times training, single-image embedding and one-against-fifty verification of a preset on random data. */
package io.siamese.model.bench;
