package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.colour;
import static io.siamese.data.augment.TransformFixtures.pixel;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static io.siamese.data.augment.TransformFixtures.writable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomHorizontalFlipTest {

    @Test
    void mirrorsLeftToRight() {
        Mat image = colour(13, 7, 1);
        Mat out = apply(new RandomHorizontalFlip(1), image, 0);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                for (int c = 0; c < 3; c++) assertEquals(pixel(image, 12 - x, y, c), pixel(out, x, y, c));
            }
        }
        assertArrayEquals(pixels(image), pixels(apply(new RandomHorizontalFlip(1), out, 0)), "two flips undo each other");
    }

    @Test
    void queryMapsCoordinatesOfTheLastFlip() {
        RandomHorizontalFlip flip = new RandomHorizontalFlip(1);
        flip.transform(writable(colour(10, 4, 2)), new Random(0));
        assertArrayEquals(new float[] {9, 1, 0, 3}, flip.query(0, 1, 9, 3));
        RandomHorizontalFlip never = new RandomHorizontalFlip(0);
        never.transform(writable(colour(10, 4, 2)), new Random(0));
        assertArrayEquals(new float[] {0, 1}, never.query(0, 1));
    }

    @Test
    void flipsAboutHalfTheTimeAtOneHalfAndNeverAtZero() {
        Mat image = colour(8, 8, 3);
        int flipped = 0;
        for (long seed = 0; seed < 200; seed++) {
            if (!java.util.Arrays.equals(pixels(image), pixels(apply(new RandomHorizontalFlip(0.5), image, seed)))) flipped++;
        }
        assertTrue(flipped > 70 && flipped < 130, flipped + " of 200");
        var input = writable(image);
        assertSame(input, new RandomHorizontalFlip(0).transform(input, new Random(1)));
    }

    @Test
    void withoutARandomGeneratorNothingChanges() {
        var input = writable(colour(8, 8, 4));
        assertSame(input, new RandomHorizontalFlip(1).transform(input));
    }
}
