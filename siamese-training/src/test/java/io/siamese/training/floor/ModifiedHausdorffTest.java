package io.siamese.training.floor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModifiedHausdorffTest {

    /** A white 20x20 page with black ink at the given (row, column) cells. */
    private static Pixels page(int[][] ink) {
        float[] v = new float[20 * 20];
        Arrays.fill(v, 1f);
        for (int[] p : ink) v[p[0] * 20 + p[1]] = 0f;
        return new Pixels(v, 1, 20, 20);
    }

    /** A horizontal stroke of {@code length} pixels starting at (row, column). */
    private static int[][] stroke(int row, int column, int length) {
        int[][] ink = new int[length][];
        for (int i = 0; i < length; i++) ink[i] = new int[] {row, column + i};
        return ink;
    }

    @Test
    void aShapeIsAtZeroFromItself() {
        ModifiedHausdorff mhd = new ModifiedHausdorff();
        Pixels shape = page(new int[][] {{3, 3}, {4, 4}, {5, 5}, {5, 9}, {12, 2}});
        assertEquals(0.0, mhd.distance(mhd.describe(shape), mhd.describe(shape)), 0.0);
    }

    @Test
    void withoutCentringAShiftedShapeIsAtTheShift() {
        ModifiedHausdorff uncentred = ModifiedHausdorff.uncentred();
        // Moved 3 rows down, across the stroke: every pixel's nearest counterpart is exactly 3 away.
        assertEquals(3.0, uncentred.distance(uncentred.describe(page(stroke(4, 2, 10))), uncentred.describe(page(stroke(7, 2, 10)))), 1e-6);
        // A single pixel moved by (3, 4) is 5 away.
        assertEquals(5.0, uncentred.distance(uncentred.describe(page(new int[][] {{2, 2}})), uncentred.describe(page(new int[][] {{5, 6}}))), 1e-6);
    }

    @Test
    void lakesCentringMakesTheDistanceBlindToWhereOnThePageTheShapeIs() {
        ModifiedHausdorff mhd = new ModifiedHausdorff();
        assertEquals(0.0, mhd.distance(mhd.describe(page(stroke(4, 2, 10))), mhd.describe(page(stroke(11, 7, 10)))), 1e-6);
    }

    @Test
    void itIsTheLargerOfTheTwoDirectedMeans() {
        ModifiedHausdorff uncentred = ModifiedHausdorff.uncentred();
        // A = one pixel at (0, 0); B = that pixel and one at (0, 4). A to B: 0. B to A: (0 + 4) / 2 = 2.
        ModifiedHausdorff.Strokes a = uncentred.describe(page(new int[][] {{0, 0}}));
        ModifiedHausdorff.Strokes b = uncentred.describe(page(new int[][] {{0, 0}, {0, 4}}));
        assertEquals(2.0, uncentred.distance(a, b), 1e-6);
        assertEquals(2.0, uncentred.distance(b, a), 1e-6);
    }

    @Test
    void inkIsWhatIsDarkerThanTheThresholdAndAnEmptyPageIsFarFromAnyDrawing() {
        ModifiedHausdorff mhd = new ModifiedHausdorff();
        float[] v = new float[20 * 20];
        Arrays.fill(v, 1f);
        v[0] = 0.49f;
        v[1] = 0.51f;
        assertEquals(1, mhd.describe(new Pixels(v, 1, 20, 20)).size());
        ModifiedHausdorff.Strokes empty = mhd.describe(page(new int[0][]));
        assertEquals(0, empty.size());
        assertEquals(0.0, mhd.distance(empty, empty), 0.0);
        assertEquals(Math.sqrt(800), mhd.distance(empty, mhd.describe(page(stroke(1, 1, 3)))), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new ModifiedHausdorff(0, true));
    }
}
