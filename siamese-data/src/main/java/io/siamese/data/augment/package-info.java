/** Seeded, composable DataVec image transforms and their presets: the original projects' photometric set, Koch et al.'s affine distortions and a mild face set. */
package io.siamese.data.augment;
