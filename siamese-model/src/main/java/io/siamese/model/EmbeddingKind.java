package io.siamese.model;

/** What the last layer of the tower gives the L1 vertex. */
public enum EmbeddingKind {
    /**
     * Dense layer with a sigmoid, as in Koch et al. (2015): every component in (0, 1). Saturates when the tower's
     * activations grow, which stalls training from scratch; model files written before this choice existed use it.
     */
    SIGMOID,
    /**
     * Dense layer without activation, then scaled to unit length (L2 norm 1): the embedding of face-recognition
     * networks. Distances stay comparable between images and training runs, and the tower can be pretrained as a
     * classifier of identities on the same dense layer.
     */
    NORMALIZED
}
