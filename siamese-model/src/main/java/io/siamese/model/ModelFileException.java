package io.siamese.model;

/** A model or checkpoint file that is missing, truncated, corrupt or of another format; the message names the file. */
public class ModelFileException extends BadInputException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
