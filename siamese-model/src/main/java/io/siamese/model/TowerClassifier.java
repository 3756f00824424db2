package io.siamese.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Objects;

/**
 * The Siamese tower trained first as a classifier of the training identities: the same convolutions and embedding
 * layer, with the same names, followed by a softmax over the identities. Learning to tell hundreds of people (or
 * characters) apart at once shapes the embedding far faster than pairs do; {@link #toSiamese} then builds the
 * Siamese graph from the tower's weights, to be fine-tuned on pairs.
 */
public final class TowerClassifier {

    private final ModelSpec spec;
    private final OptimizerSpec optimizer;
    private final long seed;
    private final int classes;
    private final ComputationGraph graph;

    private TowerClassifier(ModelSpec spec, OptimizerSpec optimizer, long seed, int classes, ComputationGraph graph) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.seed = seed;
        this.classes = classes;
        this.graph = graph;
    }

    /** A plain softmax classifier over {@code classes} identities with freshly initialised weights (float32). */
    public static TowerClassifier create(ModelSpec spec, int classes, OptimizerSpec optimizer, long seed) {
        return create(spec, classes, 0, optimizer, seed);
    }

    /**
     * A classifier over {@code classes} identities; {@code featureScale > 0} makes it an L2-constrained softmax on the
     * unit-length embedding times that scale ({@link SiameseGraphs#classifier}).
     */
    public static TowerClassifier create(ModelSpec spec, int classes, double featureScale, OptimizerSpec optimizer, long seed) {
        return create(spec, classes, featureScale, 0, optimizer, seed);
    }

    /**
     * As {@link #create(ModelSpec, int, double, OptimizerSpec, long)}, with an additive cosine margin: {@code margin > 0}
     * makes it the additive-margin softmax (CosFace) on the scaled unit-length embedding ({@link SiameseGraphs#classifier}).
     */
    public static TowerClassifier create(ModelSpec spec, int classes, double featureScale, double margin, OptimizerSpec optimizer, long seed) {
        ComputationGraph graph = new ComputationGraph(SiameseGraphs.classifier(spec, classes, featureScale, margin, optimizer, seed, DataType.FLOAT));
        graph.init();
        return new TowerClassifier(spec, optimizer, seed, classes, graph);
    }

    /** A classifier from a saved configuration and parameters (used as storage, not copied). */
    static TowerClassifier restore(ModelSpec spec, OptimizerSpec optimizer, long seed, int classes, ComputationGraphConfiguration conf, INDArray params) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(params, false);
        return new TowerClassifier(spec, optimizer, seed, classes, graph);
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

    public int classes() {
        return classes;
    }

    /** The L2-constrained softmax's feature scale, or 0 for a plain softmax classifier (read from the graph). */
    public double featureScale() {
        return graph.getConfiguration().getVertices().get(Names.SCALED_EMBEDDING) instanceof ScaleVertex scale ? scale.getScaleFactor() : 0;
    }

    /** The additive cosine margin of the softmax, or 0 without one (read from the graph). */
    public double margin() {
        double scale = featureScale();
        return scale > 0 && graph.getConfiguration().getVertices().get(Names.CLASSES) instanceof LayerVertex vertex
                && vertex.getLayerConf().getLayer() instanceof BaseOutputLayer output && output.getLossFn() instanceof AdditiveMarginLoss loss
                ? loss.getMargin() / scale : 0;
    }

    /** The graph: input {@link Names#IMAGE}, output {@link Names#CLASSES} (softmax over the identities). */
    public ComputationGraph graph() {
        return graph;
    }

    /** The same weights under another optimizer (see {@link SiameseNetwork#withOptimizer}). */
    public TowerClassifier withOptimizer(OptimizerSpec newOptimizer) {
        TowerClassifier other = create(spec, classes, featureScale(), margin(), newOptimizer, seed);
        SiameseNetwork.carryOver(graph, other.graph);
        return other;
    }

    /** Plans the learning-rate schedule over {@code plannedIterations} updates (see {@link SiameseNetwork#planSchedule}). */
    public void planSchedule(long plannedIterations) {
        SiameseNetwork.planSchedule(graph, plannedIterations, 0);
    }

    /** As {@link #planSchedule(long)}, with the warm-up at most {@code maxWarmupIterations} updates (0: no cap). */
    public void planSchedule(long plannedIterations, long maxWarmupIterations) {
        SiameseNetwork.planSchedule(graph, plannedIterations, maxWarmupIterations);
    }

    /** The learning rate the next update will use. */
    public double currentLearningRate() {
        return SiameseNetwork.currentLearningRate(graph);
    }

    /**
     * A new Siamese network (fresh optimizer state, seeded head) whose tower holds a copy of this classifier's tower
     * weights, batch-normalisation statistics included: the same embedding for every image.
     */
    public SiameseNetwork toSiamese(OptimizerSpec siameseOptimizer, long siameseSeed) {
        SiameseNetwork network = SiameseNetwork.create(spec, siameseOptimizer, siameseSeed);
        copyTower(graph, network.graph());
        return network;
    }

    /**
     * Overwrites this classifier's tower (convolutions, batch-normalisation statistics, embedding layer) with a copy of
     * {@code source}'s: transfer learning, for example from a network trained on thousands of other people. The
     * softmax layer and the optimizer's state are left as they are.
     *
     * @throws IllegalArgumentException when {@code source}'s tower has another shape (preset, input size or channels)
     */
    public TowerClassifier startFrom(SiameseNetwork source) {
        copyTower(source.graph(), graph);
        return this;
    }

    /**
     * Copies every tower layer's parameters of {@code to} (all its layers but the Siamese head and the softmax) from the
     * layer of the same name in {@code from}.
     */
    static void copyTower(ComputationGraph from, ComputationGraph to) {
        int copied = 0;
        for (Layer target : to.getLayers()) {
            String name = target.getConfig().getLayerName();
            if (name.equals(Names.SCORE) || name.equals(Names.CLASSES)) continue;
            Layer source = from.getLayer(name);
            if (source == null) throw new IllegalArgumentException("the source network has no tower layer " + name);
            for (Map.Entry<String, INDArray> param : source.paramTable().entrySet()) {
                INDArray current = target.getParam(param.getKey());
                if (current == null || !java.util.Arrays.equals(current.shape(), param.getValue().shape())) {
                    throw new IllegalArgumentException("tower layer " + name + " parameter " + param.getKey() + " has shape "
                            + java.util.Arrays.toString(param.getValue().shape()) + " in the source, not "
                            + (current == null ? "absent" : java.util.Arrays.toString(current.shape())) + ": another preset, input size or channels");
                }
                target.setParam(param.getKey(), param.getValue());
                copied++;
            }
        }
        if (copied == 0) throw new IllegalStateException("no tower parameter was copied");
    }
}
