package io.siamese.model;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a Siamese network: input size, the convolution tower and the embedding width. Immutable; the named
 * presets below are the only place architecture defaults live.
 *
 * @param preset        the preset this spec came from (informational; {@code custom} when built by hand)
 * @param height        input height in pixels
 * @param width         input width in pixels
 * @param channels      1 (grayscale) or 3 (colour)
 * @param convolutions  the convolution tower, first layer first
 * @param embeddingSize width of the dense sigmoid embedding
 */
public record ModelSpec(String preset, int height, int width, int channels, List<ConvSpec> convolutions,
                        int embeddingSize) {

    /** Names accepted by {@link #preset(String)}. */
    public static final List<String> PRESETS = List.of("koch", "seed", "compact");

    public ModelSpec {
        if (preset == null || preset.isBlank()) throw new IllegalArgumentException("preset name must not be blank");
        if (height < 8 || width < 8) throw new IllegalArgumentException("input must be at least 8x8 pixels, got " + height + "x" + width);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (convolutions == null || convolutions.isEmpty()) throw new IllegalArgumentException("at least one convolution is needed");
        if (embeddingSize < 1) throw new IllegalArgumentException("embeddingSize must be >= 1, got " + embeddingSize);
        convolutions = List.copyOf(convolutions);
        int h = height, w = width;
        for (ConvSpec c : convolutions) {
            h = h - c.kernel() + 1;
            w = w - c.kernel() + 1;
            if (c.pool()) { h /= 2; w /= 2; }
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("input " + height + "x" + width + " is too small for the tower of preset " + preset
                        + ": feature map shrinks to " + h + "x" + w);
            }
        }
    }

    /**
     * Koch et al. (2015): 105x105 input, conv 64@10x10, pool, 128@7x7, pool, 128@4x4, pool, 256@4x4, Dense 4096
     * sigmoid. 38,964,545 parameters with 3 channels.
     */
    public static ModelSpec koch(int channels) {
        return new ModelSpec("koch", 105, 105, channels, kochTower(), 4096);
    }

    /** The original face-ID projects: Koch's tower at 100x100 RGB. */
    public static ModelSpec seed() {
        return new ModelSpec("seed", 100, 100, 3, kochTower(), 4096);
    }

    /** A small tower (about 0.4 M parameters) that trains in seconds on a CPU: tests and the quick start. */
    public static ModelSpec compact() {
        return new ModelSpec("compact", 48, 48, 1,
                List.of(new ConvSpec(16, 5, true), new ConvSpec(32, 5, true), new ConvSpec(64, 3, false)), 128);
    }

    /** A preset by name: {@code koch} (105x105x1, the paper's Omniglot setting), {@code seed} or {@code compact}. */
    public static ModelSpec preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "koch" -> koch(1);
            case "seed" -> seed();
            case "compact" -> compact();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; choose one of " + PRESETS);
        };
    }

    public ModelSpec withChannels(int newChannels) {
        return new ModelSpec(preset, height, width, newChannels, convolutions, embeddingSize);
    }

    public ModelSpec withInputSize(int newHeight, int newWidth) {
        return new ModelSpec(preset, newHeight, newWidth, channels, convolutions, embeddingSize);
    }

    public ModelSpec withEmbeddingSize(int newEmbeddingSize) {
        return new ModelSpec(preset, height, width, channels, convolutions, newEmbeddingSize);
    }

    /** Height, width and channels of the last feature map, before the embedding layer. */
    public int[] featureMapShape() {
        int h = height, w = width, c = channels;
        for (ConvSpec conv : convolutions) {
            h = h - conv.kernel() + 1;
            w = w - conv.kernel() + 1;
            if (conv.pool()) { h /= 2; w /= 2; }
            c = conv.filters();
        }
        return new int[] {h, w, c};
    }

    /** The parameter count, computed from the shapes (the graph must agree; a test checks it). */
    public long parameterCount() {
        long total = 0;
        int in = channels;
        for (ConvSpec conv : convolutions) {
            total += (long) in * conv.filters() * conv.kernel() * conv.kernel() + conv.filters();
            in = conv.filters();
        }
        int[] f = featureMapShape();
        long flat = (long) f[0] * f[1] * f[2];
        total += flat * embeddingSize + embeddingSize;
        total += embeddingSize + 1;
        return total;
    }

    /** A one-line human description, for logs and summaries. */
    public String describe() {
        StringBuilder sb = new StringBuilder(preset).append(' ').append(height).append('x').append(width).append('x').append(channels).append(": ");
        for (ConvSpec c : convolutions) {
            sb.append("conv ").append(c.filters()).append('@').append(c.kernel()).append('x').append(c.kernel());
            sb.append(c.pool() ? ", pool, " : ", ");
        }
        return sb.append("dense ").append(embeddingSize).append(" sigmoid, L1, dense 1 sigmoid (")
                .append(String.format(Locale.ROOT, "%,d", parameterCount())).append(" parameters)").toString();
    }

    private static List<ConvSpec> kochTower() {
        return List.of(new ConvSpec(64, 10, true), new ConvSpec(128, 7, true), new ConvSpec(128, 4, true), new ConvSpec(256, 4, false));
    }
}
