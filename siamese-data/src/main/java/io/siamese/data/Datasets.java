package io.siamese.data;

/** Opens the training dataset a {@link DataSpec} names. */
public final class Datasets {

    private Datasets() {
    }

    /**
     * The images of a data spec, labelled for pair sampling.
     *
     * @throws DatasetException when the source is missing or holds nothing usable
     */
    public static ImageDataset open(DataSpec spec, DataProblems problems) {
        return switch (spec.kind()) {
            case SYNTHETIC -> SyntheticFaces.dataset(SyntheticFaces.Config.DEFAULTS);
            case FOLDERS -> FoldersReader.read(spec.path(), problems);
            case IDENTITIES -> IdentityFoldersReader.read(spec.path(), problems);
            case LFW_PAIRS, OMNIGLOT -> throw new DatasetException(spec.kind().prefix() + " is not readable yet");
        };
    }
}
