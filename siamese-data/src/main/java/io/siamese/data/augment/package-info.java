/** Seeded, composable DataVec image transforms: the original projects' photometric augmentation and Koch et al.'s affine distortions. */
package io.siamese.data.augment;
