package io.siamese.data.omniglot;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;
import io.siamese.data.SharedDatasets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.siamese.data.omniglot.OmniglotFixtures.alphabets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KochTrialsTest {

    @TempDir
    Path dir;
    private OmniglotSet set;

    @BeforeEach
    void smallSet() {
        Path zip = OmniglotFixtures.zip(dir.resolve("images_evaluation.zip"), "images_evaluation",
                alphabets("Big", 6, "Small", 3, "Medium", 5), 4, 1);
        set = Omniglot.read(zip, new DataProblems());
    }

    @Test
    void trialsStayInOneAlphabetWithQueryAndCandidatesFromTwoDrawers() {
        List<OneShotTrial> trials = KochTrials.withinAlphabets(set, 5, 60, 3);
        assertEquals(60, trials.size());
        Set<String> alphabetsUsed = new HashSet<>();
        for (OneShotTrial trial : trials) {
            assertEquals(5, trial.ways());
            String alphabet = trial.query().group();
            alphabetsUsed.add(alphabet);
            int queryDrawer = set.drawer(trial.query()).orElseThrow();
            Set<Integer> candidateDrawers = new HashSet<>();
            Set<String> characters = new HashSet<>();
            for (ImageRef candidate : trial.candidates()) {
                assertEquals(alphabet, candidate.group(), "within one alphabet");
                candidateDrawers.add(set.drawer(candidate).orElseThrow());
                characters.add(candidate.identity());
            }
            assertEquals(1, candidateDrawers.size(), "all candidates by one drawer");
            assertNotEquals(queryDrawer, candidateDrawers.iterator().next(), "the query by another drawer");
            assertEquals(5, characters.size(), "five different characters");
            assertEquals(trial.query().identity(), trial.candidates().get(trial.answer()).identity());
        }
        assertEquals(Set.of("Big", "Medium"), alphabetsUsed, "Small has only 3 characters");
    }

    @Test
    void anEpisodeAsksEachOfItsCharactersOnce() {
        List<OneShotTrial> episode = KochTrials.withinAlphabets(set, 5, 5, 11);
        assertEquals(1, episode.stream().map(OneShotTrial::candidates).distinct().count());
        assertEquals(Set.of(0, 1, 2, 3, 4), new HashSet<>(episode.stream().map(OneShotTrial::answer).toList()));
    }

    @Test
    void theSameSeedGivesTheSameTrialsAndAnotherSeedOthers() {
        assertEquals(KochTrials.withinAlphabets(set, 4, 40, 7), KochTrials.withinAlphabets(set, 4, 40, 7));
        assertNotEquals(KochTrials.withinAlphabets(set, 4, 40, 7), KochTrials.withinAlphabets(set, 4, 40, 8));
    }

    @Test
    void tooFewCharactersInEveryAlphabetIsRefused() {
        DatasetException e = assertThrows(DatasetException.class, () -> KochTrials.withinAlphabets(set, 7, 10, 1));
        assertTrue(e.getMessage().contains("at least 7 characters; the largest has 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KochTrials.withinAlphabets(set, 1, 10, 1));
    }

    @Tag("dataset")
    @Test
    void twentyWayTrialsFromTheRealBackgroundSet() {
        Path omniglot = SharedDatasets.omniglot().orElse(null);
        Assumptions.assumeTrue(omniglot != null && Files.isRegularFile(omniglot.resolve("images_background_small1.zip")),
                "no Omniglot in the shared datasets");
        OmniglotSet small1 = Omniglot.read(omniglot.resolve("images_background_small1.zip"), new DataProblems());
        List<OneShotTrial> trials = KochTrials.withinAlphabets(small1, KochTrials.PAPER_WAYS, 400, 2015);
        assertEquals(400, trials.size());
        for (OneShotTrial trial : trials) {
            assertEquals(20, trial.ways());
            assertEquals(trial.query().identity(), trial.candidates().get(trial.answer()).identity());
        }
        // Early Aramaic has 22 characters and the others more, so every alphabet of small1 can hold an episode.
        assertEquals(5, trials.stream().map(t -> t.query().group()).distinct().count());
    }
}
