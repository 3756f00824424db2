package io.siamese.training.floor;

/**
 * The raw-pixel floor: the mean absolute difference of two preprocessed images, value by value (every channel). What
 * a Siamese network's L1 head computes on learned embeddings, computed here on the pixels themselves.
 */
public final class PixelL1 implements ImageDistance<float[]> {

    public static final String KEY = "pixel_l1";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String title() {
        return "raw-pixel L1";
    }

    @Override
    public float[] describe(Pixels image) {
        return image.values().clone();
    }

    @Override
    public double distance(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("images differ in size: " + a.length + " vs " + b.length + " values");
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
        return sum / a.length;
    }
}
