/** Labeled Faces in the Wild: the image tree, the official pairs.txt folds, and importing LFW into the original projects' data/negative folder. */
package io.siamese.data.lfw;
