package io.siamese.experiments;

import io.siamese.data.DatasetException;
import io.siamese.data.ImageDataset;
import io.siamese.data.SyntheticFaces;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonFoldsTest {

    /** 40 people of 10 images, the shape of the AT&T/ORL faces. */
    private static final ImageDataset ORL_SHAPED = SyntheticFaces.dataset(new SyntheticFaces.Config(40, 10, 16, 1));

    @Test
    void noPersonHasTwoRolesInAFoldAndEveryoneIsTestedOnce() {
        List<PersonFolds.Fold> folds = PersonFolds.split(ORL_SHAPED, 5, 0.25, 42);
        assertEquals(5, folds.size());
        Map<String, Integer> tested = new HashMap<>();
        for (PersonFolds.Fold fold : folds) {
            Set<String> train = new HashSet<>(fold.train().identities());
            Set<String> validation = new HashSet<>(fold.validation().identities());
            Set<String> test = new HashSet<>(fold.test().identities());
            assertEquals(8, test.size(), "5 folds of 40 people: 8 test people each");
            assertEquals(8, validation.size(), "a quarter of the other 32 validates");
            assertEquals(24, train.size());
            for (String person : train) assertTrue(!validation.contains(person) && !test.contains(person), person + " has two roles in fold " + fold.index());
            for (String person : validation) assertTrue(!test.contains(person), person + " validates and tests in fold " + fold.index());
            assertEquals(40, train.size() + validation.size() + test.size(), "everyone has a role");
            // Images follow their person: every image of a set belongs to one of its people.
            assertTrue(fold.test().images().stream().allMatch(r -> test.contains(r.identity())));
            assertEquals(80, fold.test().size());
            for (String person : test) tested.merge(person, 1, Integer::sum);
        }
        assertEquals(40, tested.size());
        assertTrue(tested.values().stream().allMatch(n -> n == 1), "each person is tested in exactly one fold");
    }

    @Test
    void theSameSeedGivesTheSameFoldsAndAnotherSeedOthers() {
        List<PersonFolds.Fold> a = PersonFolds.split(ORL_SHAPED, 5, 0.25, 42), b = PersonFolds.split(ORL_SHAPED, 5, 0.25, 42);
        for (int i = 0; i < 5; i++) {
            assertEquals(a.get(i).test().identities(), b.get(i).test().identities());
            assertEquals(a.get(i).validation().identities(), b.get(i).validation().identities());
        }
        assertNotEquals(a.get(0).test().identities(), PersonFolds.split(ORL_SHAPED, 5, 0.25, 43).get(0).test().identities());
    }

    @Test
    void unevenFoldsDifferByAtMostOnePersonAndTooFewPeopleAreRefused() {
        ImageDataset eleven = SyntheticFaces.dataset(new SyntheticFaces.Config(11, 2, 16, 1));
        List<Integer> sizes = PersonFolds.split(eleven, 3, 0.25, 1).stream().map(f -> f.test().identities().size()).toList();
        assertEquals(11, sizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(sizes.stream().allMatch(n -> n == 3 || n == 4), sizes.toString());
        ImageDataset three = SyntheticFaces.dataset(new SyntheticFaces.Config(3, 2, 16, 1));
        assertThrows(DatasetException.class, () -> PersonFolds.split(three, 2, 0.25, 1));
        assertThrows(IllegalArgumentException.class, () -> PersonFolds.split(ORL_SHAPED, 1, 0.25, 1));
    }
}
