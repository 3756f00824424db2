package io.siamese.data;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Where the pixels of one image come from: a file, an entry of a zip archive, or a generator. Decoding is lazy, so a
 * dataset of thousands of images holds only their addresses.
 */
public interface ImageSource {

    /**
     * Decodes the image as an 8-bit OpenCV matrix, BGR (3 channels) or grayscale (1 channel).
     *
     * @throws ImageDecodeException naming the source when it cannot be read or is not an image
     */
    Mat decode();

    /** A name for messages: the file path, {@code archive.zip!/entry}, or the generator's name. */
    String name();
}
