/** Run-time choice of ND4J's CPU build: the oneDNN layer helpers when this CPU and the classpath allow them, the plain path otherwise. */
package io.siamese.model.cpu;
