package io.siamese.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A trainable Siamese {@link ComputationGraph} together with the spec it was built from, and an embedding-only graph
 * whose parameters are a live view of the Siamese graph's tower (no copy, always in step with training).
 */
public final class SiameseNetwork {

    /** DL4J's L2NormalizeVertex default epsilon. */
    private static final double L2_EPS = L2NormalizeVertex.DEFAULT_EPS;

    private final ModelSpec spec;
    private final OptimizerSpec optimizer;
    private final long seed;
    private final ComputationGraph graph;
    private ComputationGraph embeddingGraph;
    private ComputationGraph featureGraph;

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

    /**
     * A network from a saved configuration and parameters; the array is used as the parameter storage, not copied.
     * Max-pooling layers of configurations saved before the tower used {@link MaxPoolingVertex} are replaced by that
     * vertex (same function, no parameters, so the parameters fit unchanged).
     */
    static SiameseNetwork restore(ModelSpec spec, OptimizerSpec optimizer, long seed, ComputationGraphConfiguration conf, INDArray params) {
        SiameseGraphs.withPoolingVertices(conf);
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(params, false);
        return new SiameseNetwork(spec, optimizer, seed, graph);
    }

    /**
     * The same weights under another optimizer (a resumed run whose optimizer or learning rate was overridden): a new
     * graph with this one's parameters, update and epoch counters, and optimizer state when both optimizers keep state
     * of the same size (Adam with another learning rate, say); otherwise the new optimizer starts from fresh state.
     */
    public SiameseNetwork withOptimizer(OptimizerSpec newOptimizer) {
        SiameseNetwork other = create(spec, newOptimizer, seed);
        carryOver(graph, other.graph);
        return other;
    }

    /** Copies parameters, counters and (when it fits) optimizer state from one graph to another of the same shape. */
    static void carryOver(ComputationGraph from, ComputationGraph to) {
        to.setParams(from.params());
        to.getConfiguration().setIterationCount(from.getConfiguration().getIterationCount());
        to.getConfiguration().setEpochCount(from.getConfiguration().getEpochCount());
        INDArray state = from.getUpdater() == null ? null : from.getUpdater().getStateViewArray();
        INDArray target = to.getUpdater() == null ? null : to.getUpdater().getStateViewArray();
        if (state != null && target != null && state.length() == target.length()) target.assign(state);
    }

    /**
     * A model soup (Wortsman et al. 2022): a new network whose every parameter, batch-normalisation statistics
     * included, is the mean of the members' (runs fine-tuned from the same starting tower with other seeds). It has
     * the first member's spec, optimizer and seed, with fresh optimizer state. The members are not changed.
     *
     * @throws IllegalArgumentException when there are no members or their specs differ
     */
    public static SiameseNetwork average(List<SiameseNetwork> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("a soup needs at least one member");
        SiameseNetwork first = members.get(0);
        INDArray sum = first.graph.params().dup();
        for (SiameseNetwork member : members.subList(1, members.size())) {
            if (!member.spec.equals(first.spec)) {
                throw new IllegalArgumentException("soup members differ: " + member.spec.describe() + " vs " + first.spec.describe());
            }
            sum.addi(member.graph.params());
        }
        SiameseNetwork soup = create(first.spec, first.optimizer, first.seed);
        soup.graph.setParams(sum.divi(members.size()));
        return soup;
    }

    /**
     * Overwrites this network's tower with a copy of {@code source}'s (see {@link TowerClassifier#startFrom}); the
     * head and the optimizer's state are left as they are.
     *
     * @throws IllegalArgumentException when {@code source}'s tower has another shape
     */
    public SiameseNetwork startFrom(SiameseNetwork source) {
        TowerClassifier.copyTower(source.graph(), graph);
        return this;
    }

    /**
     * The same graph and parameters (not copied) under {@code inference}, a spec that differs from this network's in
     * its test-time shift averaging, zoom and rotation averaging at most: how the trainer hands over a network trained
     * and validated without them.
     *
     * @throws IllegalArgumentException when {@code inference} differs in anything else
     */
    public SiameseNetwork withInferenceSpec(ModelSpec inference) {
        if (!inference.forTraining().equals(spec.forTraining())) {
            throw new IllegalArgumentException("only the test-time shift, zoom and rotation may differ: " + inference.describe() + " vs " + spec.describe());
        }
        return inference.equals(spec) ? this : new SiameseNetwork(inference, optimizer, seed, graph);
    }

    /** The same graph and parameters read out under another spec (tests: mirror averaging on or off). */
    static SiameseNetwork restoreForTest(ModelSpec spec, SiameseNetwork network) {
        return new SiameseNetwork(spec, network.optimizer, network.seed, network.graph);
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
     * The embedding-only graph (input {@link Names#IMAGE}, output the embedding: {@link Names#EMBEDDING}, or
     * {@link Names#EMBEDDING_NORMALIZED} for unit-length embeddings). Its parameters are a view
     * of this network's tower parameters, so it needs no synchronisation after training.
     */
    public synchronized ComputationGraph embeddingGraph() {
        if (embeddingGraph == null) {
            embeddingGraph = graphOnParameterPrefix(SiameseGraphs.embedding(spec, graph.getConfiguration().getDataType()), towerParameterCount());
        }
        return embeddingGraph;
    }

    /**
     * The convolution tower without the embedding layer (input {@link Names#IMAGE}, output the last feature maps).
     * Like {@link #embeddingGraph()}, its parameters are a view of this network's.
     */
    synchronized ComputationGraph featureGraph() {
        if (featureGraph == null) {
            long n = towerParameterCount() - graph.getLayer(Names.EMBEDDING).numParams();
            featureGraph = graphOnParameterPrefix(SiameseGraphs.features(spec, graph.getConfiguration().getDataType()), n);
        }
        return featureGraph;
    }

    /** A graph whose {@code n} parameters are a view of the first {@code n} parameters of the Siamese graph. */
    private ComputationGraph graphOnParameterPrefix(ComputationGraphConfiguration conf, long n) {
        ComputationGraph g = new ComputationGraph(conf);
        INDArray all = graph.params();
        INDArray prefix = all.rank() == 2
                ? all.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, n))
                : all.get(NDArrayIndex.interval(0, n)).reshape(1, n);
        g.init(prefix, false);
        if (g.numParams() != n) throw new IllegalStateException("expected " + n + " parameters in the sub-graph, got " + g.numParams());
        return g;
    }

    /**
     * Embeddings of a batch of images {@code [N, C, H, W]} in [0, 1]: one tower pass per image. Returns {@code [N, E]}.
     * A single image (the live-verification path) takes {@link #embedOne}, which gives the same embedding faster.
     */
    public INDArray embed(INDArray images) {
        checkImages(images, "images");
        double zoom = spec.testTimeZoom(), degrees = spec.testTimeRotation();
        INDArray sum = embedZoomed(zoom != 1 ? zoomed(images, zoom) : images);
        if (degrees == 0) return sum;
        // The mean over the zoomed image and it rotated either way (each zoom and rotation one resampling).
        for (double angle : new double[] {-degrees, degrees}) sum.addi(embedZoomed(resampled(images, zoom, angle)));
        return spec.embeddingKind() == EmbeddingKind.NORMALIZED ? unitRows(sum) : sum.divi(3);
    }

    /** The embedding of images already zoomed and rotated: with the shift (and mirror) averaging when the spec says so. */
    private INDArray embedZoomed(INDArray images) {
        int d = spec.testTimeShift();
        if (d == 0) return embedInPlace(images);
        // The mean over the image where it is and moved by d pixels each way (each with its mirror image).
        INDArray sum = embedInPlace(images);
        for (int[] move : new int[][] {{0, d}, {0, -d}, {d, 0}, {-d, 0}}) sum.addi(embedInPlace(shifted(images, move[0], move[1])));
        return spec.embeddingKind() == EmbeddingKind.NORMALIZED ? unitRows(sum) : sum.divi(5);
    }

    /**
     * The images {@code [N, C, H, W]} scaled by {@code zoom} about their centre, as a new array: output pixel
     * {@code (y, x)} is the bilinear sample of the input at {@code ((y - cy) / zoom + cy, (x - cx) / zoom + cx)}, clamped
     * to the image, so a zoom below 1 shrinks the content and repeats the edges into the border it leaves.
     */
    static INDArray zoomed(INDArray images, double zoom) {
        return resampled(images, zoom, 0);
    }

    /**
     * The images {@code [N, C, H, W]} scaled by {@code zoom} and rotated by {@code degrees} about their centre in one
     * bilinear resampling, as a new array: output pixel {@code (y, x)} samples the input at the point whose offset from
     * the centre is {@code R(degrees) ((y - cy) / zoom, (x - cx) / zoom)}, clamped to the image (edges repeated). At 0
     * degrees this is {@link #zoomed}.
     */
    static INDArray resampled(INDArray images, double zoom, double degrees) {
        int n = (int) images.size(0), c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        float[] in = images.dup('c').data().asFloat();
        float[] out = new float[in.length];
        // Where each output pixel samples, and its bilinear weights, are the same for every plane.
        int[] i00 = new int[h * w], i01 = new int[h * w], i10 = new int[h * w], i11 = new int[h * w];
        float[] fy = new float[h * w], fx = new float[h * w];
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0, t = Math.toRadians(degrees), cos = Math.cos(t), sin = Math.sin(t);
        for (int y = 0, p = 0; y < h; y++) {
            for (int x = 0; x < w; x++, p++) {
                double dy = (y - cy) / zoom, dx = (x - cx) / zoom;
                double sy = Math.min(h - 1, Math.max(0, cos * dy - sin * dx + cy));
                double sx = Math.min(w - 1, Math.max(0, sin * dy + cos * dx + cx));
                int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx), y1 = Math.min(h - 1, y0 + 1), x1 = Math.min(w - 1, x0 + 1);
                i00[p] = y0 * w + x0;
                i01[p] = y0 * w + x1;
                i10[p] = y1 * w + x0;
                i11[p] = y1 * w + x1;
                fy[p] = (float) (sy - y0);
                fx[p] = (float) (sx - x0);
            }
        }
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * h * w;
            for (int p = 0; p < h * w; p++) {
                float top = in[base + i00[p]] + fx[p] * (in[base + i01[p]] - in[base + i00[p]]);
                float bottom = in[base + i10[p]] + fx[p] * (in[base + i11[p]] - in[base + i10[p]]);
                out[base + p] = top + fy[p] * (bottom - top);
            }
        }
        return Nd4j.create(out, images.shape(), 'c').castTo(images.dataType());
    }

    /** The embedding of the images where they are: with their mirror images' when the spec says so. */
    private INDArray embedInPlace(INDArray images) {
        if (!spec.testTimeFlip()) return embedAsIs(images);
        // The mean of the image's and its mirror image's embeddings.
        INDArray mirrored = mirrored(images);
        INDArray mean = embedAsIs(images).addi(embedAsIs(mirrored)).muli(0.5);
        return spec.embeddingKind() == EmbeddingKind.NORMALIZED ? unitRows(mean) : mean;
    }

    /**
     * The images {@code [N, C, H, W]} moved {@code dy} pixels down and {@code dx} right (negative: up, left), the
     * edge rows and columns repeated into the space left behind, as a new array: one row or column copy each.
     */
    static INDArray shifted(INDArray images, int dy, int dx) {
        long height = images.size(2), width = images.size(3);
        INDArray out = dy == 0 ? images : remapped(images, 2, y -> Math.min(height - 1, Math.max(0, y - dy)));
        out = dx == 0 ? out : remapped(out, 3, x -> Math.min(width - 1, Math.max(0, x - dx)));
        return out == images ? images.dup() : out;
    }

    /**
     * The images {@code [N, C, H, W]} flipped along their width, as a new array: one column copy per column.
     * Not libnd4j's {@code reverse} op: in 1.0.0-M2.1 it leaks the sub-array objects it makes, one per image row
     * (about 1.7 MB per call on 64 images of 64x64), and resident memory grew fold after fold on LFW (MirrorTest).
     */
    static INDArray mirrored(INDArray images) {
        long width = images.size(3);
        return remapped(images, 3, x -> width - 1 - x);
    }

    /** A new array whose row ({@code axis} 2) or column ({@code axis} 3) {@code i} is the images' {@code from(i)}. */
    private static INDArray remapped(INDArray images, int axis, java.util.function.LongUnaryOperator from) {
        INDArray out = Nd4j.createUninitialized(images.dataType(), images.shape(), 'c');
        for (long i = 0; i < images.size(axis); i++) {
            slice(out, axis, i).assign(slice(images, axis, from.applyAsLong(i)));
        }
        return out;
    }

    private static INDArray slice(INDArray images, int axis, long i) {
        return axis == 2 ? images.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all())
                : images.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i));
    }

    private INDArray embedAsIs(INDArray images) {
        if (images.size(0) == 1) return embedOne(images);
        return embeddingGraph().outputSingle(false, images);
    }

    /** Each row scaled to unit length, as DL4J's L2NormalizeVertex does: {@code x / max(|x|, 1e-8)}. */
    private static INDArray unitRows(INDArray rows) {
        INDArray norms = Transforms.max(rows.norm2(1), L2_EPS, false).reshape(rows.size(0), 1);
        return rows.diviColumnVector(norms);
    }

    /**
     * The embedding of one image {@code [1, C, H, W]}: the convolutions through {@link #featureGraph()}, then the
     * embedding layer, {@code sigmoid(features . W + b)} (or {@code features . W + b} scaled to unit length),
     * computed here as a matrix-vector product. DL4J's dense layer
     * multiplies a {@code [1, F]} matrix, which libnd4j 1.0.0-M2.1 hands to a general matrix product; with a rank-1
     * vector it takes the matrix-vector path, which for the Koch layer ({@code 9216 x 4096}, 151 MB of weights read once)
     * is about 3x faster (measured in {@code docs/performance.md}).
     */
    INDArray embedOne(INDArray image) {
        INDArray features = featureGraph().outputSingle(false, image);
        // DL4J's CnnToFeedForwardPreProcessor flattens [1, C, H, W] in C order; the weights expect that order.
        INDArray flat = features.reshape('c', new long[] {features.length()});
        // The Siamese graph's own embedding parameters (the sub-graphs hold views of the same memory).
        INDArray weights = graph.getParam(Names.weights(Names.EMBEDDING));
        INDArray bias = graph.getParam(Names.bias(Names.EMBEDDING));
        INDArray embedding = Nd4j.create(weights.dataType(), weights.size(1));
        Nd4j.exec(new Mmul(flat, weights, embedding, null));
        embedding.addi(bias.reshape(embedding.length()));
        INDArray row = embedding.reshape(1, embedding.length());
        return spec.embeddingKind() == EmbeddingKind.NORMALIZED ? unitRows(row) : Transforms.sigmoid(row, false);
    }

    /**
     * Plans the learning-rate schedule of this network's training: a {@link WarmupCosineSchedule} warms up over, and
     * decays to its final rate at the end of, {@code plannedIterations} updates. Set on every layer (DL4J gives each
     * layer its own copy of the updater), so the plan is saved with the graph's configuration in every checkpoint. No
     * effect with a constant rate.
     */
    public void planSchedule(long plannedIterations) {
        planSchedule(graph, plannedIterations, 0);
    }

    /** As {@link #planSchedule(long)}, with the warm-up at most {@code maxWarmupIterations} updates (0: no cap). */
    public void planSchedule(long plannedIterations, long maxWarmupIterations) {
        planSchedule(graph, plannedIterations, maxWarmupIterations);
    }

    /** {@link #planSchedule(long, long)} for any graph built with an {@link OptimizerSpec}, such as the pretraining classifier. */
    static void planSchedule(ComputationGraph graph, long plannedIterations, long maxWarmupIterations) {
        for (Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer base && base.getIUpdater() instanceof Adam adam
                    && adam.getLearningRateSchedule() instanceof WarmupCosineSchedule schedule) {
                schedule.setPlannedIterations(plannedIterations);
                schedule.setMaxWarmupIterations(maxWarmupIterations);
            }
        }
    }

    /** The learning rate the next update will use (the embedding layer's, which every tower layer shares). */
    public double currentLearningRate() {
        return currentLearningRate(graph);
    }

    static double currentLearningRate(ComputationGraph graph) {
        IUpdater updater = ((BaseLayer) graph.getLayer(Names.EMBEDDING).conf().getLayer()).getIUpdater();
        return updater.hasLearningRate() ? updater.getLearningRate(graph.getConfiguration().getIterationCount(),
                graph.getConfiguration().getEpochCount()) : Double.NaN;
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
