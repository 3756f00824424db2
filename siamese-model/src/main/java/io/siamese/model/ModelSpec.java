package io.siamese.model;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a Siamese network: input size, the convolution tower and the embedding. Immutable; the named presets
 * below are the only place architecture defaults live.
 *
 * @param preset        the preset this spec came from (informational; {@code custom} when built by hand)
 * @param height        input height in pixels
 * @param width         input width in pixels
 * @param channels      1 (grayscale) or 3 (colour)
 * @param convolutions  the convolution tower, first layer first
 * @param embeddingSize width of the embedding
 * @param batchNorm     batch normalisation after every convolution (before its ReLU); inference uses the running
 *                      statistics gathered in training. Model files written before this field have none.
 * @param embeddingKind how the embedding is squashed: {@link EmbeddingKind#SIGMOID} (Koch et al.; the default for
 *                      model files written before this field) or {@link EmbeddingKind#NORMALIZED} (unit length)
 * @param testTimeFlip  an image's embedding is the mean of the embeddings of the image and its mirror image (then
 *                      scaled back to unit length when normalised): faces are nearly symmetric, characters are not.
 *                      Every embedding of the model is computed this way, in training's validation, evaluation and
 *                      the app alike.
 * @param testTimeShift 0, or a shift in pixels: an image's embedding is then also averaged over the image moved by
 *                      that many pixels left, right, up and down (edges repeated), five positions in all, each with
 *                      its mirror image when {@code testTimeFlip}; like the mirror averaging it is used by every
 *                      embedding of the model. Model files written before this field have none.
 * @param testTimeZoom  1, or a factor in [0.5, 2] every image is scaled by about its centre (bilinear; below 1 the
 *                      edges are repeated into the border it leaves) before the mirror and shift averaging. 0.9 was
 *                      measured to help ORL's faces with a tower transferred from LFW (why is not known;
 *                      {@code docs/accuracy.md}). Like the shift averaging, training's stages validate without it and
 *                      the final model embeds with it. Model files written before this field have none (read as 1).
 * @param testTimeRotation 0, or an angle in degrees (at most 30): an image's embedding is then the mean of the
 *                      embeddings of the (zoomed) image and of it rotated by that angle either way about its centre
 *                      (bilinear, edges repeated), each with the mirror and shift averaging: three times the tower
 *                      passes. Like the zoom, training's stages validate without it and the final model embeds with
 *                      it. Model files written before this field have none.
 */
public record ModelSpec(String preset, int height, int width, int channels, List<ConvSpec> convolutions,
                        int embeddingSize, boolean batchNorm, EmbeddingKind embeddingKind, boolean testTimeFlip, int testTimeShift,
                        double testTimeZoom, double testTimeRotation) {

    /** Names accepted by {@link #preset(String)}. */
    public static final List<String> PRESETS = List.of("koch", "seed", "compact", "face", "characters");

    public ModelSpec {
        if (preset == null || preset.isBlank()) throw new IllegalArgumentException("preset name must not be blank");
        if (height < 8 || width < 8) throw new IllegalArgumentException("input must be at least 8x8 pixels, got " + height + "x" + width);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (convolutions == null || convolutions.isEmpty()) throw new IllegalArgumentException("at least one convolution is needed");
        if (embeddingSize < 1) throw new IllegalArgumentException("embeddingSize must be >= 1, got " + embeddingSize);
        if (embeddingKind == null) embeddingKind = EmbeddingKind.SIGMOID;
        if (testTimeShift < 0 || 4 * testTimeShift >= Math.min(height, width)) {
            throw new IllegalArgumentException("testTimeShift must be in [0, a quarter of the input side), got " + testTimeShift);
        }
        if (testTimeZoom == 0) testTimeZoom = 1;
        if (!(testTimeZoom >= 0.5 && testTimeZoom <= 2)) throw new IllegalArgumentException("testTimeZoom must be in [0.5, 2], got " + testTimeZoom);
        if (!(testTimeRotation >= 0 && testTimeRotation <= 30)) {
            throw new IllegalArgumentException("testTimeRotation must be in [0, 30] degrees, got " + testTimeRotation);
        }
        convolutions = List.copyOf(convolutions);
        int h = height, w = width;
        for (ConvSpec c : convolutions) {
            h = c.outputSide(h);
            w = c.outputSide(w);
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("input " + height + "x" + width + " is too small for the tower of preset " + preset
                        + ": feature map shrinks to " + h + "x" + w);
            }
        }
    }

    /** Without the test-time zoom or rotation averaging. */
    public ModelSpec(String preset, int height, int width, int channels, List<ConvSpec> convolutions, int embeddingSize, boolean batchNorm,
                     EmbeddingKind embeddingKind, boolean testTimeFlip, int testTimeShift) {
        this(preset, height, width, channels, convolutions, embeddingSize, batchNorm, embeddingKind, testTimeFlip, testTimeShift, 1, 0);
    }

    /** Without test-time shift averaging or zoom. */
    public ModelSpec(String preset, int height, int width, int channels, List<ConvSpec> convolutions, int embeddingSize, boolean batchNorm,
                     EmbeddingKind embeddingKind, boolean testTimeFlip) {
        this(preset, height, width, channels, convolutions, embeddingSize, batchNorm, embeddingKind, testTimeFlip, 0, 1, 0);
    }

    /** A tower without batch normalisation and with Koch et al.'s sigmoid embedding (the layout before both existed). */
    public ModelSpec(String preset, int height, int width, int channels, List<ConvSpec> convolutions, int embeddingSize) {
        this(preset, height, width, channels, convolutions, embeddingSize, false, EmbeddingKind.SIGMOID, false);
    }

    /**
     * Koch et al. (2015): 105x105 input, conv 64@10x10, pool, 128@7x7, pool, 128@4x4, pool, 256@4x4, Dense 4096
     * sigmoid; here with batch normalisation after each convolution (2,304 parameters more than the paper's
     * 38,964,545 at 3 channels; {@link #withBatchNorm(boolean) withBatchNorm(false)} gives the paper's exact network).
     */
    public static ModelSpec koch(int channels) {
        return new ModelSpec("koch", 105, 105, channels, kochTower(), 4096, true, EmbeddingKind.SIGMOID, false);
    }

    /** The original face-ID projects: Koch's tower at 100x100 RGB. */
    public static ModelSpec seed() {
        return new ModelSpec("seed", 100, 100, 3, kochTower(), 4096, true, EmbeddingKind.SIGMOID, false);
    }

    /** A small tower (about 0.4 M parameters) that trains in seconds on a CPU: tests and the quick start. */
    public static ModelSpec compact() {
        return new ModelSpec("compact", 48, 48, 1,
                List.of(new ConvSpec(16, 5, true), new ConvSpec(32, 5, true), new ConvSpec(64, 3, false)), 128,
                true, EmbeddingKind.SIGMOID, false);
    }

    /**
     * Faces on a 2-core CPU: 64x64 grayscale, four VGG-style blocks (3x3 convolution with padding, batch
     * normalisation, ReLU, 2x2 max-pool) of 32, 64, 128 and 256 filters, and a 128-d unit-length embedding averaged
     * with the mirror image's and over shifts of 2 pixels (docs/accuracy.md); about 0.9 M parameters.
     */
    public static ModelSpec face() {
        return new ModelSpec("face", 64, 64, 1,
                List.of(new ConvSpec(32, 3, true, true), new ConvSpec(64, 3, true, true), new ConvSpec(128, 3, true, true),
                        new ConvSpec(256, 3, true, true)),
                128, true, EmbeddingKind.NORMALIZED, true, 2);
    }

    /**
     * Handwritten characters on a 2-core CPU: 28x28 grayscale (Omniglot's 105x105 drawings area-averaged), four blocks
     * of 64 padded 3x3 convolutions with batch normalisation, ReLU and 2x2 max-pooling (the "Conv-4" tower of few-shot
     * learning), and a 128-d unit-length embedding; no mirror averaging (a mirrored character is another character).
     * About 0.12 M parameters.
     */
    public static ModelSpec characters() {
        ConvSpec block = new ConvSpec(64, 3, true, true);
        return new ModelSpec("characters", 28, 28, 1, List.of(block, block, block, block), 128, true, EmbeddingKind.NORMALIZED, false);
    }

    /**
     * A preset by name: {@code koch} (105x105x1, the paper's Omniglot setting), {@code seed}, {@code compact},
     * {@code face} or {@code characters}.
     */
    public static ModelSpec preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "koch" -> koch(1);
            case "seed" -> seed();
            case "compact" -> compact();
            case "face" -> face();
            case "characters" -> characters();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; choose one of " + PRESETS);
        };
    }

    public ModelSpec withChannels(int newChannels) {
        return new ModelSpec(preset, height, width, newChannels, convolutions, embeddingSize, batchNorm, embeddingKind, testTimeFlip, testTimeShift, testTimeZoom, testTimeRotation);
    }

    public ModelSpec withInputSize(int newHeight, int newWidth) {
        return new ModelSpec(preset, newHeight, newWidth, channels, convolutions, embeddingSize, batchNorm, embeddingKind, testTimeFlip, testTimeShift, testTimeZoom, testTimeRotation);
    }

    public ModelSpec withEmbeddingSize(int newEmbeddingSize) {
        return new ModelSpec(preset, height, width, channels, convolutions, newEmbeddingSize, batchNorm, embeddingKind, testTimeFlip, testTimeShift, testTimeZoom, testTimeRotation);
    }

    public ModelSpec withBatchNorm(boolean newBatchNorm) {
        return new ModelSpec(preset, height, width, channels, convolutions, embeddingSize, newBatchNorm, embeddingKind, testTimeFlip, testTimeShift, testTimeZoom, testTimeRotation);
    }

    public ModelSpec withEmbeddingKind(EmbeddingKind newKind) {
        return new ModelSpec(preset, height, width, channels, convolutions, embeddingSize, batchNorm, newKind, testTimeFlip, testTimeShift, testTimeZoom, testTimeRotation);
    }

    public ModelSpec withTestTimeShift(int pixels) {
        return new ModelSpec(preset, height, width, channels, convolutions, embeddingSize, batchNorm, embeddingKind, testTimeFlip, pixels, testTimeZoom, testTimeRotation);
    }

    public ModelSpec withTestTimeZoom(double zoom) {
        return new ModelSpec(preset, height, width, channels, convolutions, embeddingSize, batchNorm, embeddingKind, testTimeFlip, testTimeShift, zoom, testTimeRotation);
    }

    public ModelSpec withTestTimeRotation(double degrees) {
        return new ModelSpec(preset, height, width, channels, convolutions, embeddingSize, batchNorm, embeddingKind, testTimeFlip, testTimeShift, testTimeZoom, degrees);
    }

    /**
     * This spec as training's stages use it: no test-time shift or rotation averaging, no zoom (the final model has
     * the whole spec).
     */
    public ModelSpec forTraining() {
        return withTestTimeShift(0).withTestTimeZoom(1).withTestTimeRotation(0);
    }

    public ModelSpec withTestTimeFlip(boolean flip) {
        return new ModelSpec(preset, height, width, channels, convolutions, embeddingSize, batchNorm, embeddingKind, flip, testTimeShift, testTimeZoom, testTimeRotation);
    }

    /** Height, width and channels of the last feature map, before the embedding layer. */
    public int[] featureMapShape() {
        int h = height, w = width, c = channels;
        for (ConvSpec conv : convolutions) {
            h = conv.outputSide(h);
            w = conv.outputSide(w);
            c = conv.filters();
        }
        return new int[] {h, w, c};
    }

    /**
     * The parameter count, computed from the shapes (the graph must agree; a test checks it). Batch normalisation
     * counts four per channel, as DL4J stores them: scale, shift, and the running mean and variance.
     */
    public long parameterCount() {
        return towerParameterCount() + embeddingSize + 1;
    }

    /** Parameters of the tower up to and including the embedding layer (everything but the head). */
    public long towerParameterCount() {
        long total = 0;
        int in = channels;
        for (ConvSpec conv : convolutions) {
            total += (long) in * conv.filters() * conv.kernel() * conv.kernel() + conv.filters();
            if (batchNorm) total += 4L * conv.filters();
            in = conv.filters();
        }
        int[] f = featureMapShape();
        long flat = (long) f[0] * f[1] * f[2];
        return total + flat * embeddingSize + embeddingSize;
    }

    /** A one-line human description, for logs and summaries. */
    public String describe() {
        StringBuilder sb = new StringBuilder(preset).append(' ').append(height).append('x').append(width).append('x').append(channels).append(": ");
        for (ConvSpec c : convolutions) {
            sb.append("conv ").append(c.filters()).append('@').append(c.kernel()).append('x').append(c.kernel());
            if (c.same()) sb.append(" same");
            if (batchNorm) sb.append(" bn");
            sb.append(c.pool() ? ", pool, " : ", ");
        }
        return sb.append("dense ").append(embeddingSize).append(embeddingKind == EmbeddingKind.SIGMOID ? " sigmoid" : " unit-length")
                .append(testTimeFlip ? (testTimeShift > 0 ? " (mirror- and shift-averaged, " + testTimeShift + " px)" : " (mirror-averaged)")
                        : testTimeShift > 0 ? " (shift-averaged, " + testTimeShift + " px)" : "")
                .append(testTimeZoom != 1 ? String.format(Locale.ROOT, " (images zoomed x%s)", testTimeZoom) : "")
                .append(testTimeRotation != 0 ? String.format(Locale.ROOT, " (rotation-averaged, +-%s degrees)", testTimeRotation) : "").append(", L1, dense 1 sigmoid (").append(String.format(Locale.ROOT, "%,d", parameterCount())).append(" parameters)").toString();
    }

    private static List<ConvSpec> kochTower() {
        return List.of(new ConvSpec(64, 10, true), new ConvSpec(128, 7, true), new ConvSpec(128, 4, true), new ConvSpec(256, 4, false));
    }
}
