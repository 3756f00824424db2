package io.siamese.data;

/** No face was found in an image that needs one; the message names the image. */
public class NoFaceException extends ImageDecodeException {
    public NoFaceException(String message) {
        super(message);
    }
}
