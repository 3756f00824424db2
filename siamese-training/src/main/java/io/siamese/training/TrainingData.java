package io.siamese.training;

import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;

/**
 * The data of a training run. Its augmentation is the run's {@link TrainingConfig#augmentation()}.
 *
 * @param train        the training split
 * @param validation   the validation split (fixed pairs are drawn from it once)
 * @param preprocessor the preprocessing, sized for the model (the same one the app will use)
 * @param description  the data spec, recorded in the run's config
 */
public record TrainingData(ImageDataset train, ImageDataset validation, ImagePreprocessor preprocessor, String description) {
}
