package io.siamese.training.floor;

/**
 * The classic face descriptor of Ahonen, Hadid &amp; Pietikäinen (2006), as a floor: uniform local binary patterns (8
 * neighbours at radius 1) over the luminance, one histogram of 59 bins per cell of a grid, the cell histograms
 * (each normalised to sum 1) concatenated, and the chi-square distance between two such descriptors.
 *
 * <p>A pattern is the 8 comparisons "neighbour &ge; centre" read clockwise from the top-left neighbour. The 58
 * patterns with at most two 0/1 transitions around the circle ("uniform") get a bin each, in increasing order of their
 * code; all others share bin 58. Only pixels with all 8 neighbours inside the image have a pattern; the grid divides
 * those pixels into {@code rows x columns} cells as evenly as it can.
 */
public final class LbpChiSquare implements ImageDistance<float[]> {

    public static final String KEY = "lbp";
    /** Bins per cell: 58 uniform patterns and one for the rest. */
    public static final int BINS = 59;
    /** Cells per side at the {@code compact} preset's 48x48: cells of 8x8 pixels (Ahonen et al. used 7x7 cells at 130x150). */
    public static final int DEFAULT_GRID = 6;

    private static final int[] BIN_OF_CODE = binTable();

    private final int rows;
    private final int columns;

    /** A square grid of {@code grid x grid} cells. */
    public LbpChiSquare(int grid) {
        this(grid, grid);
    }

    public LbpChiSquare(int rows, int columns) {
        if (rows < 1 || columns < 1) throw new IllegalArgumentException("the grid needs at least one cell per side, got " + rows + "x" + columns);
        this.rows = rows;
        this.columns = columns;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String title() {
        return "LBP-histogram chi-square (" + rows + "x" + columns + " cells)";
    }

    /** The concatenated cell histograms: {@code rows * columns * 59} values, each cell summing to 1. */
    @Override
    public float[] describe(Pixels image) {
        int h = image.height(), w = image.width();
        int innerH = h - 2, innerW = w - 2;
        if (innerH < rows || innerW < columns) {
            throw new IllegalArgumentException("a " + h + "x" + w + " image is too small for a " + rows + "x" + columns + " LBP grid");
        }
        float[] gray = image.gray();
        float[] histogram = new float[rows * columns * BINS];
        int[] counts = new int[rows * columns];
        for (int y = 1; y < h - 1; y++) {
            int cellRow = (y - 1) * rows / innerH;
            for (int x = 1; x < w - 1; x++) {
                int cell = cellRow * columns + (x - 1) * columns / innerW;
                histogram[cell * BINS + bin(code(gray, w, y, x))]++;
                counts[cell]++;
            }
        }
        for (int cell = 0; cell < counts.length; cell++) {
            for (int b = 0; b < BINS; b++) histogram[cell * BINS + b] /= counts[cell];
        }
        return histogram;
    }

    /** Chi-square: the sum over bins of {@code (a - b)^2 / (a + b)}, bins empty in both left out. */
    @Override
    public double distance(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("descriptors differ in length: " + a.length + " vs " + b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double s = a[i] + b[i];
            if (s > 0) {
                double d = a[i] - b[i];
                sum += d * d / s;
            }
        }
        return sum;
    }

    /**
     * The 8-bit pattern of the pixel at ({@code y}, {@code x}) of a {@code width}-wide plane: bit {@code i} is set when
     * the {@code i}-th neighbour clockwise from the top-left is at least the centre.
     */
    static int code(float[] gray, int width, int y, int x) {
        float c = gray[y * width + x];
        int up = (y - 1) * width, mid = y * width, down = (y + 1) * width;
        int code = 0;
        if (gray[up + x - 1] >= c) code |= 1;
        if (gray[up + x] >= c) code |= 1 << 1;
        if (gray[up + x + 1] >= c) code |= 1 << 2;
        if (gray[mid + x + 1] >= c) code |= 1 << 3;
        if (gray[down + x + 1] >= c) code |= 1 << 4;
        if (gray[down + x] >= c) code |= 1 << 5;
        if (gray[down + x - 1] >= c) code |= 1 << 6;
        if (gray[mid + x - 1] >= c) code |= 1 << 7;
        return code;
    }

    /** The histogram bin of a pattern: 0-57 for the uniform patterns in increasing code order, 58 for the others. */
    static int bin(int code) {
        return BIN_OF_CODE[code];
    }

    /** Transitions between neighbouring bits around the 8-bit circle. */
    static int transitions(int code) {
        int rotated = ((code >>> 1) | ((code & 1) << 7)) & 0xff;
        return Integer.bitCount(code ^ rotated);
    }

    private static int[] binTable() {
        int[] table = new int[256];
        int next = 0;
        for (int code = 0; code < 256; code++) table[code] = transitions(code) <= 2 ? next++ : -1;
        if (next != BINS - 1) throw new AssertionError("expected 58 uniform patterns, found " + next);
        for (int code = 0; code < 256; code++) if (table[code] < 0) table[code] = BINS - 1;
        return table;
    }
}
