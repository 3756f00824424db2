package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test-time shift averaging: the shifted copies, the averaged embedding, and specs with and without it. */
class ShiftAveragingTest {

    @TempDir
    Path dir;

    @Test
    void shiftedMovesTheImageAndRepeatsTheEdges() {
        // One 3x4 image, values 10*row + column, in two channels (the second +100) and a batch of two (the second +1000).
        INDArray images = Nd4j.create(DataType.FLOAT, 2, 2, 3, 4);
        for (int n = 0; n < 2; n++) for (int c = 0; c < 2; c++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) {
            images.putScalar(new int[] {n, c, y, x}, 1000 * n + 100 * c + 10 * y + x);
        }
        assertEquals(images, SiameseNetwork.shifted(images, 0, 0));
        // One pixel right: every row starts with its first value twice.
        INDArray right = SiameseNetwork.shifted(images, 0, 1);
        assertArrayEquals(new float[] {10, 10, 11, 12}, right.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.point(1), NDArrayIndex.all()).toFloatVector());
        // One pixel up and two left: rows 1, 2, 2 and columns 2, 3, 3, 3.
        INDArray upLeft = SiameseNetwork.shifted(images, -1, -2);
        assertArrayEquals(new float[] {1112, 1113, 1113, 1113},
                upLeft.get(NDArrayIndex.point(1), NDArrayIndex.point(1), NDArrayIndex.point(0), NDArrayIndex.all()).toFloatVector());
        assertArrayEquals(new float[] {1122, 1123, 1123, 1123},
                upLeft.get(NDArrayIndex.point(1), NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all()).toFloatVector());
        assertEquals(1000 + 100 + 10 * 2 + 3, images.getFloat(1, 1, 2, 3), "the input is left as it was");
    }

    @Test
    void theEmbeddingIsTheUnitMeanOverFivePositionsEachWithItsMirrorImage() {
        ModelSpec spec = TinySpecs.tinyNormalized().withTestTimeFlip(true).withTestTimeShift(1);
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 5);
        SiameseNetwork inPlace = ModelFileRoundTrip.copyWithSpec(network, spec.withTestTimeShift(0), dir);
        INDArray images = TinySpecs.images(spec, 3, 21);
        INDArray sum = inPlace.embed(images);
        for (int[] move : new int[][] {{0, 1}, {0, -1}, {1, 0}, {-1, 0}}) sum.addi(inPlace.embed(SiameseNetwork.shifted(images, move[0], move[1])));
        INDArray expected = sum.divColumnVector(sum.norm2(1).reshape(3, 1));
        INDArray averaged = network.embed(images);
        assertTrue(expected.equalsWithEps(averaged, 1e-5), expected + " vs " + averaged);
        assertFalse(averaged.equalsWithEps(inPlace.embed(images), 1e-4), "the averaging changes the embedding");
        // One image alone (the live app's path) gets the same embedding as in a batch.
        INDArray first = images.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        assertTrue(averaged.getRow(0).reshape(1, -1).equalsWithEps(network.embed(first), 1e-5));
    }

    @Test
    void theFacePresetAveragesOverTwoPixelShiftsAndOlderSpecsHaveNone() {
        assertEquals(2, ModelSpec.face().testTimeShift());
        assertEquals(0, ModelSpec.characters().testTimeShift());
        assertEquals(2, ModelSpec.face().withChannels(3).testTimeShift(), "withers keep it");
        assertTrue(ModelSpec.face().describe().contains("shift-averaged, 2 px"), ModelSpec.face().describe());
        ModelSpec old = Json.read("{\"preset\":\"face\",\"height\":64,\"width\":64,\"channels\":1,\"convolutions\":"
                + "[{\"filters\":16,\"kernel\":3,\"pool\":true}],\"embeddingSize\":128,\"batchNorm\":true,\"embeddingKind\":\"NORMALIZED\",\"testTimeFlip\":true}",
                ModelSpec.class);
        assertEquals(0, old.testTimeShift(), "a model file written before the field embeds as it did");
        assertEquals(ModelSpec.face(), Json.read(Json.write(ModelSpec.face()), ModelSpec.class));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.face().withTestTimeShift(16));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.face().withTestTimeShift(-1));
    }
}
