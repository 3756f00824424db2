package io.siamese.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationPairsTest {

    private final ImageDataset faces = SyntheticFaces.dataset(new SyntheticFaces.Config(8, 10, 16, 3));

    private static long genuine(List<Pair> pairs) {
        return pairs.stream().filter(Pair::same).count();
    }

    @Test
    void aSmallSetGivesEveryPairOnce() {
        List<Pair> pairs = ValidationPairs.of(faces, 10_000, 1);
        assertEquals(80 * 79 / 2, pairs.size());
        assertEquals(8 * 10 * 9 / 2, genuine(pairs));
        Set<String> distinct = new HashSet<>();
        for (Pair p : pairs) {
            assertEquals(p.same(), p.left().identity().equals(p.right().identity()));
            assertTrue(distinct.add(p.left().name() + "|" + p.right().name()));
        }
    }

    @Test
    void aLargeSetKeepsEveryGenuinePairAndDistinctSeededImpostorsUpToTheCap() {
        List<Pair> pairs = ValidationPairs.of(faces, 1000, 2);
        assertEquals(1000, pairs.size());
        assertEquals(360, genuine(pairs));
        Set<String> distinct = new HashSet<>();
        for (Pair p : pairs) {
            if (!p.same()) assertNotEquals(p.left().identity(), p.right().identity());
            String a = p.left().name(), b = p.right().name();
            assertTrue(distinct.add(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a));
        }
        assertEquals(pairs, ValidationPairs.of(faces, 1000, 2));
    }

    @Test
    void tooManyGenuinePairsAreCutToHalfTheBudget() {
        List<Pair> pairs = ValidationPairs.of(faces, 400, 3);
        assertEquals(400, pairs.size());
        assertEquals(200, genuine(pairs));
    }
}
