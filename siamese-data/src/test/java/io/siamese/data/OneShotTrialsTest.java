package io.siamese.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneShotTrialsTest {

    private static ImageDataset people(int identities, int each) {
        List<ImageRef> images = new ArrayList<>();
        for (int p = 0; p < identities; p++) {
            for (int i = 0; i < each; i++) {
                String name = "p" + p + "/" + i;
                images.add(new ImageRef("p" + p, new GeneratedImage(name, () -> ImageFixtures.colour(8, 8, 1))));
            }
        }
        return new ImageDataset("people", ImageDataset.Layout.IDENTITIES, images);
    }

    @Test
    void theMatchIsAnotherImageOfTheQueryAndTheOthersAreOtherPeople() {
        List<OneShotTrial> trials = OneShotTrials.acrossIdentities(people(12, 3), 5, 200, 7);
        assertEquals(200, trials.size());
        Set<Integer> answers = new HashSet<>();
        for (OneShotTrial trial : trials) {
            assertEquals(5, trial.ways());
            ImageRef match = trial.candidates().get(trial.answer());
            assertEquals(trial.query().identity(), match.identity());
            assertNotEquals(trial.query().name(), match.name(), "the match must be a different image");
            Set<String> identities = new HashSet<>();
            for (ImageRef candidate : trial.candidates()) identities.add(candidate.identity());
            assertEquals(5, identities.size(), "one candidate per identity");
            answers.add(trial.answer());
        }
        assertEquals(5, answers.size(), "the answer's position is shuffled");
    }

    @Test
    void theSameSeedGivesTheSameTrialsAndAnotherSeedOthers() {
        ImageDataset dataset = people(10, 4);
        assertEquals(OneShotTrials.acrossIdentities(dataset, 4, 30, 1), OneShotTrials.acrossIdentities(dataset, 4, 30, 1));
        assertNotEquals(OneShotTrials.acrossIdentities(dataset, 4, 30, 1), OneShotTrials.acrossIdentities(dataset, 4, 30, 2));
    }

    @Test
    void identitiesWithOneImageServeOnlyAsDistractors() {
        List<ImageRef> images = new ArrayList<>(people(1, 2).images());
        for (int p = 0; p < 4; p++) images.add(new ImageRef("single" + p, new GeneratedImage("s" + p, () -> ImageFixtures.colour(8, 8, 2))));
        ImageDataset dataset = new ImageDataset("mixed", ImageDataset.Layout.IDENTITIES, images);
        for (OneShotTrial trial : OneShotTrials.acrossIdentities(dataset, 3, 20, 3)) assertEquals("p0", trial.query().identity());
    }

    @Test
    void refusesWhatCannotMakeATrial() {
        DatasetException tooFew = assertThrows(DatasetException.class, () -> OneShotTrials.acrossIdentities(people(3, 2), 5, 1, 1));
        assertTrue(tooFew.getMessage().contains("5 identities"), tooFew.getMessage());
        DatasetException singles = assertThrows(DatasetException.class, () -> OneShotTrials.acrossIdentities(people(6, 1), 2, 1, 1));
        assertTrue(singles.getMessage().contains("two images"), singles.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OneShotTrials.acrossIdentities(people(6, 2), 1, 1, 1));
    }
}
