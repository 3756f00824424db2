package io.siamese.training.floor;

import java.util.Arrays;

/**
 * Lake et al.'s Omniglot baseline as a floor: the Modified Hausdorff distance (Dubuisson &amp; Jain 1994) between the
 * ink pixels of two binarised drawings. For point sets A and B it is
 * {@code max(mean over a in A of min over b in B |a - b|, mean over b in B of min over a in A |a - b|)}, in pixels.
 * As in Lake's {@code demo_classification.py} each point set is centred on its mean first (a drawing shifted on the
 * page is the same character); {@link #uncentred} compares positions as they are.
 *
 * <p>Ink is a luminance below {@link #inkBelow()} (Omniglot draws black strokes on white). A drawing with no ink is
 * at the image's diagonal from any drawing with ink, and at 0 from another empty one.
 */
public final class ModifiedHausdorff implements ImageDistance<ModifiedHausdorff.Strokes> {

    public static final String KEY = "mhd";
    /** The default binarisation: darker than mid-grey is ink. */
    public static final double DEFAULT_INK_BELOW = 0.5;

    /** The ink pixels of one drawing, as row and column coordinates (centred or not), and the image's size. */
    public record Strokes(float[] rows, float[] columns, int height, int width) {
        public int size() {
            return rows.length;
        }
    }

    private final double inkBelow;
    private final boolean centred;

    /** Lake's: ink below mid-grey, point sets centred. */
    public ModifiedHausdorff() {
        this(DEFAULT_INK_BELOW, true);
    }

    public ModifiedHausdorff(double inkBelow, boolean centred) {
        if (!(inkBelow > 0 && inkBelow <= 1)) throw new IllegalArgumentException("inkBelow must be in (0, 1], got " + inkBelow);
        this.inkBelow = inkBelow;
        this.centred = centred;
    }

    /** The same distance on positions as they are, without centring the point sets. */
    public static ModifiedHausdorff uncentred() {
        return new ModifiedHausdorff(DEFAULT_INK_BELOW, false);
    }

    public double inkBelow() {
        return inkBelow;
    }

    public boolean centred() {
        return centred;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String title() {
        return "Modified Hausdorff distance on stroke pixels";
    }

    @Override
    public Strokes describe(Pixels image) {
        float[] gray = image.gray();
        int h = image.height(), w = image.width();
        float[] rows = new float[gray.length], columns = new float[gray.length];
        int n = 0;
        double sumRow = 0, sumColumn = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray[y * w + x] < inkBelow) {
                    rows[n] = y;
                    columns[n] = x;
                    sumRow += y;
                    sumColumn += x;
                    n++;
                }
            }
        }
        rows = Arrays.copyOf(rows, n);
        columns = Arrays.copyOf(columns, n);
        if (centred && n > 0) {
            float meanRow = (float) (sumRow / n), meanColumn = (float) (sumColumn / n);
            for (int i = 0; i < n; i++) {
                rows[i] -= meanRow;
                columns[i] -= meanColumn;
            }
        }
        return new Strokes(rows, columns, h, w);
    }

    @Override
    public double distance(Strokes a, Strokes b) {
        int n = a.size(), m = b.size();
        if (n == 0 || m == 0) {
            if (n == m) return 0;
            int h = Math.max(a.height(), b.height()), w = Math.max(a.width(), b.width());
            return Math.sqrt((double) h * h + (double) w * w);
        }
        float[] nearestToA = new float[n], nearestToB = new float[m];
        Arrays.fill(nearestToB, Float.POSITIVE_INFINITY);
        float[] ar = a.rows(), ac = a.columns(), br = b.rows(), bc = b.columns();
        for (int i = 0; i < n; i++) {
            float r = ar[i], c = ac[i], best = Float.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                float dr = r - br[j], dc = c - bc[j];
                float d = dr * dr + dc * dc;
                if (d < best) best = d;
                if (d < nearestToB[j]) nearestToB[j] = d;
            }
            nearestToA[i] = best;
        }
        return Math.max(meanRoot(nearestToA), meanRoot(nearestToB));
    }

    private static double meanRoot(float[] squared) {
        double sum = 0;
        for (float s : squared) sum += Math.sqrt(s);
        return sum / squared.length;
    }
}
