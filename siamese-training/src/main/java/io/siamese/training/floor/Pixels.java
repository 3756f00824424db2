package io.siamese.training.floor;

/**
 * One preprocessed image as {@code io.siamese.data.ImagePreprocessor} leaves it: values in [0, 1], channel-major
 * ({@code C, H, W}), channels in OpenCV's BGR order when there are three.
 *
 * @param values   {@code channels * height * width} values
 * @param channels 1 (grayscale) or 3 (BGR)
 * @param height   rows
 * @param width    columns
 */
public record Pixels(float[] values, int channels, int height, int width) {

    public Pixels {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (height < 1 || width < 1) throw new IllegalArgumentException("size must be positive, got " + height + "x" + width);
        if (values == null || values.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " values for " + channels + "x" + height + "x"
                    + width + ", got " + (values == null ? "none" : values.length));
        }
    }

    /** The luminance plane, {@code height * width} values: the image itself when grayscale, else ITU-R BT.601 weights of B, G, R. */
    public float[] gray() {
        if (channels == 1) return values;
        int plane = height * width;
        float[] out = new float[plane];
        for (int i = 0; i < plane; i++) out[i] = 0.114f * values[i] + 0.587f * values[plane + i] + 0.299f * values[2 * plane + i];
        return out;
    }
}
