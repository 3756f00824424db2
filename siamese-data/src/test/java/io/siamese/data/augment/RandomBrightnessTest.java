package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.dot;
import static io.siamese.data.augment.TransformFixtures.pixel;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomBrightnessTest {

    @Test
    void shiftsEveryPixelByOneOffsetWithinTheRange() {
        Mat image = dot(10, 10, 100, 3, 3, 140);
        Set<Integer> offsets = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            Mat out = apply(new RandomBrightness(1, 0.1), image, seed);
            int offset = pixel(out, 0, 0, 0) - 100;
            assertTrue(Math.abs(offset) <= 26, "offset " + offset);
            assertEquals(140 + offset, pixel(out, 3, 3, 0), "the same offset everywhere");
            offsets.add(offset);
        }
        assertTrue(offsets.size() > 10, "offsets vary: " + offsets);
        assertTrue(offsets.stream().anyMatch(o -> o < 0) && offsets.stream().anyMatch(o -> o > 0));
    }

    @Test
    void saturatesAtTheEndsOfTheRange() {
        Mat white = dot(4, 4, 255, 0, 0, 255);
        for (long seed = 0; seed < 20; seed++) assertTrue(pixel(apply(new RandomBrightness(1, 1), white, seed), 1, 1, 0) <= 255);
        Mat out = apply(new RandomBrightness(1, 1), dot(4, 4, 250, 0, 0, 250), 3);
        assertTrue(pixel(out, 0, 0, 0) >= 0);
    }

    @Test
    void zeroProbabilityLeavesTheImage() {
        Mat image = dot(6, 6, 90, 1, 1, 10);
        assertArrayEquals(pixels(image), pixels(apply(new RandomBrightness(0, 0.5), image, 1)));
        assertThrows(IllegalArgumentException.class, () -> new RandomBrightness(1, 2));
    }
}
