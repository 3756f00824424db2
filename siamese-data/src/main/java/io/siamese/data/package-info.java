/** Images in, tensors out: the one preprocessing used by training and the app, datasets, pair sampling and the pair iterator. */
package io.siamese.data;
