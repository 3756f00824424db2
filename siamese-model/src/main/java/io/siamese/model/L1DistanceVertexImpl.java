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
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The L1 vertex at run time: forward {@code |a - b|}, backward {@code sign(a - b) * eps} to the first input and its
 * negation to the second (the subgradient at {@code a == b} is 0).
 */
public class L1DistanceVertexImpl extends BaseGraphVertex {

    public L1DistanceVertexImpl(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
        super(graph, name, vertexIndex, null, null, dataType);
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
        if (!canDoForward()) throw new IllegalStateException("L1 distance: inputs not set");
        checkPairedBatches();
        INDArray a = inputs[0];
        INDArray b = inputs[1];
        if (!a.equalShapes(b)) {
            throw new IllegalStateException("L1 distance needs inputs of equal shape, got " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, a.dataType(), a.shape(), 'c');
        out.assign(a).subi(b);
        return Transforms.abs(out, false);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) throw new IllegalStateException("L1 distance: epsilon not set");
        INDArray toFirst = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), inputs[0].shape(), 'c');
        toFirst.assign(inputs[0]).subi(inputs[1]);
        Transforms.sign(toFirst, false).muli(epsilon);
        INDArray toSecond = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, toFirst).negi();
        return new Pair<>(null, new INDArray[] {toFirst, toSecond});
    }

    /**
     * The shared tower stacks left and right along the batch and splits them again with integer division, which
     * silently mis-splits unequal batches. Refuse them here, where both graph inputs are visible.
     */
    private void checkPairedBatches() {
        INDArray[] graphInputs = graph == null ? null : graph.getInputs();
        if (graphInputs != null && graphInputs.length == 2 && graphInputs[0] != null && graphInputs[1] != null
                && graphInputs[0].size(0) != graphInputs[1].size(0)) {
            throw new IllegalArgumentException("left and right batches must have the same size, got "
                    + graphInputs[0].size(0) + " and " + graphInputs[1].size(0));
        }
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("the L1 distance vertex has no parameters and no gradient view");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        if (maskArrays == null) return new Pair<>(null, currentMaskState);
        return new Pair<>(maskArrays[0] != null ? maskArrays[0] : maskArrays[1], currentMaskState);
    }

    @Override
    public String toString() {
        return "L1DistanceVertexImpl(" + vertexName + ")";
    }
}
