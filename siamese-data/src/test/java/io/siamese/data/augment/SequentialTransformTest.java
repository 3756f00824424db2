package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.colour;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static io.siamese.data.augment.TransformFixtures.writable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class SequentialTransformTest {

    @Test
    void runsItsTransformsInOrderOnOneRandomStream() {
        Mat image = colour(16, 16, 1);
        Random shared = new Random(5);
        RandomHorizontalFlip flip = new RandomHorizontalFlip(1);
        RandomBrightness brightness = new RandomBrightness(1, 0.2);
        Mat byHand = TransformFixtures.mat(brightness.transform(flip.transform(writable(image), shared), shared));
        Mat chained = apply(new SequentialTransform(List.of(new RandomHorizontalFlip(1), new RandomBrightness(1, 0.2))), image, 5);
        assertArrayEquals(pixels(byHand), pixels(chained));
    }

    @Test
    void queryFollowsEveryTransform() {
        SequentialTransform twoFlips = new SequentialTransform(List.of(new RandomHorizontalFlip(1), new RandomHorizontalFlip(1)));
        twoFlips.transform(writable(colour(10, 10, 2)), new Random(1));
        assertArrayEquals(new float[] {2, 3}, twoFlips.query(2, 3));
        SequentialTransform oneFlip = new SequentialTransform(List.of(new RandomHorizontalFlip(1)));
        oneFlip.transform(writable(colour(10, 10, 2)), new Random(1));
        assertArrayEquals(new float[] {7, 3}, oneFlip.query(2, 3));
    }

    @Test
    void anEmptyChainChangesNothing() {
        Mat image = colour(8, 8, 3);
        assertArrayEquals(pixels(image), pixels(apply(new SequentialTransform(List.of()), image, 1)));
    }
}
