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
        for (AugmentationConfig config : List.of(AugmentationConfig.PHOTOMETRIC, AugmentationConfig.KOCH_AFFINE, AugmentationConfig.BOTH)) {
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
        assertThrows(IllegalArgumentException.class, () -> new AugmentationConfig.Affine(0.5, 10, 0.3, 0, 1.2, 2, RandomAffine.Border.WHITE));
    }
}
