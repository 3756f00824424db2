/** The live face-ID window and the {@code app} and {@code verify} commands that start it or verify one image headless. */
package io.siamese.app;
