package io.siamese.data.augment;

import io.siamese.data.GeneratedImage;
import io.siamese.data.ImageFixtures;
import io.siamese.data.ImagePreprocessor;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.transform.ImageTransform;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Random;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.colour;
import static io.siamese.data.augment.TransformFixtures.gray;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationConfigTest {

    @Test
    void presetsHoldWhatTheirNamesSay() {
        assertTrue(AugmentationConfig.NONE.isNone());
        assertNull(AugmentationConfig.NONE.factory(), "PairIterator takes null for no augmentation");
        assertTrue(AugmentationConfig.PHOTOMETRIC.affine().isOff());
        assertTrue(AugmentationConfig.KOCH_AFFINE.photometric().isOff());
        assertEquals(0.5, AugmentationConfig.KOCH_AFFINE.affine().componentProbability());
        SequentialTransform both = assertInstanceOf(SequentialTransform.class, AugmentationConfig.BOTH.create());
        assertEquals(List.of(RandomAffine.class, RandomHorizontalFlip.class, RandomBrightness.class, RandomContrast.class,
                RandomSaturation.class, RandomJpegQuality.class), both.transforms().stream().map(Object::getClass).toList());
        assertEquals(AugmentationConfig.KOCH_AFFINE, AugmentationConfig.named(" Koch-Affine "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AugmentationConfig.named("wild"));
        assertTrue(e.getMessage().contains(AugmentationConfig.NAMES));
    }

    @Test
    void theFactoryMakesAFreshTransformEachTime() {
        var factory = AugmentationConfig.BOTH.factory();
        assertNotNull(factory);
        assertFalse(factory.get() == factory.get());
    }

    @Test
    void theSameSeedGivesTheSameImageAndOtherSeedsOthers() {
        Mat image = colour(48, 40, 3);
        for (AugmentationConfig config : List.of(AugmentationConfig.PHOTOMETRIC, AugmentationConfig.KOCH_AFFINE, AugmentationConfig.BOTH,
                AugmentationConfig.FACE)) {
            byte[] first = pixels(apply(config.create(), image, 42));
            byte[] again = pixels(apply(config.create(), image, 42));
            assertArrayEquals(first, again, config.toString());
            int different = 0;
            for (long seed = 1; seed <= 5; seed++) {
                if (!java.util.Arrays.equals(first, pixels(apply(config.create(), image, seed)))) different++;
            }
            assertTrue(different >= 4, config + ": only " + different + " of 5 other seeds changed the image");
        }
    }

    @Test
    void oneTransformReusedGivesWhatAFreshOneGives() {
        Mat image = colour(32, 32, 4);
        ImageTransform reused = AugmentationConfig.BOTH.create();
        apply(reused, image, 1);
        assertArrayEquals(pixels(apply(AugmentationConfig.BOTH.create(), image, 2)), pixels(apply(reused, image, 2)));
    }

    @Test
    void nothingChangesWhenEveryProbabilityIsZero() {
        AugmentationConfig off = new AugmentationConfig(AugmentationConfig.Photometric.DEFAULTS.withAllProbabilities(0),
                AugmentationConfig.Affine.DEFAULTS.withComponentProbability(0));
        assertTrue(off.isNone());
        Mat image = colour(30, 20, 5);
        for (long seed = 0; seed < 5; seed++) assertArrayEquals(pixels(image), pixels(apply(off.create(), image, seed)));
    }

    @Test
    void sizeAndChannelsArePreserved() {
        for (Mat image : List.of(colour(50, 30, 6), gray(40, 7))) {
            for (long seed = 0; seed < 20; seed++) {
                Mat out = apply(AugmentationConfig.BOTH.create(), image, seed);
                assertEquals(image.cols(), out.cols());
                assertEquals(image.rows(), out.rows());
                assertEquals(image.channels(), out.channels());
                assertEquals(image.depth(), out.depth());
            }
        }
    }

    @Test
    void theInputIsNeverModified() {
        Mat image = colour(30, 30, 8);
        byte[] before = pixels(image);
        for (long seed = 0; seed < 10; seed++) apply(AugmentationConfig.BOTH.create(), image, seed);
        assertArrayEquals(before, pixels(image));
    }

    @Test
    void worksInsideTheSharedPreprocessing() {
        GeneratedImage source = new GeneratedImage("face", () -> ImageFixtures.colour(40, 40, 9));
        ImagePreprocessor preprocessor = new ImagePreprocessor(24, 24, 3);
        INDArray a = preprocessor.load(source, AugmentationConfig.BOTH.create(), new Random(3));
        INDArray b = preprocessor.load(source, AugmentationConfig.BOTH.create(), new Random(3));
        INDArray plain = preprocessor.load(source);
        assertArrayEquals(new long[] {1, 3, 24, 24}, a.shape());
        assertEquals(a, b);
        assertNotEquals(plain, a);
    }

    @Test
    void invalidValuesAreNamed() {
        IllegalArgumentException contrast = assertThrows(IllegalArgumentException.class,
                () -> new AugmentationConfig.Photometric(1, 0.1, 1, 1.2, 0.6, 1, 0.9, 1, 0.5, 1, 90, 100));
        assertTrue(contrast.getMessage().contains("contrastMin"), contrast.getMessage());
        IllegalArgumentException jpeg = assertThrows(IllegalArgumentException.class,
                () -> new AugmentationConfig.Photometric(1, 0.1, 1, 0.6, 1, 1, 0.9, 1, 0.5, 1, 90, 101));
        assertTrue(jpeg.getMessage().contains("jpegQualityMax"), jpeg.getMessage());
        IllegalArgumentException probability = assertThrows(IllegalArgumentException.class,
                () -> AugmentationConfig.Affine.DEFAULTS.withComponentProbability(1.5));
        assertTrue(probability.getMessage().contains("componentProbability"), probability.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AugmentationConfig.Affine(0.5, 10, 0.3, 0, 1.2, false, 0.02, RandomAffine.Border.WHITE));
        IllegalArgumentException translation = assertThrows(IllegalArgumentException.class, () -> AugmentationConfig.Affine.DEFAULTS.withTranslation(2));
        assertTrue(translation.getMessage().contains("not pixels"), translation.getMessage());
    }

    @Test
    void theFacePresetIsMildAndHasNoShearNorJpeg() {
        AugmentationConfig face = AugmentationConfig.named("Face");
        assertEquals(AugmentationConfig.FACE, face);
        SequentialTransform chain = assertInstanceOf(SequentialTransform.class, face.create());
        assertEquals(List.of(RandomAffine.class, RandomHorizontalFlip.class, RandomBrightness.class, RandomContrast.class),
                chain.transforms().stream().map(Object::getClass).toList(), "no saturation, no JPEG");
        AugmentationConfig.Affine affine = face.affine();
        assertEquals(0, affine.shear());
        assertTrue(affine.isotropicScale());
        assertTrue(affine.rotationDegrees() > 0 && affine.rotationDegrees() <= 5);
        assertTrue(affine.scaleMin() >= 0.9 && affine.scaleMax() <= 1.1 && affine.scaleMin() < 1 && affine.scaleMax() > 1);
        assertTrue(affine.translation() > 0 && affine.translation() <= 0.05);
        AugmentationConfig.Photometric photometric = face.photometric();
        assertEquals(0.5, photometric.flipProbability());
        assertEquals(0.1, photometric.brightnessDelta());
        assertEquals(0.8, photometric.contrastMin());
        assertEquals(1.2, photometric.contrastMax());
        assertEquals(0, photometric.jpegProbability());
        assertEquals(0, photometric.saturationProbability());
        // Koch's set is untouched: shear, per-axis scale, 2 pixels on 105x105.
        assertEquals(0.3, AugmentationConfig.KOCH_AFFINE.affine().shear());
        assertFalse(AugmentationConfig.KOCH_AFFINE.affine().isotropicScale());
        assertEquals(2.0, AugmentationConfig.KOCH_AFFINE.affine().translation() * 105, 1e-12);
    }

    @Test
    void theFacePresetStaysInsideItsRanges() {
        // Geometry, read back through query: a rotation of at most 5 degrees, one scale in [0.9, 1.1], no shear, a
        // shift of at most 5% of the side. Every component is forced on so each image is distorted.
        RandomAffine affine = assertInstanceOf(RandomAffine.class,
                AugmentationConfig.Affine.FACE.withComponentProbability(1).transforms().get(0));
        Mat image = gray(60, 11);
        double largestAngle = 0;
        for (long seed = 0; seed < 40; seed++) {
            apply(affine, image, seed);
            float[] p = affine.query(0, 0, 1, 0, 0, 1, 29.5f, 29.5f);
            double a00 = p[2] - p[0], a10 = p[3] - p[1], a01 = p[4] - p[0], a11 = p[5] - p[1];
            assertEquals(a00, a11, 1e-4, "no shear, one scale");
            assertEquals(a01, -a10, 1e-4, "no shear, one scale");
            double scale = Math.hypot(a00, a10), angle = Math.toDegrees(Math.atan2(a10, a00));
            assertTrue(scale >= 0.9 - 1e-4 && scale <= 1.1 + 1e-4, "scale " + scale);
            assertTrue(Math.abs(angle) <= 5 + 1e-3, "angle " + angle);
            assertTrue(Math.abs(p[6] - 29.5) <= 3 + 1e-3 && Math.abs(p[7] - 29.5) <= 3 + 1e-3, "the centre moved to " + p[6] + ", " + p[7]);
            largestAngle = Math.max(largestAngle, Math.abs(angle));
        }
        assertTrue(largestAngle > 3, "rotations use the range: " + largestAngle);
        // Photometry: on a flat gray image flip and contrast change nothing, so the whole preset is one brightness
        // offset of at most 0.1 * 255 levels.
        Mat flat = TransformFixtures.dot(32, 32, 128, 0, 0, 128);
        java.util.Set<Integer> values = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            byte[] out = pixels(apply(AugmentationConfig.FACE.create(), flat, seed));
            int v = out[0] & 0xff;
            for (byte b : out) assertEquals(v, b & 0xff, "a flat image stays flat");
            assertTrue(Math.abs(v - 128) <= 26, "brightness offset " + (v - 128));
            values.add(v);
        }
        assertTrue(values.size() > 10, "brightness varies: " + values);
    }

    @Test
    void theFacePresetChangesNothingWithItsProbabilitiesAtZero() {
        AugmentationConfig off = new AugmentationConfig(AugmentationConfig.Photometric.FACE.withAllProbabilities(0),
                AugmentationConfig.Affine.FACE.withComponentProbability(0));
        assertTrue(off.isNone());
        Mat image = colour(40, 40, 12);
        for (long seed = 0; seed < 5; seed++) assertArrayEquals(pixels(image), pixels(apply(off.create(), image, seed)));
    }
}
