package io.siamese.data.augment;

import org.datavec.image.transform.ImageTransform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which augmentation training applies, with every default in this one place. Two independent parts, each off
 * when its probabilities are 0: photometric changes and affine distortions. The affine distortion runs first, then
 * flip, brightness, contrast, saturation and JPEG re-encoding, all drawing from the one seeded
 * {@link java.util.Random} the caller passes (PairIterator seeds it per pair and side).
 *
 * <p>Presets: {@link #NONE}; {@link #PHOTOMETRIC}, the original projects' TensorFlow set; {@link #KOCH_AFFINE}, Koch et
 * al.'s distortions for Omniglot; {@link #BOTH}; and {@link #FACE}, mild changes that keep a face a face (mirror,
 * small shift, scale and rotation, brightness and contrast; no shear, no JPEG). Shifts are fractions of the image's
 * shorter side, so every preset means the same on the original photo and on the resized network input.
 *
 * @param photometric brightness, contrast, saturation, flip and JPEG quality
 * @param affine      rotation, shear, scale and translation
 */
public record AugmentationConfig(Photometric photometric, Affine affine) {

    /**
     * The original projects' TensorFlow augmentation, each part with its own probability.
     *
     * @param brightnessProbability how often the brightness changes
     * @param brightnessDelta       the largest brightness offset as a fraction of the 0-255 range. The original used
     *                              0.02 (about 5 levels, barely visible); the default 0.1 (about 25 levels) matches
     *                              the webcam lighting changes the app meets. {@code withBrightnessDelta(0.02)} gives
     *                              the original.
     * @param contrastProbability   how often the contrast changes
     * @param contrastMin           the smallest contrast factor (original 0.6)
     * @param contrastMax           the largest contrast factor (original 1.0)
     * @param saturationProbability how often the saturation of a colour image changes
     * @param saturationMin         the smallest saturation factor (original 0.9)
     * @param saturationMax         the largest saturation factor (original 1.0)
     * @param flipProbability       how often the image is mirrored left to right (original 0.5)
     * @param jpegProbability       how often the image is re-encoded as JPEG
     * @param jpegQualityMin        the lowest JPEG quality (original 90)
     * @param jpegQualityMax        the highest JPEG quality (original 100)
     */
    public record Photometric(double brightnessProbability, double brightnessDelta,
                              double contrastProbability, double contrastMin, double contrastMax,
                              double saturationProbability, double saturationMin, double saturationMax,
                              double flipProbability,
                              double jpegProbability, int jpegQualityMin, int jpegQualityMax) {

        /** The original projects' ranges (brightness widened to 0.1, see {@link #brightnessDelta}), every part always on except the flip. */
        public static final Photometric DEFAULTS = new Photometric(1.0, 0.1, 1.0, 0.6, 1.0, 1.0, 0.9, 1.0, 0.5, 1.0, 90, 100);
        /** Nothing photometric. */
        public static final Photometric OFF = new Photometric(0, 0.1, 0, 0.6, 1.0, 0, 0.9, 1.0, 0, 0, 90, 100);
        /**
         * Faces: a mirror image half the time, brightness +-0.1 of the range and contrast 0.8-1.2 on every image; no
         * saturation change and no JPEG re-encoding.
         */
        public static final Photometric FACE = new Photometric(1.0, 0.1, 1.0, 0.8, 1.2, 0, 0.9, 1.0, 0.5, 0, 90, 100);

        public Photometric {
            Checks.probability("brightnessProbability", brightnessProbability);
            Checks.probability("contrastProbability", contrastProbability);
            Checks.probability("saturationProbability", saturationProbability);
            Checks.probability("flipProbability", flipProbability);
            Checks.probability("jpegProbability", jpegProbability);
            if (!(brightnessDelta >= 0 && brightnessDelta <= 1)) {
                throw new IllegalArgumentException("brightnessDelta must be in [0, 1] (a fraction of the range), got " + brightnessDelta);
            }
            if (!(contrastMin >= 0 && contrastMax >= contrastMin)) {
                throw new IllegalArgumentException("contrast needs 0 <= contrastMin <= contrastMax, got " + contrastMin + " and " + contrastMax);
            }
            if (!(saturationMin >= 0 && saturationMax >= saturationMin)) {
                throw new IllegalArgumentException("saturation needs 0 <= saturationMin <= saturationMax, got " + saturationMin + " and " + saturationMax);
            }
            if (jpegQualityMin < 1 || jpegQualityMax > 100 || jpegQualityMin > jpegQualityMax) {
                throw new IllegalArgumentException("JPEG quality needs 1 <= jpegQualityMin <= jpegQualityMax <= 100, got " + jpegQualityMin
                        + " and " + jpegQualityMax);
            }
        }

        /** Whether this part never changes an image. */
        public boolean isOff() {
            return brightnessProbability == 0 && contrastProbability == 0 && saturationProbability == 0 && flipProbability == 0
                    && jpegProbability == 0;
        }

        public Photometric withBrightnessDelta(double delta) {
            return new Photometric(brightnessProbability, delta, contrastProbability, contrastMin, contrastMax, saturationProbability,
                    saturationMin, saturationMax, flipProbability, jpegProbability, jpegQualityMin, jpegQualityMax);
        }

        public Photometric withFlipProbability(double probability) {
            return new Photometric(brightnessProbability, brightnessDelta, contrastProbability, contrastMin, contrastMax, saturationProbability,
                    saturationMin, saturationMax, probability, jpegProbability, jpegQualityMin, jpegQualityMax);
        }

        /** The same ranges with every probability set to {@code probability}. */
        public Photometric withAllProbabilities(double probability) {
            return new Photometric(probability, brightnessDelta, probability, contrastMin, contrastMax, probability,
                    saturationMin, saturationMax, probability, probability, jpegQualityMin, jpegQualityMax);
        }

        List<ImageTransform> transforms() {
            List<ImageTransform> out = new ArrayList<>();
            if (flipProbability > 0) out.add(new RandomHorizontalFlip(flipProbability));
            if (brightnessProbability > 0) out.add(new RandomBrightness(brightnessProbability, brightnessDelta));
            if (contrastProbability > 0) out.add(new RandomContrast(contrastProbability, contrastMin, contrastMax));
            if (saturationProbability > 0) out.add(new RandomSaturation(saturationProbability, saturationMin, saturationMax));
            if (jpegProbability > 0) out.add(new RandomJpegQuality(jpegProbability, jpegQualityMin, jpegQualityMax));
            return out;
        }
    }

    /**
     * Affine distortions in the style of Koch et al. (section 4.3 of the paper): their ranges in {@link #DEFAULTS},
     * milder ones for faces in {@link #FACE}.
     *
     * @param componentProbability how often each of the four components is included (paper 0.5)
     * @param rotationDegrees      rotation range, +- degrees (paper 10)
     * @param shear                shear range per axis, +- (paper 0.3)
     * @param scaleMin             smallest scale factor (paper 0.8)
     * @param scaleMax             largest scale factor (paper 1.2)
     * @param isotropicScale       one factor for both axes (faces) or one per axis (the paper)
     * @param translation          translation range per axis, +- this fraction of the image's shorter side, in [0, 1]
     *                             (paper 2 pixels on 105x105, {@link #KOCH_TRANSLATION})
     * @param border               what fills uncovered pixels. {@link RandomAffine.Border#REPLICATE} by default: it
     *                             gives white on Omniglot (whose edges are blank paper) and no artificial frame on
     *                             faces; {@link RandomAffine.Border#WHITE} forces white for Omniglot drawings that
     *                             touch the edge.
     */
    public record Affine(double componentProbability, double rotationDegrees, double shear, double scaleMin, double scaleMax,
                         boolean isotropicScale, double translation, RandomAffine.Border border) {

        /** The paper's translation range: 2 pixels on Omniglot's 105x105 drawings, as a fraction of the side. */
        public static final double KOCH_TRANSLATION = 2.0 / 105;
        /** The paper's distortions. */
        public static final Affine DEFAULTS = new Affine(0.5, 10, 0.3, 0.8, 1.2, false, KOCH_TRANSLATION, RandomAffine.Border.REPLICATE);
        /** No distortion. */
        public static final Affine OFF = DEFAULTS.withComponentProbability(0);
        /**
         * Faces: each of rotation (+-5 degrees), scale (0.9-1.1, both axes alike) and shift (+-5% of the side) half the
         * time, no shear, edges repeated.
         */
        public static final Affine FACE = new Affine(0.5, 5, 0, 0.9, 1.1, true, 0.05, RandomAffine.Border.REPLICATE);

        public Affine {
            Checks.probability("componentProbability", componentProbability);
            if (!(rotationDegrees >= 0 && shear >= 0)) {
                throw new IllegalArgumentException("rotationDegrees and shear must be >= 0, got " + rotationDegrees + " and " + shear);
            }
            if (!(translation >= 0 && translation <= 1)) {
                throw new IllegalArgumentException("translation must be in [0, 1] (a fraction of the image's shorter side, not pixels), got "
                        + translation);
            }
            if (!(scaleMin > 0 && scaleMax >= scaleMin)) {
                throw new IllegalArgumentException("scale needs 0 < scaleMin <= scaleMax, got " + scaleMin + " and " + scaleMax);
            }
            if (border == null) throw new IllegalArgumentException("border is missing; use REPLICATE or WHITE");
        }

        /** Whether this part never changes an image. */
        public boolean isOff() {
            return componentProbability == 0;
        }

        public Affine withComponentProbability(double probability) {
            return new Affine(probability, rotationDegrees, shear, scaleMin, scaleMax, isotropicScale, translation, border);
        }

        public Affine withTranslation(double fraction) {
            return new Affine(componentProbability, rotationDegrees, shear, scaleMin, scaleMax, isotropicScale, fraction, border);
        }

        public Affine withBorder(RandomAffine.Border newBorder) {
            return new Affine(componentProbability, rotationDegrees, shear, scaleMin, scaleMax, isotropicScale, translation, newBorder);
        }

        List<ImageTransform> transforms() {
            return isOff() ? List.of()
                    : List.of(new RandomAffine(componentProbability, rotationDegrees, shear, scaleMin, scaleMax, isotropicScale, translation, border));
        }
    }

    /** No augmentation. */
    public static final AugmentationConfig NONE = new AugmentationConfig(Photometric.OFF, Affine.OFF);
    /** The original projects' photometric set only. */
    public static final AugmentationConfig PHOTOMETRIC = new AugmentationConfig(Photometric.DEFAULTS, Affine.OFF);
    /** Koch et al.'s affine distortions only (their Omniglot setting). */
    public static final AugmentationConfig KOCH_AFFINE = new AugmentationConfig(Photometric.OFF, Affine.DEFAULTS);
    /** Both. */
    public static final AugmentationConfig BOTH = new AugmentationConfig(Photometric.DEFAULTS, Affine.DEFAULTS);
    /** Mild changes for faces: {@link Photometric#FACE} and {@link Affine#FACE}. */
    public static final AugmentationConfig FACE = new AugmentationConfig(Photometric.FACE, Affine.FACE);
    /** The names {@link #named} accepts. */
    public static final String NAMES = "none, photometric, koch-affine, both or face";

    public AugmentationConfig {
        if (photometric == null || affine == null) throw new IllegalArgumentException("photometric and affine must be given (use OFF to turn one off)");
    }

    /** A preset by name: {@code none}, {@code photometric}, {@code koch-affine}, {@code both} or {@code face} (case-insensitive). */
    public static AugmentationConfig named(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "photometric" -> PHOTOMETRIC;
            case "koch-affine", "koch_affine", "affine" -> KOCH_AFFINE;
            case "both" -> BOTH;
            case "face" -> FACE;
            default -> throw new IllegalArgumentException("unknown augmentation '" + name + "'; use " + NAMES);
        };
    }

    public AugmentationConfig withPhotometric(Photometric newPhotometric) {
        return new AugmentationConfig(newPhotometric, affine);
    }

    public AugmentationConfig withAffine(Affine newAffine) {
        return new AugmentationConfig(photometric, newAffine);
    }

    /** Whether this configuration never changes an image. */
    public boolean isNone() {
        return photometric.isOff() && affine.isOff();
    }

    /** A new transform for this configuration (transforms are not thread-safe: one per thread or iterator). */
    public ImageTransform create() {
        List<ImageTransform> transforms = new ArrayList<>(affine.transforms());
        transforms.addAll(photometric.transforms());
        return new SequentialTransform(transforms);
    }

    /**
     * What {@code PairIterator} takes: a factory of fresh transforms, or null when this configuration changes
     * nothing (so no time is spent converting images for nothing).
     */
    public Supplier<ImageTransform> factory() {
        return isNone() ? null : this::create;
    }
}
