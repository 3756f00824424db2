/** Verification of a face against a folder of reference images: cached reference embeddings, thresholds and the verdict. */
package io.siamese.app.verify;
