package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.colour;
import static io.siamese.data.augment.TransformFixtures.gray;
import static io.siamese.data.augment.TransformFixtures.pixel;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static io.siamese.data.augment.TransformFixtures.writable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomSaturationTest {

    @Test
    void factorZeroGivesGrayAndOneKeepsTheColours() {
        Mat image = colour(12, 9, 1);
        Mat grayed = apply(new RandomSaturation(1, 0, 0), image, 1);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 12; x++) {
                assertEquals(pixel(grayed, x, y, 0), pixel(grayed, x, y, 1));
                assertEquals(pixel(grayed, x, y, 1), pixel(grayed, x, y, 2));
            }
        }
        assertArrayEquals(pixels(image), pixels(apply(new RandomSaturation(1, 1, 1), image, 1)));
    }

    @Test
    void theOriginalRangeChangesColoursOnlySlightly() {
        Mat image = colour(20, 20, 2);
        double difference = TransformFixtures.meanAbsoluteDifference(image, apply(new RandomSaturation(1, 0.9, 1.0), image, 5));
        assertTrue(difference > 0 && difference < 10, "mean difference " + difference);
    }

    @Test
    void grayscaleImagesAreLeftAlone() {
        var input = writable(gray(10, 3));
        assertSame(input, new RandomSaturation(1, 0, 0).transform(input, new Random(1)));
    }
}
