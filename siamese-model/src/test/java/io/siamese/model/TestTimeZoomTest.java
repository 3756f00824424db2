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

/** Test-time zoom: the zoomed copies, the embedding of the zoomed image, and specs with and without it. */
class TestTimeZoomTest {

    @TempDir
    Path dir;

    @Test
    void zoomedShrinksAboutTheCentreAndRepeatsTheEdges() {
        // One 1x5 row per plane, values 0, 10, 20, 30, 40 (+100 in the second channel, +1000 in the second image).
        INDArray images = Nd4j.create(DataType.FLOAT, 2, 2, 1, 5);
        for (int n = 0; n < 2; n++) for (int c = 0; c < 2; c++) for (int x = 0; x < 5; x++) images.putScalar(new int[] {n, c, 0, x}, 1000 * n + 100 * c + 10 * x);
        assertTrue(images.equalsWithEps(SiameseNetwork.zoomed(images, 1), 1e-6), "zoom 1 leaves the images as they are");
        // Zoom 0.5: output x samples the input at 2 (x - 2) + 2, clamped: 0, 0, 2, 4, 4.
        INDArray half = SiameseNetwork.zoomed(images, 0.5);
        assertArrayEquals(new float[] {1100, 1100, 1120, 1140, 1140},
                half.get(NDArrayIndex.point(1), NDArrayIndex.point(1), NDArrayIndex.point(0), NDArrayIndex.all()).toFloatVector(), 1e-4f);
        // Zoom 0.8: samples at 2 + (x - 2) / 0.8 = -0.5 (clamped to 0), 0.75, 2, 3.25, 4.5 (clamped to 4), bilinear in between.
        INDArray mild = SiameseNetwork.zoomed(images, 0.8);
        assertArrayEquals(new float[] {0, 7.5f, 20, 32.5f, 40},
                mild.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.all()).toFloatVector(), 1e-4f);
        // Zoom 2 (a closer look): samples at 1, 1.5, 2, 2.5, 3.
        assertArrayEquals(new float[] {10, 15, 20, 25, 30},
                SiameseNetwork.zoomed(images, 2).get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.all()).toFloatVector(), 1e-4f);
        assertEquals(1140, images.getFloat(1, 1, 0, 4), "the input is left as it was");
        // Both sides at once on a square image: the corner of a 0.5 zoom is the input's corner, the centre stays.
        INDArray square = Nd4j.arange(25).castTo(DataType.FLOAT).reshape(1, 1, 5, 5);
        INDArray z = SiameseNetwork.zoomed(square, 0.5);
        assertEquals(0, z.getFloat(0, 0, 0, 0), 1e-6);
        assertEquals(12, z.getFloat(0, 0, 2, 2), 1e-6);
        assertEquals(24, z.getFloat(0, 0, 4, 4), 1e-6);
        assertEquals(14, z.getFloat(0, 0, 2, 3), 1e-6);
    }

    @Test
    void theEmbeddingIsThatOfTheZoomedImageBeforeTheMirrorAndShiftAveraging() {
        ModelSpec spec = TinySpecs.tinyNormalized().withTestTimeFlip(true).withTestTimeShift(1).withTestTimeZoom(0.75);
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 5);
        SiameseNetwork unzoomed = ModelFileRoundTrip.copyWithSpec(network, spec.withTestTimeZoom(1), dir);
        INDArray images = TinySpecs.images(spec, 3, 21);
        INDArray expected = unzoomed.embed(SiameseNetwork.zoomed(images, 0.75));
        INDArray zoomed = network.embed(images);
        assertTrue(expected.equalsWithEps(zoomed, 1e-5), expected + " vs " + zoomed);
        assertFalse(zoomed.equalsWithEps(unzoomed.embed(images), 1e-4), "the zoom changes the embedding");
        // One image alone (the live app's path) gets the same embedding as in a batch.
        INDArray first = images.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        assertTrue(zoomed.getRow(0).reshape(1, -1).equalsWithEps(network.embed(first), 1e-5));
        // Training's stages use the spec without it; the trained network takes it back as its inference spec.
        assertEquals(spec.withTestTimeShift(0).withTestTimeZoom(1), spec.forTraining());
        SiameseNetwork trained = SiameseNetwork.create(spec.forTraining(), OptimizerSpec.DEFAULTS, 5);
        assertEquals(spec, trained.withInferenceSpec(spec).spec());
        assertThrows(IllegalArgumentException.class, () -> trained.withInferenceSpec(spec.withEmbeddingSize(7)));
    }

    @Test
    void noPresetZoomsAndOlderSpecsReadAsNoZoom() {
        for (String preset : ModelSpec.PRESETS) assertEquals(1, ModelSpec.preset(preset).testTimeZoom(), preset);
        ModelSpec zoomed = ModelSpec.face().withTestTimeZoom(0.9);
        assertEquals(0.9, zoomed.withChannels(3).testTimeZoom(), "withers keep it");
        assertTrue(zoomed.describe().contains("zoomed x0.9"), zoomed.describe());
        assertFalse(ModelSpec.face().describe().contains("zoomed"), ModelSpec.face().describe());
        ModelSpec old = Json.read("{\"preset\":\"face\",\"height\":64,\"width\":64,\"channels\":1,\"convolutions\":"
                + "[{\"filters\":16,\"kernel\":3,\"pool\":true}],\"embeddingSize\":128,\"batchNorm\":true,\"embeddingKind\":\"NORMALIZED\","
                + "\"testTimeFlip\":true,\"testTimeShift\":2}", ModelSpec.class);
        assertEquals(1, old.testTimeZoom(), "a model file written before the field embeds as it did");
        assertEquals(zoomed, Json.read(Json.write(zoomed), ModelSpec.class));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.face().withTestTimeZoom(0.4));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.face().withTestTimeZoom(Double.NaN));
    }
}
