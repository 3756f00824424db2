/** Face detection and square face crops with OpenCV's Haar cascade shipped inside the OpenCV jar. */
package io.siamese.data.face;
