package io.siamese.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The Siamese graph as {@link SiameseGraphs} built it before the tower pooled in {@link MaxPoolingVertex}: the same
 * layers, names and settings, with DL4J's {@code SubsamplingLayer} as the pooling. Tests compare the vertex against it
 * and load model files written with it.
 */
public final class LegacyGraphs {

    public static ComputationGraphConfiguration siameseWithPoolingLayers(ModelSpec spec, IUpdater updater, long seed, DataType dataType) {
        InputType image = InputType.convolutional(spec.height(), spec.width(), spec.channels());
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.DEVICE)
                .graphBuilder()
                .addInputs(Names.LEFT, Names.RIGHT)
                .setInputTypes(image, image)
                .addVertex(Names.PAIR, new StackVertex(), Names.LEFT, Names.RIGHT);
        String previous = Names.PAIR;
        int i = 1;
        for (ConvSpec conv : spec.convolutions()) {
            b.addLayer(Names.conv(i), new ConvolutionLayer.Builder(conv.kernel(), conv.kernel())
                    .stride(1, 1).nOut(conv.filters()).convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.RELU).weightInit(WeightInit.RELU).build(), previous);
            previous = Names.conv(i);
            if (conv.pool()) {
                b.addLayer(Names.pool(i), new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate).build(), previous);
                previous = Names.pool(i);
            }
            i++;
        }
        return b.addLayer(Names.EMBEDDING, new DenseLayer.Builder().nOut(spec.embeddingSize())
                        .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(), previous)
                .addVertex(Names.LEFT_EMBEDDING, new UnstackVertex(0, 2), Names.EMBEDDING)
                .addVertex(Names.RIGHT_EMBEDDING, new UnstackVertex(1, 2), Names.EMBEDDING)
                .addVertex(Names.DISTANCE, new L1DistanceVertex(), Names.LEFT_EMBEDDING, Names.RIGHT_EMBEDDING)
                .addLayer(Names.SCORE, new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                                .nIn(spec.embeddingSize()).nOut(1).activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(),
                        Names.DISTANCE)
                .setOutputs(Names.SCORE)
                .build();
    }

    private LegacyGraphs() {
    }
}
