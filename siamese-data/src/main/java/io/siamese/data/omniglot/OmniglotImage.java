package io.siamese.data.omniglot;

import io.siamese.data.ImageRef;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Omniglot drawing and where it belongs.
 *
 * @param ref         the image; its identity is {@code alphabet/character} and its group is {@code alphabet}
 * @param alphabet    the alphabet as labelled in this dataset: its folder name ({@code Greek}), or
 *                    {@code Greek@images_evaluation} when two archives hold different characters under one name
 * @param character   the character folder ({@code character07})
 * @param characterId the number Omniglot gives the character across the whole collection (the {@code 0394} of
 *                    {@code 0394_07.png})
 * @param drawer      who drew it, 1 to 20 (the {@code 07} of {@code 0394_07.png})
 */
public record OmniglotImage(ImageRef ref, String alphabet, String character, int characterId, int drawer) {

    private static final Pattern FILE_NAME = Pattern.compile("(\\d+)_(\\d+)\\.png");

    /** The two numbers of an Omniglot file name {@code <characterId>_<drawer>.png}. */
    public record FileName(int characterId, int drawer) {
    }

    /**
     * Parses an Omniglot file name such as {@code 0394_07.png}; a path or zip entry may be given, its last segment is
     * used. Empty when the name does not have that form.
     */
    public static Optional<FileName> parseFileName(String name) {
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        Matcher m = FILE_NAME.matcher(last.toLowerCase(Locale.ROOT));
        if (!m.matches()) return Optional.empty();
        try {
            return Optional.of(new FileName(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The identity this drawing has in datasets: {@code alphabet/character}. */
    public String identity() {
        return ref.identity();
    }
}
