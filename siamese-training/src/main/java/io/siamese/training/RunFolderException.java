package io.siamese.training;

/**
 * A run folder that cannot be used as asked: it already holds checkpoints and resuming was not requested, or it holds a run of another model shape than the one asked to resume. A user's
 * mistake, not a failure of training: the command line answers it with exit status 2.
 */
public class RunFolderException extends io.siamese.model.BadInputException {

    public RunFolderException(String message) {
        super(message);
    }
}
