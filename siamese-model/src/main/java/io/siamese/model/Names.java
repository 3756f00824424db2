package io.siamese.model;

/** Vertex, layer and input names of the Siamese graph, in one place so no other module repeats a string literal. */
public final class Names {
    /** The first image of a pair. */
    public static final String LEFT = "left";
    /** The second image of a pair. */
    public static final String RIGHT = "right";
    /** The single input of the embedding-only graph. */
    public static final String IMAGE = "image";
    /** Concatenates left and right along the batch so the tower runs once with one set of weights. */
    public static final String PAIR = "pair";
    /** The embedding layer (the dense layer that ends the shared tower; its output is the embedding unless normalised). */
    public static final String EMBEDDING = "embedding";
    /** Scales the embedding layer's output to unit length ({@link EmbeddingKind#NORMALIZED} towers only). */
    public static final String EMBEDDING_NORMALIZED = "embedding_l2";
    /** The unit-length embedding times a constant, read by an L2-constrained softmax classifier ({@link TowerClassifier}). */
    public static final String SCALED_EMBEDDING = "embedding_scaled";
    /** The softmax over training identities that pretrains the tower as a classifier ({@link TowerClassifier}). */
    public static final String CLASSES = "classes";
    public static final String LEFT_EMBEDDING = "left_embedding";
    public static final String RIGHT_EMBEDDING = "right_embedding";
    /** The L1 vertex, |left - right| element-wise. */
    public static final String DISTANCE = "distance";
    /** Dense(1, sigmoid) output: the probability that both images show the same identity. */
    public static final String SCORE = "score";

    /** Name of the i-th (1-based) convolution layer of the tower. */
    public static String conv(int i) {
        return "conv" + i;
    }

    /** Name of the batch normalisation after the i-th (1-based) convolution. */
    public static String batchNorm(int i) {
        return "bn" + i;
    }

    /** Name of the ReLU after the i-th (1-based) convolution, when batch normalisation separates them. */
    public static String relu(int i) {
        return "relu" + i;
    }

    /** The vertex whose output is the embedding of a tower of the given kind. */
    public static String embeddingOutput(EmbeddingKind kind) {
        return kind == EmbeddingKind.NORMALIZED ? EMBEDDING_NORMALIZED : EMBEDDING;
    }

    /** Name of the max-pooling layer after the i-th (1-based) convolution. */
    public static String pool(int i) {
        return "pool" + i;
    }

    /** The weight parameter key of a layer, as DL4J's param table names it. */
    public static String weights(String layer) {
        return layer + "_W";
    }

    /** The bias parameter key of a layer, as DL4J's param table names it. */
    public static String bias(String layer) {
        return layer + "_b";
    }

    private Names() {
    }
}
