package io.siamese.data.augment;

import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import java.util.Random;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

/**
 * Koch, Zemel and Salakhutdinov's (2015) affine distortions: a rotation {@code theta}, a shear {@code (rho_x, rho_y)},
 * a scale {@code (s_x, s_y)} and a translation {@code (t_x, t_y)}, each of the four components included
 * independently with probability {@code componentProbability} (0.5 in the paper), about the image centre, resampled
 * bilinearly with OpenCV's {@code warpAffine}. The image is changed whenever at least one component is drawn, so the
 * transform's own {@link #probability()} is 1.
 *
 * <p>Translations are fractions of the image's shorter side, so a setting means the same whether the transform sees
 * the original photo or the already resized network input (the paper's 2 pixels on Omniglot's 105x105 is
 * {@code 2 / 105}). The shorter side is the side of the centre square the preprocessing keeps, so on a non-square
 * photo a fraction is also that fraction of the network's input. With {@code isotropicScale} one factor scales both
 * axes (faces keep their proportions); otherwise each axis draws its own (the paper).
 */
public final class RandomAffine extends RandomImageTransform {

    /** What fills the pixels the distortion uncovers. */
    public enum Border {
        /** The nearest edge pixel, repeated: no artificial frame on photos, white on Omniglot's white edges. */
        REPLICATE,
        /** Constant white (255): Omniglot's paper colour whatever touches the edge. */
        WHITE
    }

    private final double componentProbability;
    private final double rotationDegrees;
    private final double shear;
    private final double scaleMin;
    private final double scaleMax;
    private final boolean isotropicScale;
    private final double translationFraction;
    private final Border border;
    private double[] lastMatrix;

    /**
     * @param componentProbability how often each of rotation, shear, scale and translation is included, in [0, 1]
     * @param rotationDegrees      rotations are uniform in {@code [-rotationDegrees, rotationDegrees]}
     * @param shear                each shear factor is uniform in {@code [-shear, shear]}
     * @param scaleMin             each scale factor is uniform in {@code [scaleMin, scaleMax]}, {@code 0 < scaleMin}
     * @param scaleMax             at least {@code scaleMin}
     * @param isotropicScale       one scale factor for both axes (true) or one per axis (false, the paper)
     * @param translationFraction  each shift is uniform in {@code [-t, t]} with {@code t = translationFraction} times the
     *                             image's shorter side, in [0, 1]
     * @param border               what fills uncovered pixels
     */
    public RandomAffine(double componentProbability, double rotationDegrees, double shear, double scaleMin, double scaleMax,
                        boolean isotropicScale, double translationFraction, Border border) {
        super(1.0);
        Checks.probability("componentProbability", componentProbability);
        if (!(rotationDegrees >= 0) || !(shear >= 0)) {
            throw new IllegalArgumentException("rotation and shear ranges must be >= 0, got " + rotationDegrees + " and " + shear);
        }
        if (!(translationFraction >= 0 && translationFraction <= 1)) {
            throw new IllegalArgumentException("translationFraction must be in [0, 1] (a fraction of the image's shorter side, not pixels), got "
                    + translationFraction);
        }
        if (!(scaleMin > 0 && scaleMax >= scaleMin)) {
            throw new IllegalArgumentException("scale factors need 0 < scaleMin <= scaleMax, got " + scaleMin + " and " + scaleMax);
        }
        if (border == null) throw new IllegalArgumentException("border is missing; use REPLICATE or WHITE");
        this.componentProbability = componentProbability;
        this.rotationDegrees = rotationDegrees;
        this.shear = shear;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.isotropicScale = isotropicScale;
        this.translationFraction = translationFraction;
        this.border = border;
    }

    @Override
    protected Mat apply(Mat image, Random random) {
        boolean any = false;
        double theta = 0, shearX = 0, shearY = 0, scaleX = 1, scaleY = 1, shiftX = 0, shiftY = 0;
        if (random.nextDouble() < componentProbability) {
            theta = Math.toRadians(uniform(random, -rotationDegrees, rotationDegrees));
            any = true;
        }
        if (random.nextDouble() < componentProbability) {
            shearX = uniform(random, -shear, shear);
            shearY = uniform(random, -shear, shear);
            any = true;
        }
        if (random.nextDouble() < componentProbability) {
            scaleX = uniform(random, scaleMin, scaleMax);
            scaleY = isotropicScale ? scaleX : uniform(random, scaleMin, scaleMax);
            any = true;
        }
        if (random.nextDouble() < componentProbability) {
            double pixels = translationFraction * Math.min(image.cols(), image.rows());
            shiftX = uniform(random, -pixels, pixels);
            shiftY = uniform(random, -pixels, pixels);
            any = true;
        }
        if (!any) return null;
        double[] m = matrix(theta, shearX, shearY, scaleX, scaleY, shiftX, shiftY, (image.cols() - 1) / 2.0, (image.rows() - 1) / 2.0);
        Mat out = new Mat();
        // The matrix, size and border value are released here; only the result outlives the call.
        try (Mat affine = new Mat(2, 3, CV_64F); Size size = image.size(); Scalar fill = Scalar.all(border == Border.WHITE ? 255 : 0)) {
            DoubleIndexer indexer = affine.createIndexer();
            for (int i = 0; i < 6; i++) indexer.put(i / 3, i % 3, m[i]);
            indexer.release();
            warpAffine(image, out, affine, size, INTER_LINEAR, border == Border.WHITE ? BORDER_CONSTANT : BORDER_REPLICATE, fill);
        }
        lastMatrix = m;
        return out;
    }

    /**
     * The forward map, row-major 2x3: rotation times shear times scale about {@code (cx, cy)}, then the shift. Shear
     * is {@code [[1, shearX], [shearY, 1]]}.
     */
    static double[] matrix(double theta, double shearX, double shearY, double scaleX, double scaleY, double shiftX, double shiftY,
                           double cx, double cy) {
        double cos = Math.cos(theta), sin = Math.sin(theta);
        // The shear matrix times the scale matrix.
        double b00 = scaleX, b01 = shearX * scaleY, b10 = shearY * scaleX, b11 = scaleY;
        // The rotation matrix times that product.
        double a00 = cos * b00 - sin * b10, a01 = cos * b01 - sin * b11;
        double a10 = sin * b00 + cos * b10, a11 = sin * b01 + cos * b11;
        double tx = cx + shiftX - (a00 * cx + a01 * cy);
        double ty = cy + shiftY - (a10 * cx + a11 * cy);
        return new double[] {a00, a01, tx, a10, a11, ty};
    }

    private static double uniform(Random random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    @Override
    protected void forget() {
        lastMatrix = null;
    }

    /** Pixel coordinates {@code x0, y0, x1, y1, ...} in the last input, mapped to the last output. */
    @Override
    public float[] query(float... coordinates) {
        float[] out = coordinates.clone();
        double[] m = lastMatrix;
        if (m == null) return out;
        for (int i = 0; i + 1 < out.length; i += 2) {
            double x = coordinates[i], y = coordinates[i + 1];
            out[i] = (float) (m[0] * x + m[1] * y + m[2]);
            out[i + 1] = (float) (m[3] * x + m[4] * y + m[5]);
        }
        return out;
    }
}
