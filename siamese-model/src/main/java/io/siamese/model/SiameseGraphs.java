package io.siamese.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.constraint.UnitNormConstraint;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the two graph configurations of a {@link ModelSpec}.
 *
 * <p>The Siamese graph: inputs {@code left} and {@code right} are stacked along the batch ({@code [2N, C, H, W]}),
 * ONE convolution tower and embedding layer run over the stack (one set of weights for both images), the result is
 * split back into the left and right halves, the L1 vertex takes {@code |e1 - e2|}, and Dense(1, sigmoid) trained
 * with binary cross-entropy gives the probability of "same identity". The tower's 2x2 max pooling runs in
 * {@link MaxPoolingVertex} vertices named {@code pool1}, {@code pool2}, ... rather than in DL4J's pooling layer: the
 * same function, several times faster where oneDNN is on. With batch normalisation each convolution is followed by
 * its normalisation, the pooling and then the ReLU; a {@link EmbeddingKind#NORMALIZED} tower ends in a unit-length
 * vertex after the (linear) embedding layer.
 *
 * <p>The embedding graph: the same tower with the same layer names behind a single input. Its flattened
 * parameters are a prefix of the Siamese graph's, which lets {@link SiameseNetwork} give it a view of the Siamese
 * parameters: embedding one image runs the tower once, not twice.
 */
public final class SiameseGraphs {

    private SiameseGraphs() {
    }

    /** The trainable Siamese graph configuration. */
    public static ComputationGraphConfiguration siamese(ModelSpec spec, OptimizerSpec optimizer, long seed, DataType dataType) {
        return siamese(spec, updater(optimizer), optimizer.l2(), optimizer.weightDecay(), optimizer.frozenBlocks(), seed, dataType);
    }

    /** The Siamese graph with an explicit DL4J updater (gradient checks need {@code NoOp}). */
    static ComputationGraphConfiguration siamese(ModelSpec spec, IUpdater updater, double l2, long seed, DataType dataType) {
        return siamese(spec, updater, l2, 0, 0, seed, dataType);
    }

    private static ComputationGraphConfiguration siamese(ModelSpec spec, IUpdater updater, double l2, double weightDecay, int frozenBlocks,
                                                         long seed, DataType dataType) {
        InputType image = InputType.convolutional(spec.height(), spec.width(), spec.channels());
        ComputationGraphConfiguration.GraphBuilder b = base(updater, l2, weightDecay, seed, dataType)
                .addInputs(Names.LEFT, Names.RIGHT)
                .setInputTypes(image, image)
                .addVertex(Names.PAIR, new StackVertex(), Names.LEFT, Names.RIGHT);
        String embedding = tower(b, spec, Names.PAIR, true, frozenBlocks);
        return b.addVertex(Names.LEFT_EMBEDDING, new UnstackVertex(0, 2), embedding)
                .addVertex(Names.RIGHT_EMBEDDING, new UnstackVertex(1, 2), embedding)
                .addVertex(Names.DISTANCE, new L1DistanceVertex(), Names.LEFT_EMBEDDING, Names.RIGHT_EMBEDDING)
                .addLayer(Names.SCORE, new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nIn(spec.embeddingSize()).nOut(1).activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(),
                        Names.DISTANCE)
                .setOutputs(Names.SCORE)
                .build();
    }

    /** The inference-only embedding graph: one image in, its embedding out. */
    public static ComputationGraphConfiguration embedding(ModelSpec spec, DataType dataType) {
        ComputationGraphConfiguration.GraphBuilder b = singleImage(spec, dataType);
        return b.setOutputs(tower(b, spec, Names.IMAGE, true, 0)).build();
    }

    /**
     * The pretraining graph: the same tower with the same layer names behind a single input, then a softmax over
     * {@code classes} training identities, trained with cross-entropy. With {@code featureScale} 0 the softmax reads
     * the embedding layer's output as it is (a plain classifier); with {@code featureScale > 0} it reads the
     * unit-length embedding times that scale, without a bias (the L2-constrained softmax of Ranjan et al. 2017): the
     * classifier then trains the very embedding verification compares, and every identity must be told apart by
     * direction alone. Its tower parameters have the same names and shapes as the Siamese graph's, so
     * {@link TowerClassifier#toSiamese} moves them over by name. With {@code margin > 0} (which needs
     * {@code featureScale > 0}) the softmax is the additive-margin softmax (CosFace): the class weights are kept unit
     * length after every update, so a logit is the scale times a cosine, and training takes {@code featureScale * margin}
     * off the true class's logit ({@link AdditiveMarginLoss}).
     */
    public static ComputationGraphConfiguration classifier(ModelSpec spec, int classes, double featureScale, OptimizerSpec optimizer, long seed,
                                                           DataType dataType) {
        return classifier(spec, classes, featureScale, 0, optimizer, seed, dataType);
    }

    /** {@link #classifier(ModelSpec, int, double, OptimizerSpec, long, DataType)} with an additive cosine margin (0: none). */
    public static ComputationGraphConfiguration classifier(ModelSpec spec, int classes, double featureScale, double margin, OptimizerSpec optimizer,
                                                           long seed, DataType dataType) {
        if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        if (!(featureScale >= 0)) throw new IllegalArgumentException("featureScale must be >= 0, got " + featureScale);
        if (!(margin >= 0 && margin < 1)) throw new IllegalArgumentException("margin must be in [0, 1), got " + margin);
        if (margin > 0 && featureScale == 0) throw new IllegalArgumentException("a cosine margin needs unit-length features: set featureScale > 0");
        ComputationGraphConfiguration.GraphBuilder b = base(updater(optimizer), optimizer.l2(), optimizer.weightDecay(), seed, dataType)
                .addInputs(Names.IMAGE)
                .setInputTypes(InputType.convolutional(spec.height(), spec.width(), spec.channels()));
        String features = Names.EMBEDDING;
        if (featureScale > 0) {
            tower(b, spec, Names.IMAGE, false, optimizer.frozenBlocks());
            b.addVertex(Names.EMBEDDING_NORMALIZED, new L2NormalizeVertex(), Names.EMBEDDING);
            b.addVertex(Names.SCALED_EMBEDDING, new ScaleVertex(featureScale), Names.EMBEDDING_NORMALIZED);
            features = Names.SCALED_EMBEDDING;
        } else {
            tower(b, spec, Names.IMAGE, false, optimizer.frozenBlocks());
        }
        OutputLayer.Builder output = margin > 0
                // Unit-length class weights (the columns of the nIn x nOut matrix, normed over dimension 0).
                ? new OutputLayer.Builder(new AdditiveMarginLoss(featureScale * margin)).constrainWeights(new UnitNormConstraint(0))
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT);
        return b.addLayer(Names.CLASSES, output
                        .nIn(spec.embeddingSize()).nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER)
                        .hasBias(featureScale == 0).build(),
                        features)
                .setOutputs(Names.CLASSES)
                .build();
    }

    private static ComputationGraphConfiguration.GraphBuilder base(IUpdater updater, double l2, double weightDecay, long seed, DataType dataType) {
        NeuralNetConfiguration.Builder nn = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                // Keeps each convolution's pre-activation from the forward pass for backprop. Without it, DL4J's
                // ConvolutionLayer runs every convolution a second time in backprop to get it back (measured: 8
                // conv2d calls per training step instead of 4). The cache lives in the activation workspace.
                .cacheMode(CacheMode.DEVICE);
        // Decoupled weight decay replaces L2 (DL4J keeps one of the two); batch-norm parameters are never decayed.
        if (weightDecay > 0) nn.weightDecay(weightDecay);
        else if (l2 > 0) nn.l2(l2);
        return nn.graphBuilder();
    }

    /**
     * Replaces, in place, every max-pooling {@code SubsamplingLayer} that a {@link MaxPoolingVertex} computes exactly
     * (MAX, square kernel and stride, no padding, no dilation, Truncate, NCHW) by that vertex. Model files written
     * before the tower used the vertex hold such layers; neither has parameters and the vertex names stay, so the
     * saved parameters and optimizer state fit the upgraded configuration unchanged, and the model loses no speed.
     *
     * @return the names of the replaced layers
     */
    static List<String> withPoolingVertices(ComputationGraphConfiguration conf) {
        List<String> replaced = new ArrayList<>();
        for (Map.Entry<String, GraphVertex> entry : conf.getVertices().entrySet()) {
            if (entry.getValue() instanceof LayerVertex vertex && vertex.getPreProcessor() == null
                    && vertex.getLayerConf().getLayer() instanceof SubsamplingLayer pooling
                    && pooling.getClass() == SubsamplingLayer.class
                    && pooling.getPoolingType() == PoolingType.MAX
                    && pooling.getKernelSize()[0] == pooling.getKernelSize()[1]
                    && pooling.getStride()[0] == pooling.getStride()[1]
                    && pooling.getPadding()[0] == 0 && pooling.getPadding()[1] == 0
                    && pooling.getDilation()[0] == 1 && pooling.getDilation()[1] == 1
                    && pooling.getConvolutionMode() == ConvolutionMode.Truncate
                    && pooling.getCnn2dDataFormat() == CNN2DFormat.NCHW) {
                // Replacing the value of an existing key keeps the map's order, and with it DL4J's topological order.
                entry.setValue(new MaxPoolingVertex(pooling.getKernelSize()[0], pooling.getStride()[0]));
                replaced.add(entry.getKey());
            }
        }
        return replaced;
    }

    /** The DL4J updater for an optimizer spec. The Koch learning rate decays per epoch, so resume keeps the schedule. */
    static IUpdater updater(OptimizerSpec optimizer) {
        return switch (optimizer.kind()) {
            case ADAM -> optimizer.schedule() == OptimizerSpec.Schedule.COSINE
                    // Planned for 0 updates (the peak rate) until the trainer knows the stage's length: SiameseNetwork.planSchedule.
                    ? new Adam(new WarmupCosineSchedule(optimizer.learningRate(), optimizer.warmupFraction(), optimizer.finalLearningRateFraction(), 0))
                    : new Adam(optimizer.learningRate());
            case KOCH -> new Nesterovs(new ExponentialSchedule(ScheduleType.EPOCH, optimizer.learningRate(), optimizer.decayPerEpoch()),
                    optimizer.momentum());
        };
    }

    /**
     * The convolution tower alone, without the embedding layer: one image in, its last feature maps
     * ({@code [N, C, H, W]}, the input of the embedding layer) out. Its flattened parameters are a prefix of the
     * embedding graph's. {@link SiameseNetwork} uses it to embed a single image with its own matrix-vector product.
     */
    static ComputationGraphConfiguration features(ModelSpec spec, DataType dataType) {
        ComputationGraphConfiguration.GraphBuilder b = singleImage(spec, dataType);
        return b.setOutputs(convolutions(b, spec, Names.IMAGE, 0)).build();
    }

    /** An inference graph builder with the single input {@link Names#IMAGE} of the spec's size. */
    private static ComputationGraphConfiguration.GraphBuilder singleImage(ModelSpec spec, DataType dataType) {
        return base(updater(OptimizerSpec.DEFAULTS), 0, 0, 0, dataType)
                .addInputs(Names.IMAGE)
                .setInputTypes(InputType.convolutional(spec.height(), spec.width(), spec.channels()));
    }

    /**
     * Adds the tower (convolutions, embedding layer, normalisation) behind {@code input}; returns its output's name.
     * {@code normalize} false leaves out the unit-length vertex (the classifier reads the layer itself); the first
     * {@code frozenBlocks} convolution blocks are frozen ({@link OptimizerSpec#frozenBlocks}).
     */
    private static String tower(ComputationGraphConfiguration.GraphBuilder b, ModelSpec spec, String input, boolean normalize, int frozenBlocks) {
        String previous = convolutions(b, spec, input, frozenBlocks);
        boolean normalized = spec.embeddingKind() == EmbeddingKind.NORMALIZED;
        b.addLayer(Names.EMBEDDING, new DenseLayer.Builder().nOut(spec.embeddingSize())
                .activation(normalized ? Activation.IDENTITY : Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(), previous);
        if (!normalized || !normalize) return Names.EMBEDDING;
        // x / max(|x|, eps) over the embedding dimension: DL4J's vertex, gradient-checked upstream.
        b.addVertex(Names.EMBEDDING_NORMALIZED, new L2NormalizeVertex(), Names.EMBEDDING);
        return Names.EMBEDDING_NORMALIZED;
    }

    /**
     * Adds the convolutions and poolings of the tower behind {@code input}; returns the name of the last one. The
     * layers of the first {@code frozenBlocks} blocks are updated at a learning rate of 0 (so without weight decay
     * either): their weights stay as they were copied in, while batch normalisation's running statistics still follow
     * the data.
     */
    private static String convolutions(ComputationGraphConfiguration.GraphBuilder b, ModelSpec spec, String input, int frozenBlocks) {
        if (frozenBlocks > spec.convolutions().size()) {
            throw new IllegalArgumentException("cannot freeze " + frozenBlocks + " blocks of a tower with " + spec.convolutions().size());
        }
        String previous = input;
        int i = 1;
        for (ConvSpec conv : spec.convolutions()) {
            String name = Names.conv(i);
            boolean frozen = i <= frozenBlocks;
            // With batch normalisation the ReLU moves behind it: convolution, normalisation, ReLU.
            ConvolutionLayer.Builder convolution = new ConvolutionLayer.Builder(conv.kernel(), conv.kernel())
                    .stride(1, 1).nOut(conv.filters()).convolutionMode(conv.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                    .activation(spec.batchNorm() ? Activation.IDENTITY : Activation.RELU).weightInit(WeightInit.RELU);
            // SGD at a rate of 0: DL4J's NoOp updater passes the gradient through unchanged (a rate of 1), and the
            // network's weight decay, scaled by the layer's rate, is 0 too.
            if (frozen) convolution.updater(new Sgd(0));
            b.addLayer(name, convolution.build(), previous);
            previous = name;
            if (spec.batchNorm()) {
                String norm = Names.batchNorm(i);
                BatchNormalization.Builder normalization = new BatchNormalization.Builder().nOut(conv.filters());
                // Scale and shift frozen; the running mean and variance have DL4J's own update, which follows the data.
                if (frozen) normalization.updater(new Sgd(0));
                b.addLayer(norm, normalization.build(), previous);
                previous = norm;
            }
            if (conv.pool()) {
                String pool = Names.pool(i);
                // The same function as DL4J's SubsamplingLayer (MAX, 2x2, stride 2, Truncate), but without oneDNN's
                // NCHW max pooling, which is 4-9x slower than libnd4j's own loop: see MaxPoolingVertex.
                b.addVertex(pool, new MaxPoolingVertex(2, 2), previous);
                previous = pool;
            }
            if (spec.batchNorm()) {
                // ReLU after the pooling: max-pooling and ReLU commute (ReLU is monotonic), and the map is 4x smaller here.
                String relu = Names.relu(i);
                b.addLayer(relu, new ActivationLayer.Builder().activation(Activation.RELU).build(), previous);
                previous = relu;
            }
            i++;
        }
        return previous;
    }
}
