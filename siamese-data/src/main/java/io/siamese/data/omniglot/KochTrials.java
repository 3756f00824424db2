package io.siamese.data.omniglot;

import io.siamese.data.DatasetException;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Koch, Zemel and Salakhutdinov's (2015) N-way within-alphabet one-shot trials, drawn from an Omniglot set with a
 * seed. One episode picks an alphabet with at least N characters, N of its characters and two different drawers A
 * and B; the candidates are the N characters as drawn by B, and each of the N characters as drawn by A is the query
 * of one trial, whose answer is that character's candidate. An episode thus gives N trials that share their
 * candidates (in a random order), and every candidate is the answer exactly once. Episodes are drawn until the
 * requested number of trials is reached; the last one may be cut short.
 */
public final class KochTrials {

    /** The paper's number of candidates per trial. */
    public static final int PAPER_WAYS = 20;

    private KochTrials() {
    }

    /**
     * {@code count} trials of {@code ways} candidates each. The same set, arguments and seed give the same trials.
     *
     * @throws IllegalArgumentException when {@code ways < 2} or {@code count < 1}
     * @throws DatasetException         when no alphabet has {@code ways} characters drawn by two common drawers
     */
    public static List<OneShotTrial> withinAlphabets(OmniglotSet set, int ways, int count, long seed) {
        if (ways < 2) throw new IllegalArgumentException("ways must be >= 2, got " + ways);
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
        // Alphabet, then character, then drawer: the drawings, all in sorted order so that a seed means one thing.
        Map<String, Map<String, Map<Integer, ImageRef>>> index = new TreeMap<>();
        for (OmniglotImage image : set.images()) {
            index.computeIfAbsent(image.alphabet(), k -> new TreeMap<>())
                    .computeIfAbsent(image.identity(), k -> new TreeMap<>())
                    .putIfAbsent(image.drawer(), image.ref());
        }
        List<String> eligible = new ArrayList<>();
        int largest = 0;
        for (Map.Entry<String, Map<String, Map<Integer, ImageRef>>> alphabet : index.entrySet()) {
            largest = Math.max(largest, alphabet.getValue().size());
            if (alphabet.getValue().size() >= ways) eligible.add(alphabet.getKey());
        }
        if (eligible.isEmpty()) {
            throw new DatasetException(set.name() + ": a " + ways + "-way within-alphabet trial needs an alphabet with at least "
                    + ways + " characters; the largest has " + largest);
        }
        Random random = new Random(seed);
        List<OneShotTrial> trials = new ArrayList<>(count);
        int failures = 0;
        while (trials.size() < count) {
            String alphabet = eligible.get(random.nextInt(eligible.size()));
            Map<String, Map<Integer, ImageRef>> characters = index.get(alphabet);
            List<Integer> drawers = new ArrayList<>(new TreeSet<>(
                    characters.values().stream().flatMap(d -> d.keySet().stream()).toList()));
            if (drawers.size() < 2) {
                if (++failures > 1000) throw noEpisode(set, ways);
                continue;
            }
            Collections.shuffle(drawers, random);
            int drawerA = drawers.get(0), drawerB = drawers.get(1);
            List<String> usable = new ArrayList<>();
            for (Map.Entry<String, Map<Integer, ImageRef>> character : characters.entrySet()) {
                if (character.getValue().containsKey(drawerA) && character.getValue().containsKey(drawerB)) usable.add(character.getKey());
            }
            if (usable.size() < ways) {
                if (++failures > 1000) throw noEpisode(set, ways);
                continue;
            }
            Collections.shuffle(usable, random);
            List<String> chosen = usable.subList(0, ways);
            List<ImageRef> candidates = new ArrayList<>(ways);
            for (String character : chosen) candidates.add(characters.get(character).get(drawerB));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ways; i++) order.add(i);
            Collections.shuffle(order, random);
            for (int i : order) {
                if (trials.size() == count) break;
                trials.add(new OneShotTrial(characters.get(chosen.get(i)).get(drawerA), candidates, i));
            }
        }
        return trials;
    }

    private static DatasetException noEpisode(OmniglotSet set, int ways) {
        return new DatasetException(set.name() + ": no alphabet has " + ways + " characters drawn by two common drawers; "
                + "expected Omniglot's 20 drawers per character");
    }
}
