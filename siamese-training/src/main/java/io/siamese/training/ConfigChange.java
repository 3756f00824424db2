package io.siamese.training;

import java.util.List;

/**
 * A change of training configuration a resume applied ({@code --override}): from which epoch, what changed, and the
 * configuration in force from then on. Kept in every later checkpoint and in the run's {@code config.json}.
 *
 * @param fromEpoch the first epoch trained with {@code config}
 * @param changes   what changed, one line per component ({@link ConfigDiff})
 * @param config    the configuration from {@code fromEpoch} on
 */
public record ConfigChange(int fromEpoch, List<String> changes, TrainingConfig config) {
    public ConfigChange {
        changes = List.copyOf(changes);
    }
}
