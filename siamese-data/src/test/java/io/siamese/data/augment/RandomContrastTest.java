package io.siamese.data.augment;

import io.siamese.data.Mats;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.pixel;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomContrastTest {

    /** Left half black, right half (200, 100, 40) in RGB. */
    private static Mat halves() {
        BufferedImage image = new BufferedImage(10, 4, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setColor(new Color(200, 100, 40));
        g.fillRect(5, 0, 5, 4);
        g.dispose();
        return Mats.fromBufferedImage(image);
    }

    @Test
    void pullsEachChannelTowardsItsMean() {
        Mat out = apply(new RandomContrast(1, 0.5, 0.5), halves(), 1);
        // Channel means are half the right side's values (BGR: 20, 50, 100); a factor 0.5 halves the distance to them.
        assertEquals(10, pixel(out, 0, 0, 0));
        assertEquals(25, pixel(out, 0, 0, 1));
        assertEquals(50, pixel(out, 0, 0, 2));
        assertEquals(30, pixel(out, 9, 3, 0));
        assertEquals(75, pixel(out, 9, 3, 1));
        assertEquals(150, pixel(out, 9, 3, 2));
    }

    @Test
    void factorsStayInTheirRange() {
        for (long seed = 0; seed < 30; seed++) {
            Mat out = apply(new RandomContrast(1, 0.6, 1.0), halves(), seed);
            int red = pixel(out, 9, 0, 2);
            assertTrue(red >= 160 - 1 && red <= 200, "red " + red + " means a factor outside [0.6, 1]");
        }
    }

    @Test
    void aFactorAboveOnePushesAwayFromTheMeanAndSaturates() {
        Mat out = apply(new RandomContrast(1, 1.2, 1.2), halves(), 1);
        // Means (BGR) 20, 50, 100: the right side moves 20% further from them, the black side would go below 0.
        assertEquals(44, pixel(out, 9, 0, 0));
        assertEquals(110, pixel(out, 9, 0, 1));
        assertEquals(220, pixel(out, 9, 0, 2));
        assertEquals(0, pixel(out, 0, 0, 2));
    }

    @Test
    void zeroProbabilityOrFactorOneLeavesTheImage() {
        assertArrayEquals(pixels(halves()), pixels(apply(new RandomContrast(0, 0.1, 0.2), halves(), 1)));
        assertArrayEquals(pixels(halves()), pixels(apply(new RandomContrast(1, 1, 1), halves(), 1)));
        assertThrows(IllegalArgumentException.class, () -> new RandomContrast(1, 1, 0.5));
    }
}
