package io.siamese.data.lfw;

import io.siamese.data.FaceCropper;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import java.util.Optional;

/**
 * A fixed central square: LFW's images (250x250) were cut around a detected face, so the face sits in the middle at
 * about the same size in every image, and a fixed central crop is a cheap, consistent alignment: no detector runs,
 * nothing is missed, and the background that varies from photo to photo is mostly cut away.
 */
public final class LfwCentreCrop implements FaceCropper {

    /** The default side: 45% of the shorter side, about 112 of LFW's 250 pixels, the inner face from brows to chin. */
    public static final double DEFAULT_FRACTION = 0.45;

    private final double fraction;

    public LfwCentreCrop() {
        this(DEFAULT_FRACTION);
    }

    /** @param fraction the square's side as a fraction of the image's shorter side, in (0, 1] */
    public LfwCentreCrop(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        this.fraction = fraction;
    }

    public double fraction() {
        return fraction;
    }

    /** The central square, never empty; the input is not modified. */
    @Override
    public Optional<Mat> crop(Mat image) {
        int side = Math.max(1, (int) Math.round(Math.min(image.rows(), image.cols()) * fraction));
        int x = (image.cols() - side) / 2, y = (image.rows() - side) / 2;
        try (Rect box = new Rect(x, y, side, side); Mat region = new Mat(image, box)) {
            return Optional.of(region.clone());
        }
    }

    /** The fraction decides the crop: the image cache keeps centre crops under it. */
    @Override
    public Optional<String> cacheKey() {
        return Optional.of("lfw-centre(" + fraction + ")");
    }
}
