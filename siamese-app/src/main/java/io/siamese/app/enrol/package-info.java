/** Enrolment: saving face crops from live frames as anchor, positive and reference images, a named person's into the gallery of people. */
package io.siamese.app.enrol;
