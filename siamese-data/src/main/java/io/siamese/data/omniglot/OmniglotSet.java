package io.siamese.data.omniglot;

import io.siamese.data.ImageDataset;
import io.siamese.data.ImageRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Omniglot drawings read from one or more archives, with what the plain {@link ImageDataset} does not carry: the
 * drawer of each image. Immutable.
 */
public final class OmniglotSet {

    private final String name;
    private final List<OmniglotImage> images;
    private final Map<ImageRef, OmniglotImage> byRef;

    /**
     * @param name   for messages and reports
     * @param images the drawings, in a stable order
     */
    public OmniglotSet(String name, List<OmniglotImage> images) {
        this.name = name;
        this.images = List.copyOf(images);
        this.byRef = new HashMap<>();
        for (OmniglotImage image : this.images) byRef.put(image.ref(), image);
    }

    public String name() {
        return name;
    }

    public List<OmniglotImage> images() {
        return images;
    }

    public int size() {
        return images.size();
    }

    /** The drawings as an identities-layout dataset: identity {@code alphabet/character}, group {@code alphabet}. */
    public ImageDataset dataset() {
        return new ImageDataset(name, ImageDataset.Layout.IDENTITIES, images.stream().map(OmniglotImage::ref).toList());
    }

    /** The alphabets, sorted. */
    public List<String> alphabets() {
        return new ArrayList<>(charactersByAlphabet().keySet());
    }

    /** The character identities ({@code alphabet/character}) of each alphabet, both sorted. */
    public Map<String, List<String>> charactersByAlphabet() {
        Map<String, SortedSet<String>> sets = new TreeMap<>();
        for (OmniglotImage image : images) sets.computeIfAbsent(image.alphabet(), k -> new TreeSet<>()).add(image.identity());
        Map<String, List<String>> out = new TreeMap<>();
        sets.forEach((alphabet, characters) -> out.put(alphabet, List.copyOf(characters)));
        return out;
    }

    /** How many distinct characters. */
    public int characterCount() {
        Set<String> identities = new HashSet<>();
        for (OmniglotImage image : images) identities.add(image.identity());
        return identities.size();
    }

    /** The drawer numbers present, sorted. */
    public SortedSet<Integer> drawers() {
        SortedSet<Integer> drawers = new TreeSet<>();
        for (OmniglotImage image : images) drawers.add(image.drawer());
        return drawers;
    }

    /** The drawer of an image of this set; empty for an image that is not in it. */
    public OptionalInt drawer(ImageRef ref) {
        OmniglotImage image = byRef.get(ref);
        return image == null ? OptionalInt.empty() : OptionalInt.of(image.drawer());
    }

    /** The drawings of the given alphabets only (for example a validation split by alphabet). */
    public OmniglotSet restrictToAlphabets(Collection<String> alphabets, String newName) {
        Set<String> keep = new HashSet<>(alphabets);
        return new OmniglotSet(newName, images.stream().filter(i -> keep.contains(i.alphabet())).toList());
    }

    /** A one-line description for logs. */
    public String describe() {
        return name + ": " + charactersByAlphabet().size() + " alphabets, " + characterCount() + " characters, "
                + drawers().size() + " drawers, " + images.size() + " images";
    }

    @Override
    public String toString() {
        return describe();
    }
}
