package io.siamese.training;

import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import org.datavec.image.transform.ImageTransform;

import java.util.function.Supplier;

/**
 * The data of a training run.
 *
 * @param train        the training split
 * @param validation   the validation split (fixed pairs are drawn from it once)
 * @param preprocessor the preprocessing, sized for the model (the same one the app will use)
 * @param augmentation makes the training augmentation transform, or null for none
 * @param description  the data spec, recorded in the run's config
 */
public record TrainingData(ImageDataset train, ImageDataset validation, ImagePreprocessor preprocessor,
                           Supplier<ImageTransform> augmentation, String description) {
}
