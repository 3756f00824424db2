package io.siamese.training.floor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PixelL1Test {

    private final PixelL1 l1 = new PixelL1();

    @Test
    void identicalImagesAreAtZeroAndTheDistanceIsTheMeanAbsoluteDifference() {
        float[] a = {0f, 0.5f, 1f, 0.25f};
        float[] b = {1f, 0.5f, 0f, 0.75f};
        Pixels pa = new Pixels(a, 1, 2, 2), pb = new Pixels(b, 1, 2, 2);
        assertEquals(0.0, l1.distance(l1.describe(pa), l1.describe(pa)), 0.0);
        assertEquals((1 + 0 + 1 + 0.5) / 4, l1.distance(l1.describe(pa), l1.describe(pb)), 1e-7);
        assertEquals(l1.distance(l1.describe(pa), l1.describe(pb)), l1.distance(l1.describe(pb), l1.describe(pa)), 0.0);
    }

    @Test
    void everyChannelCounts() {
        float[] a = new float[3 * 4], b = new float[3 * 4];
        b[2 * 4] = 1f; // one red value differs
        assertEquals(1.0 / 12, l1.distance(l1.describe(new Pixels(a, 3, 2, 2)), l1.describe(new Pixels(b, 3, 2, 2))), 1e-9);
    }

    @Test
    void imagesOfDifferentSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> l1.distance(new float[4], new float[9]));
        assertThrows(IllegalArgumentException.class, () -> new Pixels(new float[5], 1, 2, 2));
    }
}
