package io.siamese.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.siamese.data.augment.TransformFixtures.apply;
import static io.siamese.data.augment.TransformFixtures.dot;
import static io.siamese.data.augment.TransformFixtures.gray;
import static io.siamese.data.augment.TransformFixtures.pixel;
import static io.siamese.data.augment.TransformFixtures.pixels;
import static io.siamese.data.augment.TransformFixtures.writable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomAffineTest {

    private static final double EPS = 1e-9;

    @Test
    void theMatrixOfNoDistortionIsTheIdentity() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, RandomAffine.matrix(0, 0, 0, 1, 1, 0, 0, 7, 9), EPS);
    }

    @Test
    void theMatrixComposesAboutTheCentre() {
        assertArrayEquals(new double[] {1, 0, 2, 0, 1, -1}, RandomAffine.matrix(0, 0, 0, 1, 1, 2, -1, 5, 5), EPS);
        // A quarter turn about (5, 5) takes (6, 5) to (5, 6); the centre stays.
        double[] m = RandomAffine.matrix(Math.PI / 2, 0, 0, 1, 1, 0, 0, 5, 5);
        assertEquals(5, m[0] * 6 + m[1] * 5 + m[2], EPS);
        assertEquals(6, m[3] * 6 + m[4] * 5 + m[5], EPS);
        assertEquals(5, m[0] * 5 + m[1] * 5 + m[2], EPS);
        // Scale 2 in x about (5, 5) takes (6, 5) to (7, 5); shear x 0.5 takes (5, 6) to (5.5, 6).
        double[] s = RandomAffine.matrix(0, 0, 0, 2, 1, 0, 0, 5, 5);
        assertEquals(7, s[0] * 6 + s[1] * 5 + s[2], EPS);
        double[] h = RandomAffine.matrix(0, 0.5, 0, 1, 1, 0, 0, 5, 5);
        assertEquals(5.5, h[0] * 5 + h[1] * 6 + h[2], EPS);
    }

    @Test
    void aTranslationMovesTheImageWhereQuerySays() {
        // Translation only, drawn from +-3 pixels (3/21 of the side): query says where the dot went, and the darkest pixel must be there.
        RandomAffine shift = new RandomAffine(1, 0, 0, 1, 1, false, 3.0 / 21, RandomAffine.Border.WHITE);
        Mat image = dot(21, 21, 255, 10, 10, 0);
        Mat out = TransformFixtures.mat(shift.transform(writable(image), new Random(4)));
        float[] moved = shift.query(10, 10);
        int x = Math.round(moved[0]), y = Math.round(moved[1]);
        int darkest = 255, darkX = -1, darkY = -1;
        for (int yy = 0; yy < 21; yy++) {
            for (int xx = 0; xx < 21; xx++) {
                int v = pixel(out, xx, yy, 0);
                if (v < darkest) {
                    darkest = v;
                    darkX = xx;
                    darkY = yy;
                }
            }
        }
        assertEquals(x, darkX);
        assertEquals(y, darkY);
    }

    @Test
    void whiteBorderFillsUncoveredPixelsWithWhiteAndReplicateWithTheEdge() {
        Mat black = dot(20, 20, 0, 0, 0, 0);
        RandomAffine shrinkWhite = new RandomAffine(1, 0, 0, 0.5, 0.5, false, 0, RandomAffine.Border.WHITE);
        RandomAffine shrinkReplicate = new RandomAffine(1, 0, 0, 0.5, 0.5, false, 0, RandomAffine.Border.REPLICATE);
        assertEquals(255, pixel(apply(shrinkWhite, black, 1), 0, 0, 0));
        assertEquals(0, pixel(apply(shrinkReplicate, black, 1), 0, 0, 0));
    }

    @Test
    void seededAndIdentityWithoutComponents() {
        Mat image = gray(30, 3);
        RandomAffine koch = new RandomAffine(0.5, 10, 0.3, 0.8, 1.2, false, 2.0 / 30, RandomAffine.Border.REPLICATE);
        assertArrayEquals(pixels(apply(koch, image, 9)), pixels(apply(koch, image, 9)));
        assertFalse(java.util.Arrays.equals(pixels(apply(koch, image, 9)), pixels(apply(koch, image, 10))));
        RandomAffine none = new RandomAffine(0, 10, 0.3, 0.8, 1.2, false, 2.0 / 30, RandomAffine.Border.REPLICATE);
        assertArrayEquals(pixels(image), pixels(apply(none, image, 9)));
        assertArrayEquals(new float[] {3, 4}, none.query(3, 4));
    }

    @Test
    void translationIsAFractionOfTheShorterSide() {
        // Koch's 2 pixels on 105x105 stay 2 pixels there, and become 4 on an image twice the size.
        RandomAffine shift = new RandomAffine(1, 0, 0, 1, 1, false, AugmentationConfig.Affine.KOCH_TRANSLATION, RandomAffine.Border.REPLICATE);
        for (int side : new int[] {105, 210}) {
            Mat image = gray(side, 1);
            double limit = 2.0 * side / 105, largest = 0;
            for (long seed = 0; seed < 60; seed++) {
                apply(shift, image, seed);
                float[] moved = shift.query(10, 20);
                double dx = Math.abs(moved[0] - 10), dy = Math.abs(moved[1] - 20);
                assertTrue(dx <= limit + 1e-4 && dy <= limit + 1e-4, side + ": moved by " + dx + ", " + dy + ", more than " + limit);
                largest = Math.max(largest, Math.max(dx, dy));
            }
            assertTrue(largest > 0.8 * limit, side + ": the largest shift " + largest + " should come near " + limit);
        }
        // On a non-square image the shorter side sets the range: the part the centre-square crop keeps.
        Mat wide = TransformFixtures.colour(200, 100, 2);
        RandomAffine tenPercent = new RandomAffine(1, 0, 0, 1, 1, false, 0.1, RandomAffine.Border.REPLICATE);
        for (long seed = 0; seed < 40; seed++) {
            apply(tenPercent, wide, seed);
            float[] moved = tenPercent.query(0, 0);
            assertTrue(Math.abs(moved[0]) <= 10 + 1e-4 && Math.abs(moved[1]) <= 10 + 1e-4, "moved by " + moved[0] + ", " + moved[1]);
        }
    }

    @Test
    void anIsotropicScaleKeepsTheProportions() {
        RandomAffine isotropic = new RandomAffine(1, 0, 0, 0.5, 2, true, 0, RandomAffine.Border.REPLICATE);
        RandomAffine perAxis = new RandomAffine(1, 0, 0, 0.5, 2, false, 0, RandomAffine.Border.REPLICATE);
        Mat image = gray(41, 4);
        int unequal = 0;
        for (long seed = 0; seed < 20; seed++) {
            double[] s = scales(isotropic, image, seed);
            assertEquals(s[0], s[1], 1e-4, "one factor for both axes");
            assertTrue(s[0] >= 0.5 - 1e-4 && s[0] <= 2 + 1e-4, "scale " + s[0]);
            double[] t = scales(perAxis, image, seed);
            if (Math.abs(t[0] - t[1]) > 1e-3) unequal++;
        }
        assertTrue(unequal >= 18, "per-axis factors differ: " + unequal + " of 20");
    }

    /** The horizontal and vertical scale of the transform's last change (no rotation or shear), read through query. */
    private static double[] scales(RandomAffine transform, Mat image, long seed) {
        apply(transform, image, seed);
        float[] p = transform.query(20, 20, 30, 20, 20, 30);
        return new double[] {(p[2] - p[0]) / 10.0, (p[5] - p[1]) / 10.0};
    }

    @Test
    void rangesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0.5, -1, 0.3, 0.8, 1.2, false, 0.02, RandomAffine.Border.WHITE));
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0.5, 10, 0.3, 1.2, 0.8, false, 0.02, RandomAffine.Border.WHITE));
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0.5, 10, 0.3, 0.8, 1.2, false, 0.02, null));
        IllegalArgumentException pixels = assertThrows(IllegalArgumentException.class,
                () -> new RandomAffine(0.5, 10, 0.3, 0.8, 1.2, false, 2, RandomAffine.Border.WHITE));
        assertTrue(pixels.getMessage().contains("fraction"), "a pixel count is refused with a hint: " + pixels.getMessage());
    }
}
