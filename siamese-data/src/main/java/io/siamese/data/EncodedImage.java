package io.siamese.data;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An image source whose pixels come from encoded bytes (a JPEG or PNG file, a zip entry). The bytes identify the
 * image: {@link ImageCache} keys what it keeps by their hash, so a changed file is never served stale and a copy of a
 * file under another name is decoded once.
 */
public interface EncodedImage extends ImageSource {

    /**
     * The encoded bytes, read afresh on every call.
     *
     * @throws ImageDecodeException naming the source when it cannot be read
     */
    byte[] encoded();

    @Override
    default Mat decode() {
        return Decoding.decode(encoded(), name());
    }
}
