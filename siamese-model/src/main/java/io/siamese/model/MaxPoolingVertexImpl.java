package io.siamese.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The max-pooling vertex at run time: libnd4j's {@code maxpool2d} forward and {@code maxpool2d_bp} backward, each
 * executed with an {@link OpContext} that disallows platform helpers, so that libnd4j runs its own loop even on a
 * oneDNN build where every other operation (the convolutions above all) keeps oneDNN.
 *
 * <p>The backward pass finds each window's maximum again: {@code maxpool2d} returns no argmax indices that
 * {@code maxpool2d_bp} could take. The search costs one read of the input, far less than the oneDNN pooling it
 * replaces. Where a window holds its maximum more than once, the whole gradient goes to the first of them in row-major
 * order (a valid subgradient; behind a ReLU such ties are mostly windows of zeros, whose gradient the ReLU drops).
 */
public class MaxPoolingVertexImpl extends BaseGraphVertex {

    private final MaxPoolingVertex conf;
    private final int kernelSize;
    private final int stride;

    public MaxPoolingVertexImpl(ComputationGraph graph, String name, int vertexIndex, DataType dataType, MaxPoolingVertex conf) {
        super(graph, name, vertexIndex, null, null, dataType);
        this.conf = conf.clone();
        this.kernelSize = conf.getKernelSize();
        this.stride = conf.getStride();
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) throw new IllegalStateException("max pooling " + vertexName + ": input not set");
        INDArray input = inputs[0];
        if (input.rank() != 4) {
            throw new IllegalStateException("max pooling " + vertexName + " needs NCHW input of rank 4, got shape " + Arrays.toString(input.shape()));
        }
        long height = conf.outputSize(input.size(2));
        long width = conf.outputSize(input.size(3));
        if (height < 1 || width < 1) {
            throw new IllegalStateException("max pooling " + vertexName + ": a " + kernelSize + "x" + kernelSize
                    + " window does not fit into input of shape " + Arrays.toString(input.shape()));
        }
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[] {input.size(0), input.size(1), height, width}, 'c');
        execWithoutHelpers("maxpool2d", output, input);
        return output;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) throw new IllegalStateException("max pooling " + vertexName + ": epsilon not set");
        INDArray input = inputs[0];
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        // maxpool2d_bp zeroes its output before it adds each window's gradient to that window's maximum.
        execWithoutHelpers("maxpool2d_bp", gradient, input, epsilon.castTo(input.dataType()));
        return new Pair<>(null, new INDArray[] {gradient});
    }

    /**
     * Runs one libnd4j pooling operation into {@code output}. The integer arguments are the kernel, the stride, zero
     * padding, unit dilation, truncate mode (not "same"), an unused extra parameter and NCHW layout.
     */
    private void execWithoutHelpers(String operation, INDArray output, INDArray... operationInputs) {
        CustomOp op = DynamicCustomOp.builder(operation).build();
        try (OpContext context = Nd4j.getExecutioner().buildContext()) {
            context.allowHelpers(false);
            context.setInputArrays(operationInputs);
            context.setOutputArrays(output);
            context.setIArguments(kernelSize, kernelSize, stride, stride, 0, 0, 1, 1, 0, 0, 0);
            Nd4j.getExecutioner().exec(op, context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("max pooling " + vertexName + ": could not release the operation context", e);
        }
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("the max-pooling vertex has no parameters and no gradient view");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        if (maskArrays != null && maskArrays[0] != null) {
            throw new UnsupportedOperationException("max pooling " + vertexName + " does not support masks");
        }
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public String toString() {
        return "MaxPoolingVertexImpl(" + vertexName + ", kernelSize=" + kernelSize + ", stride=" + stride + ")";
    }
}
