package io.siamese.training.floor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LbpChiSquareTest {

    private static Pixels constant(int size, float value) {
        float[] v = new float[size * size];
        Arrays.fill(v, value);
        return new Pixels(v, 1, size, size);
    }

    private static Pixels noise(int size, long seed) {
        Random r = new Random(seed);
        float[] v = new float[size * size];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(256) / 255f;
        return new Pixels(v, 1, size, size);
    }

    @Test
    void thereAre58UniformPatternsAndOneBinForTheRest() {
        int uniform = 0;
        for (int code = 0; code < 256; code++) if (LbpChiSquare.transitions(code) <= 2) uniform++;
        assertEquals(58, uniform);
        assertEquals(0, LbpChiSquare.bin(0));
        assertEquals(57, LbpChiSquare.bin(255));
        assertEquals(58, LbpChiSquare.bin(0b01010101), "alternating bits: 8 transitions");
        assertNotEquals(58, LbpChiSquare.bin(0b10000001), "a run across the wrap-around is uniform");
    }

    @Test
    void aConstantImagePutsAllWeightInOneBinOfEveryCell() {
        LbpChiSquare lbp = new LbpChiSquare(3);
        float[] d = lbp.describe(constant(14, 0.4f));
        assertEquals(3 * 3 * LbpChiSquare.BINS, d.length);
        for (int cell = 0; cell < 9; cell++) {
            for (int b = 0; b < LbpChiSquare.BINS; b++) {
                // Every neighbour equals the centre, so every comparison "neighbour >= centre" holds: pattern 255.
                assertEquals(b == LbpChiSquare.bin(255) ? 1f : 0f, d[cell * LbpChiSquare.BINS + b], 0f, "cell " + cell + " bin " + b);
            }
        }
    }

    @Test
    void thePatternReadsTheNeighboursClockwiseFromTheTopLeft() {
        // Only the right-hand neighbour (bit 3) and the bottom-left one (bit 6) are at least the centre.
        float[] g = {
                0.1f, 0.1f, 0.1f,
                0.1f, 0.5f, 0.9f,
                0.5f, 0.1f, 0.1f};
        assertEquals((1 << 3) | (1 << 6), LbpChiSquare.code(g, 3, 1, 1));
    }

    @Test
    void identicalImagesAreAtZeroAndImagesWithDisjointHistogramsAtTwoPerCell() {
        LbpChiSquare lbp = new LbpChiSquare(2);
        Pixels image = noise(20, 3);
        assertEquals(0.0, lbp.distance(lbp.describe(image), lbp.describe(image)), 0.0);
        // A checkerboard: a dark pixel sees only brighter-or-equal neighbours (pattern 255, as everywhere on a constant
        // image); a bright pixel sees its diagonals equal and the rest darker (pattern 01010101, non-uniform). With an even
        // 16x16 interior each 8x8 cell holds as many of each, so a cell has 0.5 in bin(255) and 0.5 in the last bin.
        float[] board = new float[18 * 18];
        for (int y = 0; y < 18; y++) for (int x = 0; x < 18; x++) board[y * 18 + x] = (x + y) % 2 == 0 ? 1f : 0f;
        float[] a = lbp.describe(constant(18, 0.5f)), b = lbp.describe(new Pixels(board, 1, 18, 18));
        assertEquals(0.5f, b[LbpChiSquare.BINS - 1], 0f);
        double perCell = (1 - 0.5) * (1 - 0.5) / 1.5 + 0.5 * 0.5 / 0.5;
        assertEquals(4 * perCell, lbp.distance(a, b), 1e-6);
        assertEquals(lbp.distance(a, b), lbp.distance(b, a), 0.0);
    }

    @Test
    void colourImagesAreDescribedByTheirLuminance() {
        LbpChiSquare lbp = new LbpChiSquare(2);
        Pixels gray = noise(12, 5);
        float[] bgr = new float[3 * 144];
        for (int c = 0; c < 3; c++) System.arraycopy(gray.values(), 0, bgr, c * 144, 144);
        float[] a = lbp.describe(gray), b = lbp.describe(new Pixels(bgr, 3, 12, 12));
        assertTrue(lbp.distance(a, b) < 1e-9, "an image with three equal channels has the luminance of its gray version");
    }

    @Test
    void aGridFinerThanTheImageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LbpChiSquare(8).describe(constant(8, 0.5f)));
        assertThrows(IllegalArgumentException.class, () -> new LbpChiSquare(0));
    }
}
