/** The Siamese network: presets, graph construction with one shared embedding tower, the L1 vertex, model files and the embed/score/verify facade. */
package io.siamese.model;
