package io.siamese.data;

import io.siamese.data.lfw.LfwTree;
import io.siamese.data.omniglot.Omniglot;

/** Opens the training dataset a {@link DataSpec} names. */
public final class Datasets {

    private Datasets() {
    }

    /**
     * The images of a data spec, labelled for pair sampling. For {@code lfw-pairs:PATH} that is every person of the
     * LFW tree (the folds themselves come from {@code io.siamese.data.lfw.LfwPairs}); for {@code omniglot:PATH} it is
     * the background set (the evaluation set comes from {@code Omniglot.evaluation}).
     *
     * @throws DatasetException when the source is missing or holds nothing usable
     */
    public static ImageDataset open(DataSpec spec, DataProblems problems) {
        return switch (spec.kind()) {
            case SYNTHETIC -> SyntheticFaces.dataset(SyntheticFaces.Config.DEFAULTS);
            case FOLDERS -> FoldersReader.read(spec.path(), problems);
            case IDENTITIES -> IdentityFoldersReader.read(spec.path(), problems);
            case LFW_PAIRS -> LfwTree.read(spec.path(), problems);
            case OMNIGLOT -> Omniglot.background(spec.path(), problems).dataset();
        };
    }
}
