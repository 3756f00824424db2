package io.siamese.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable Siamese {@link ComputationGraph} together with the spec it was built from, and an embedding-only graph
 * whose parameters are a live view of the Siamese graph's tower (no copy, always in step with training).
 */
public final class SiameseNetwork {

    private final ModelSpec spec;
    private final OptimizerSpec optimizer;
    private final long seed;
    private final ComputationGraph graph;
    private ComputationGraph embeddingGraph;

    private SiameseNetwork(ModelSpec spec, OptimizerSpec optimizer, long seed, ComputationGraph graph) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.seed = seed;
        this.graph = graph;
    }

    /** A new network with freshly initialised weights (float32). The same seed gives the same weights. */
    public static SiameseNetwork create(ModelSpec spec, OptimizerSpec optimizer, long seed) {
        ComputationGraph graph = new ComputationGraph(SiameseGraphs.siamese(spec, optimizer, seed, DataType.FLOAT));
        graph.init();
        return new SiameseNetwork(spec, optimizer, seed, graph);
    }

    /** A network from a saved configuration and parameters; the array is used as the parameter storage, not copied. */
    static SiameseNetwork restore(ModelSpec spec, OptimizerSpec optimizer, long seed, ComputationGraphConfiguration conf, INDArray params) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(params, false);
        return new SiameseNetwork(spec, optimizer, seed, graph);
    }

    public ModelSpec spec() {
        return spec;
    }

    public OptimizerSpec optimizer() {
        return optimizer;
    }

    public long seed() {
        return seed;
    }

    /** The Siamese graph (inputs {@link Names#LEFT}, {@link Names#RIGHT}; output {@link Names#SCORE}). */
    public ComputationGraph graph() {
        return graph;
    }

    /**
     * The embedding-only graph (input {@link Names#IMAGE}, output {@link Names#EMBEDDING}). Its parameters are a view
     * of this network's tower parameters, so it needs no synchronisation after training.
     */
    public synchronized ComputationGraph embeddingGraph() {
        if (embeddingGraph == null) {
            ComputationGraph g = new ComputationGraph(SiameseGraphs.embedding(spec, graph.getConfiguration().getDataType()));
            long n = towerParameterCount();
            INDArray all = graph.params();
            INDArray prefix = all.rank() == 2
                    ? all.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, n))
                    : all.get(NDArrayIndex.interval(0, n)).reshape(1, n);
            g.init(prefix, false);
            embeddingGraph = g;
        }
        return embeddingGraph;
    }

    /** Embeddings of a batch of images {@code [N, C, H, W]} in [0, 1]: one tower pass per image. Returns {@code [N, E]}. */
    public INDArray embed(INDArray images) {
        checkImages(images, "images");
        return embeddingGraph().outputSingle(false, images);
    }

    /** Same-identity probabilities for N pairs through the full graph. Returns {@code [N, 1]}. */
    public INDArray scorePairs(INDArray left, INDArray right) {
        checkImages(left, "left");
        checkImages(right, "right");
        if (left.size(0) != right.size(0)) {
            throw new IllegalArgumentException("left and right batches must have the same size, got " + left.size(0) + " and " + right.size(0));
        }
        return graph.outputSingle(false, left, right);
    }

    /** The weights of the Dense(1, sigmoid) head over the L1 distance, as a copy. */
    public float[] headWeights() {
        return graph.getParam(Names.weights(Names.SCORE)).toFloatVector();
    }

    /** The bias of the head. */
    public double headBias() {
        return graph.getParam(Names.bias(Names.SCORE)).getDouble(0);
    }

    /** Parameters of the tower (everything before the head). */
    public long towerParameterCount() {
        return graph.numParams() - graph.getLayer(Names.SCORE).numParams();
    }

    /** Throws a clear message unless the array is a batch of images of this network's input shape. */
    public void checkImages(INDArray images, String what) {
        long[] expected = {images.rank() == 4 ? images.size(0) : -1, spec.channels(), spec.height(), spec.width()};
        if (images.rank() != 4 || images.size(1) != spec.channels() || images.size(2) != spec.height() || images.size(3) != spec.width()) {
            throw new IllegalArgumentException(what + " must have shape [N, " + spec.channels() + ", " + spec.height() + ", " + spec.width()
                    + "] for preset " + spec.preset() + ", got " + Arrays.toString(images.shape())
                    + (images.rank() == 4 ? "" : " (expected rank 4, " + Arrays.toString(expected) + ")"));
        }
    }
}
