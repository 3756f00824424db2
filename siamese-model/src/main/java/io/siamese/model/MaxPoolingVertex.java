package io.siamese.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a max-pooling vertex over NCHW feature maps: square windows of {@code kernelSize}, moved by
 * {@code stride}, no padding, incomplete windows at the bottom and right edge dropped (DL4J's {@code Truncate}
 * mode). It computes the same function as DL4J's {@code SubsamplingLayer} with pooling type {@code MAX} and the same
 * settings, and has no parameters.
 *
 * <p>Why not that layer: on a oneDNN build of nd4j-native, DL4J's pooling layer always runs oneDNN's NCHW max pooling,
 * which is 4-9x slower than libnd4j's own loop (measured in {@code docs/performance.md}), and DL4J's switches to avoid
 * it are global, so they would also take oneDNN away from the convolutions. {@link MaxPoolingVertexImpl} runs
 * libnd4j's {@code maxpool2d} and {@code maxpool2d_bp} with platform helpers disallowed for these two operations only.
 *
 * <p>Serialised by Jackson through its class name and its two properties, so this class must keep its name, its
 * package, its public no-argument constructor and its getters and setters (renaming it breaks saved models).
 */
public class MaxPoolingVertex extends GraphVertex {

    private int kernelSize = 2;
    private int stride = 2;

    /** A 2x2 window with stride 2, the pooling of the Koch tower. */
    public MaxPoolingVertex() {
    }

    /** A square window of {@code kernelSize} moved by {@code stride}, both at least 1. */
    public MaxPoolingVertex(int kernelSize, int stride) {
        setKernelSize(kernelSize);
        setStride(stride);
    }

    public int getKernelSize() {
        return kernelSize;
    }

    public void setKernelSize(int kernelSize) {
        if (kernelSize < 1) throw new IllegalArgumentException("kernelSize must be >= 1, got " + kernelSize);
        this.kernelSize = kernelSize;
    }

    public int getStride() {
        return stride;
    }

    public void setStride(int stride) {
        if (stride < 1) throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        this.stride = stride;
    }

    /** The output size along one axis for an input of {@code size} pixels; 0 or less when the input is too small. */
    public long outputSize(long size) {
        return size < kernelSize ? 0 : (size - kernelSize) / stride + 1;
    }

    @Override
    public MaxPoolingVertex clone() {
        return new MaxPoolingVertex(kernelSize, stride);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxPoolingVertex other && other.kernelSize == kernelSize && other.stride == stride;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * MaxPoolingVertex.class.getName().hashCode() + kernelSize) + stride;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new MaxPoolingVertexImpl(graph, name, idx, networkDatatype, this);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1) {
            throw new InvalidInputTypeException("max pooling needs exactly 1 input, got " + vertexInputs.length);
        }
        if (!(vertexInputs[0] instanceof InputType.InputTypeConvolutional in) || in.getFormat() != CNN2DFormat.NCHW) {
            throw new InvalidInputTypeException("max pooling needs NCHW convolutional input, got " + vertexInputs[0]);
        }
        long height = outputSize(in.getHeight());
        long width = outputSize(in.getWidth());
        if (height < 1 || width < 1) {
            throw new InvalidInputTypeException("a " + kernelSize + "x" + kernelSize + " max-pooling window does not fit into "
                    + in.getHeight() + "x" + in.getWidth() + " feature maps");
        }
        return InputType.convolutional(height, width, in.getChannels(), CNN2DFormat.NCHW);
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType output = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, MaxPoolingVertex.class, inputTypes[0], output)
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "MaxPoolingVertex(kernelSize=" + kernelSize + ", stride=" + stride + ")";
    }
}
