package io.siamese.data;

import java.util.Objects;

/**
 * One image of a dataset and whose it is.
 *
 * @param identity the person or character shown ({@code George_W_Bush}, {@code s12}, {@code Greek/character07})
 * @param group    a coarser grouping used for one-shot trials (an Omniglot alphabet) or a role in the folders
 *                 layout ({@code anchor}, {@code positive}, {@code negative}); empty when there is none
 * @param source   where the pixels come from
 */
public record ImageRef(String identity, String group, ImageSource source) {
    public ImageRef {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(source, "source");
    }

    public ImageRef(String identity, ImageSource source) {
        this(identity, "", source);
    }

    public String name() {
        return source.name();
    }
}
