/** Open-set identification against a gallery of people: who is this, or nobody enrolled, from one frame or the last N frames with a face. */
package io.siamese.app.identify;
