package io.siamese.model;

/**
 * Input a user gave that cannot be used: a command-line option, a file, a data spec, a model file or a run folder.
 * The message says what was wrong and what is expected, in one line. The command line answers it with exit status
 * {@link #EXIT_STATUS}; every other exception is an internal failure (exit 3). Library code throws a subclass where
 * the input enters (model files, run folders; siamese-data, which does not see this module, has its own
 * DatasetException and ImageDecodeException) and {@link IllegalArgumentException} only for
 * programming errors.
 */
public class BadInputException extends RuntimeException {
    /** The exit status of a command that stops on unusable input. */
    public static final int EXIT_STATUS = 2;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
