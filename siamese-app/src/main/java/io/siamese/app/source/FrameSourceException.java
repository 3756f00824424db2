package io.siamese.app.source;

/** A frame source that cannot be opened or stops working; the message says which source and what to try instead. */
public class FrameSourceException extends RuntimeException {
    public FrameSourceException(String message) {
        super(message);
    }

    public FrameSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
