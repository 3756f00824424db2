package io.siamese.data;

/** Two images and whether they show the same identity (label 1) or not (label 0). */
public record Pair(ImageRef left, ImageRef right, boolean same) {
    public float label() {
        return same ? 1f : 0f;
    }
}
