package io.siamese.training;

import io.siamese.model.SiameseModel;

/**
 * A custom validation metric computed after every epoch, higher is better; it then picks the best checkpoint and
 * drives early stopping instead of the validation AUC. Omniglot uses 20-way one-shot accuracy on validation
 * alphabets, as Koch et al. did.
 */
public interface EpochValidator {

    /** A short name for logs and reports, e.g. {@code one_shot_accuracy}. */
    String name();

    double evaluate(SiameseModel model);
}
