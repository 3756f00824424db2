package io.siamese.data.omniglot;

import io.siamese.data.ImageFixtures;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Small generated Omniglot-shaped archives: {@code root/Alphabet/characterNN/<id>_<drawer>.png}. */
final class OmniglotFixtures {

    private OmniglotFixtures() {
    }

    /**
     * The entries of an archive. Character numbers count up from {@code firstId} through the alphabets in the order
     * given, as Omniglot numbers its characters across the collection.
     */
    static Map<String, byte[]> entries(String root, Map<String, Integer> charactersPerAlphabet, int drawers, int firstId) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int id = firstId;
        for (Map.Entry<String, Integer> alphabet : charactersPerAlphabet.entrySet()) {
            for (int c = 1; c <= alphabet.getValue(); c++, id++) {
                for (int d = 1; d <= drawers; d++) {
                    String name = String.format(Locale.ROOT, "%s%s/character%02d/%04d_%02d.png", root.isEmpty() ? "" : root + "/",
                            alphabet.getKey(), c, id, d);
                    entries.put(name, ImageFixtures.png(12, id * 100L + d));
                }
            }
        }
        return entries;
    }

    static Path zip(Path file, String root, Map<String, Integer> charactersPerAlphabet, int drawers, int firstId) {
        return ImageFixtures.zip(file, entries(root, charactersPerAlphabet, drawers, firstId));
    }

    /** The same archive written as an extracted folder below {@code parent}. */
    static Path folder(Path parent, String root, Map<String, Integer> charactersPerAlphabet, int drawers, int firstId) {
        entries(root, charactersPerAlphabet, drawers, firstId).forEach((name, bytes) -> ImageFixtures.write(parent.resolve(name), bytes));
        return parent.resolve(root);
    }

    /** An ordered map literal. */
    static Map<String, Integer> alphabets(Object... nameThenCount) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenCount.length; i += 2) map.put((String) nameThenCount[i], (Integer) nameThenCount[i + 1]);
        return map;
    }
}
