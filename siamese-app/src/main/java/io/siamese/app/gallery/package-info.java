/** A gallery of people on disk ({@code people/NAME/*.jpg}) and enrolment of photos into it, each checked for exactly one face. */
package io.siamese.app.gallery;
