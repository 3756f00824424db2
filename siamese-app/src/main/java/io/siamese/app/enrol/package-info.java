/** Enrolment: saving face crops from live frames as anchor, positive and reference images. */
package io.siamese.app.enrol;
