package io.siamese.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Tiny specs and random images for fast model tests. */
final class TinySpecs {

    /** 12x12 grayscale, conv 4@3x3 + pool, conv 6@3x3, embedding 8: a few hundred parameters. */
    static ModelSpec tiny() {
        return new ModelSpec("tiny", 12, 12, 1, List.of(new ConvSpec(4, 3, true), new ConvSpec(6, 3, false)), 8);
    }

    /**
     * The face preset's layout in miniature: 16x16 grayscale, two padded 3x3 convolutions with batch normalisation and
     * pooling, a unit-length embedding of 8 averaged with the mirror image's.
     */
    static ModelSpec tinyNormalized() {
        return new ModelSpec("tiny-bn", 16, 16, 1, List.of(new ConvSpec(4, 3, true, true), new ConvSpec(6, 3, true, true)), 8,
                true, EmbeddingKind.NORMALIZED, true);
    }

    /** Seeded uniform images in [0, 1] of the spec's shape. */
    static INDArray images(ModelSpec spec, int n, long seed) {
        return images(spec, n, seed, DataType.FLOAT);
    }

    static INDArray images(ModelSpec spec, int n, long seed, DataType type) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        return Nd4j.rand(rng, n, spec.channels(), spec.height(), spec.width()).castTo(type);
    }

    private TinySpecs() {
    }
}
