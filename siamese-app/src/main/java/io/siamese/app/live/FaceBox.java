package io.siamese.app.live;

/** Where a face was found in a frame, in pixels of the frame. */
public record FaceBox(int x, int y, int width, int height) {
    public FaceBox {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("a face box needs a positive size, got " + width + "x" + height);
    }
}
