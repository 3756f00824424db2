package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test-time rotation averaging: the rotated copies, the averaged embedding, and specs with and without it. */
class TestTimeRotationTest {

    @TempDir
    Path dir;

    @Test
    void resampledRotatesAboutTheCentreInTheSameResamplingAsTheZoom() {
        INDArray square = Nd4j.arange(2 * 25).castTo(DataType.FLOAT).reshape(2, 1, 5, 5);
        // Without rotation it is the zoom, sample for sample.
        assertEquals(SiameseNetwork.zoomed(square, 0.8), SiameseNetwork.resampled(square, 0.8, 0));
        // A quarter turn of a square image moves every pixel exactly: output (y, x) samples the input at
        // (cy - (x - cx), cx + (y - cy)), that is input (4 - x, y) on a 5x5 image.
        INDArray turned = SiameseNetwork.resampled(square, 1, 90);
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 5; x++) assertEquals(square.getFloat(n, 0, 4 - x, y), turned.getFloat(n, 0, y, x), 1e-4, "(" + y + ", " + x + ")");
            }
        }
        // A small angle: the centre stays, a pixel next to it moves a fraction of the way towards its neighbour.
        INDArray tilted = SiameseNetwork.resampled(square, 1, 10);
        assertEquals(12, tilted.getFloat(0, 0, 2, 2), 1e-5);
        // Output (2, 4) samples (2 - 2 sin 10, 2 + 2 cos 10) = (1.6527, 3.9696): bilinear between rows 1-2 and columns 3-4.
        double sy = 2 - 2 * Math.sin(Math.toRadians(10)), sx = 2 + 2 * Math.cos(Math.toRadians(10));
        assertEquals(5 * sy + sx, tilted.getFloat(0, 0, 2, 4), 1e-4, "a linear ramp is sampled exactly");
        // Rotation and zoom together sample (cy + R (y - cy) / zoom) and clamp at the edges.
        INDArray both = SiameseNetwork.resampled(square, 0.5, 90);
        assertEquals(square.getFloat(0, 0, 4, 0), both.getFloat(0, 0, 0, 0), 1e-4);
        assertEquals(12, both.getFloat(0, 0, 2, 2), 1e-5);
        assertEquals(0, square.getFloat(0, 0, 0, 0), "the input is left as it was");
    }

    @Test
    void theEmbeddingIsTheUnitMeanOverTheImageAndItRotatedEitherWay() {
        ModelSpec spec = TinySpecs.tinyNormalized().withTestTimeFlip(true).withTestTimeShift(1).withTestTimeZoom(0.9).withTestTimeRotation(6);
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 5);
        SiameseNetwork plain = ModelFileRoundTrip.copyWithSpec(network, spec.withTestTimeZoom(1).withTestTimeRotation(0), dir);
        INDArray images = TinySpecs.images(spec, 3, 23);
        INDArray sum = plain.embed(SiameseNetwork.zoomed(images, 0.9));
        sum.addi(plain.embed(SiameseNetwork.resampled(images, 0.9, -6))).addi(plain.embed(SiameseNetwork.resampled(images, 0.9, 6)));
        INDArray expected = sum.diviColumnVector(sum.norm2(1).reshape(3, 1));
        INDArray averaged = network.embed(images);
        assertTrue(expected.equalsWithEps(averaged, 1e-5), expected + " vs " + averaged);
        INDArray zoomOnly = ModelFileRoundTrip.copyWithSpec(network, spec.withTestTimeRotation(0), dir.resolve("zoom-only")).embed(images);
        assertFalse(averaged.equalsWithEps(zoomOnly, 1e-4), "the rotations change the embedding");
        assertEquals(1, averaged.getRow(0).norm2Number().doubleValue(), 1e-5, "unit length");
        // One image alone (the live app's path) gets the same embedding as in a batch.
        INDArray first = images.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        assertTrue(averaged.getRow(0).reshape(1, -1).equalsWithEps(network.embed(first), 1e-5));
        // Training's stages use the spec without it; the trained network takes it back as its inference spec.
        assertEquals(0, spec.forTraining().testTimeRotation());
        SiameseNetwork trained = SiameseNetwork.create(spec.forTraining(), OptimizerSpec.DEFAULTS, 5);
        assertEquals(spec, trained.withInferenceSpec(spec).spec());
    }

    @Test
    void aSigmoidEmbeddingIsTheMeanOfTheThree() {
        ModelSpec spec = TinySpecs.tiny().withTestTimeRotation(5);
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 9);
        SiameseNetwork plain = ModelFileRoundTrip.copyWithSpec(network, spec.withTestTimeRotation(0), dir);
        INDArray images = TinySpecs.images(spec, 2, 31);
        INDArray expected = plain.embed(images).add(plain.embed(SiameseNetwork.resampled(images, 1, -5)))
                .addi(plain.embed(SiameseNetwork.resampled(images, 1, 5))).divi(3);
        assertTrue(expected.equalsWithEps(network.embed(images), 1e-5));
    }

    @Test
    void noPresetRotatesAndOlderSpecsReadAsNone() {
        for (String preset : ModelSpec.PRESETS) assertEquals(0, ModelSpec.preset(preset).testTimeRotation(), preset);
        ModelSpec rotated = ModelSpec.face().withTestTimeZoom(0.9).withTestTimeRotation(4);
        assertEquals(4, rotated.withChannels(3).withTestTimeShift(1).withTestTimeZoom(0.8).testTimeRotation(), "withers keep it");
        assertTrue(rotated.describe().contains("rotation-averaged, +-4.0 degrees"), rotated.describe());
        assertFalse(ModelSpec.face().describe().contains("rotation"), ModelSpec.face().describe());
        ModelSpec old = Json.read("{\"preset\":\"face\",\"height\":64,\"width\":64,\"channels\":1,\"convolutions\":"
                + "[{\"filters\":16,\"kernel\":3,\"pool\":true}],\"embeddingSize\":128,\"batchNorm\":true,\"embeddingKind\":\"NORMALIZED\","
                + "\"testTimeFlip\":true,\"testTimeShift\":2,\"testTimeZoom\":0.9}", ModelSpec.class);
        assertEquals(0, old.testTimeRotation(), "a model file written before the field embeds as it did");
        assertEquals(rotated, Json.read(Json.write(rotated), ModelSpec.class));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.face().withTestTimeRotation(-1));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.face().withTestTimeRotation(31));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.face().withTestTimeRotation(Double.NaN));
    }
}
