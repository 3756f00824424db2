package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.colour;
import static io.siamese.data.augment.TransformFixtures.gray;
import static io.siamese.data.augment.TransformFixtures.meanAbsoluteDifference;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomJpegQualityTest {

    @Test
    void reEncodingKeepsSizeAndChannelsAndChangesLittleAtHighQuality() {
        for (Mat image : List.of(colour(33, 21, 1), gray(24, 2))) {
            Mat out = apply(new RandomJpegQuality(1, 90, 100), image, 4);
            assertEquals(image.cols(), out.cols());
            assertEquals(image.rows(), out.rows());
            assertEquals(image.channels(), out.channels());
            double difference = meanAbsoluteDifference(image, out);
            assertTrue(difference < 12, "mean difference " + difference);
        }
    }

    @Test
    void lowQualityLeavesVisibleArtefacts() {
        Mat image = colour(40, 40, 3);
        double low = meanAbsoluteDifference(image, apply(new RandomJpegQuality(1, 5, 5), image, 1));
        double high = meanAbsoluteDifference(image, apply(new RandomJpegQuality(1, 100, 100), image, 1));
        assertTrue(low > high, "quality 5 differs by " + low + ", quality 100 by " + high);
    }

    @Test
    void seededAndOffAtZero() {
        Mat image = colour(30, 30, 5);
        assertArrayEquals(pixels(apply(new RandomJpegQuality(1, 20, 100), image, 8)), pixels(apply(new RandomJpegQuality(1, 20, 100), image, 8)));
        assertArrayEquals(pixels(image), pixels(apply(new RandomJpegQuality(0, 20, 100), image, 8)));
        assertThrows(IllegalArgumentException.class, () -> new RandomJpegQuality(1, 0, 100));
    }
}
