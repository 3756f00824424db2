package io.siamese.model;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of the L1 merge vertex: {@code |a - b|} element-wise over two inputs of the same shape, no
 * parameters. Serialised by Jackson through its class name, so this class must keep its name and package (renaming it
 * breaks saved models) and its public no-argument constructor.
 *
 * <p>Written as a plain vertex rather than a {@code SameDiffLambdaVertex}, whose input gradients are twice too large
 * in DL4J 1.0.0-M2.1.
 */
public class L1DistanceVertex extends GraphVertex {

    public L1DistanceVertex() {
    }

    @Override
    public L1DistanceVertex clone() {
        return new L1DistanceVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof L1DistanceVertex;
    }

    @Override
    public int hashCode() {
        return L1DistanceVertex.class.getName().hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams,
                                                                      DataType networkDatatype) {
        return new L1DistanceVertexImpl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2) {
            throw new InvalidInputTypeException("L1 distance needs exactly 2 inputs, got " + vertexInputs.length);
        }
        if (!vertexInputs[0].equals(vertexInputs[1])) {
            throw new InvalidInputTypeException("L1 distance needs inputs of the same type, got " + vertexInputs[0] + " and " + vertexInputs[1]);
        }
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, L1DistanceVertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "L1DistanceVertex()";
    }
}
