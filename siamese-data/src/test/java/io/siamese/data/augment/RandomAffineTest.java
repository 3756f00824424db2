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
        // Translation only, drawn from +-3 pixels: query says where the dot went, and the darkest pixel must be there.
        RandomAffine shift = new RandomAffine(1, 0, 0, 1, 1, 3, RandomAffine.Border.WHITE);
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
        RandomAffine shrinkWhite = new RandomAffine(1, 0, 0, 0.5, 0.5, 0, RandomAffine.Border.WHITE);
        RandomAffine shrinkReplicate = new RandomAffine(1, 0, 0, 0.5, 0.5, 0, RandomAffine.Border.REPLICATE);
        assertEquals(255, pixel(apply(shrinkWhite, black, 1), 0, 0, 0));
        assertEquals(0, pixel(apply(shrinkReplicate, black, 1), 0, 0, 0));
    }

    @Test
    void seededAndIdentityWithoutComponents() {
        Mat image = gray(30, 3);
        RandomAffine koch = new RandomAffine(0.5, 10, 0.3, 0.8, 1.2, 2, RandomAffine.Border.REPLICATE);
        assertArrayEquals(pixels(apply(koch, image, 9)), pixels(apply(koch, image, 9)));
        assertFalse(java.util.Arrays.equals(pixels(apply(koch, image, 9)), pixels(apply(koch, image, 10))));
        RandomAffine none = new RandomAffine(0, 10, 0.3, 0.8, 1.2, 2, RandomAffine.Border.REPLICATE);
        assertArrayEquals(pixels(image), pixels(apply(none, image, 9)));
        assertArrayEquals(new float[] {3, 4}, none.query(3, 4));
    }

    @Test
    void rangesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0.5, -1, 0.3, 0.8, 1.2, 2, RandomAffine.Border.WHITE));
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0.5, 10, 0.3, 1.2, 0.8, 2, RandomAffine.Border.WHITE));
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0.5, 10, 0.3, 0.8, 1.2, 2, null));
    }
}
