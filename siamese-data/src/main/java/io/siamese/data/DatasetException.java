package io.siamese.data;

/**
 * A dataset that cannot be used at all: a missing folder, nothing decodable, no identity with two images. The message
 * says what was expected. Command-line tools exit with status {@link #EXIT_STATUS}.
 */
public class DatasetException extends RuntimeException {
    /** The exit status of a command that stops on unusable input. */
    public static final int EXIT_STATUS = 2;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
