package io.siamese.training;

/**
 * One epoch's numbers, as written to {@code metrics.csv}. Validation metrics are at a threshold of 0.5 (the sigmoid's
 * midpoint); AUC and EER do not depend on a threshold.
 *
 * @param epoch           1-based
 * @param trainLoss       mean binary cross-entropy over the epoch's batches
 * @param validationLoss  binary cross-entropy on the validation pairs
 * @param selection       the value of the metric that picks the best checkpoint (see {@link TrainingState#selectionName()})
 * @param learningRate    the learning rate used in this epoch
 * @param seconds         wall time of training plus validation
 * @param skippedImages   unreadable images met so far
 * @param stage           the stage the epoch belongs to ({@code pretrain} or {@code pairs}; the train loss of a
 *                        pretraining epoch is the classifier's cross-entropy)
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss, double precision, double recall,
                           double accuracy, double f1, double auc, double eer, double selection, double learningRate,
                           double seconds, int skippedImages, String stage) {

    /** Column names of {@code metrics.csv}, in order. */
    public static final String[] COLUMNS = {"epoch", "train_loss", "validation_loss", "precision", "recall", "accuracy",
            "f1", "auc", "eer", "selection", "learning_rate", "seconds", "skipped_images", "stage"};

    public EpochMetrics {
        if (stage == null) stage = "pairs";
    }

    /** An epoch of the pair stage (the only stage before stages existed). */
    public EpochMetrics(int epoch, double trainLoss, double validationLoss, double precision, double recall, double accuracy,
                        double f1, double auc, double eer, double selection, double learningRate, double seconds, int skippedImages) {
        this(epoch, trainLoss, validationLoss, precision, recall, accuracy, f1, auc, eer, selection, learningRate, seconds, skippedImages, "pairs");
    }

    Object[] row() {
        return new Object[] {epoch, trainLoss, validationLoss, precision, recall, accuracy, f1, auc, eer, selection,
                learningRate, seconds, skippedImages, stage};
    }
}
