package io.siamese.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairSamplerTest {

    private static ImageRef ref(String identity, String group, int i) {
        return new ImageRef(identity, group, new GeneratedImage(identity + "/" + i, () -> null));
    }

    private static ImageDataset identities(int people, int each) {
        List<ImageRef> refs = new ArrayList<>();
        for (int p = 0; p < people; p++) for (int i = 0; i < each; i++) refs.add(ref("p" + p, "", i));
        return new ImageDataset("test", ImageDataset.Layout.IDENTITIES, refs);
    }

    @Test
    void pairsAreBalancedAndLabelledByIdentity() {
        List<Pair> pairs = identities(5, 4).pairSampler().sample(101, 1);
        assertEquals(101, pairs.size());
        assertEquals(51, pairs.stream().filter(Pair::same).count());
        for (Pair p : pairs) {
            assertEquals(p.same(), p.left().identity().equals(p.right().identity()), "label must match identities: " + p);
            if (p.same()) assertNotSame(p.left(), p.right(), "a genuine pair uses two different images");
        }
    }

    @Test
    void theSameSeedGivesTheSamePairs() {
        ImageDataset ds = identities(6, 3);
        assertEquals(ds.pairSampler().sample(40, 9), ds.pairSampler().sample(40, 9));
        assertNotEquals(ds.pairSampler().sample(40, 9), ds.pairSampler().sample(40, 10));
    }

    @Test
    void impostorsWithinTheGroupShareTheAlphabet() {
        List<ImageRef> refs = new ArrayList<>();
        for (int g = 0; g < 3; g++) for (int p = 0; p < 4; p++) for (int i = 0; i < 2; i++) refs.add(ref("a" + g + "/c" + p, "a" + g, i));
        ImageDataset alphabets = new ImageDataset("omniglot-like", ImageDataset.Layout.IDENTITIES, refs);
        List<Pair> pairs = alphabets.pairSampler(1).sample(300, 2);
        for (Pair p : pairs) {
            assertEquals(p.same(), p.left().identity().equals(p.right().identity()));
            assertEquals(p.left().group(), p.right().group(), "every impostor within one alphabet: " + p);
        }
        assertTrue(alphabets.pairSampler(0).sample(300, 2).stream().anyMatch(p -> !p.left().group().equals(p.right().group())));
        // Faces have no groups: all identities are one group, and the fraction draws the very same pairs.
        assertEquals(identities(6, 3).pairSampler(0).sample(100, 4), identities(6, 3).pairSampler(1).sample(100, 4));
    }

    @Test
    void singleImageIdentitiesOnlyAppearInImpostorPairs() {
        List<ImageRef> refs = new ArrayList<>(identities(2, 3).images());
        refs.add(ref("loner", "", 0));
        List<Pair> pairs = new ImageDataset("t", ImageDataset.Layout.IDENTITIES, refs).pairSampler().sample(400, 3);
        assertTrue(pairs.stream().filter(Pair::same).noneMatch(p -> p.left().identity().equals("loner")));
        assertTrue(pairs.stream().filter(p -> !p.same()).anyMatch(p -> p.left().identity().equals("loner") || p.right().identity().equals("loner")));
    }

    @Test
    void datasetsThatCannotMakeBothKindsOfPairAreRefused() {
        DatasetException noGenuine = assertThrows(DatasetException.class, () -> identities(5, 1).pairSampler().sample(10, 1));
        assertTrue(noGenuine.getMessage().contains("two or more"), noGenuine.getMessage());
        DatasetException oneIdentity = assertThrows(DatasetException.class, () -> identities(1, 5).pairSampler().sample(10, 1));
        assertTrue(oneIdentity.getMessage().contains("only one identity"), oneIdentity.getMessage());
    }

    @Test
    void anchorLayoutPairsAnchorsWithPositivesAndNegatives() {
        List<ImageRef> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) refs.add(ref("self", ImageDataset.ANCHOR, i));
        for (int i = 0; i < 4; i++) refs.add(ref("self", ImageDataset.POSITIVE, i));
        for (int i = 0; i < 5; i++) refs.add(ref("n" + i, ImageDataset.NEGATIVE, i));
        ImageDataset ds = new ImageDataset("f", ImageDataset.Layout.ANCHOR_POSITIVE_NEGATIVE, refs);
        List<Pair> pairs = ds.pairSampler().sample(60, 2);
        assertEquals(30, pairs.stream().filter(Pair::same).count());
        for (Pair p : pairs) {
            assertEquals(ImageDataset.ANCHOR, p.left().group());
            assertEquals(p.same() ? ImageDataset.POSITIVE : ImageDataset.NEGATIVE, p.right().group());
        }
    }

    @Test
    void splitsByIdentityNeverShareAPerson() {
        ImageDataset.Split split = identities(20, 3).split(0.6, 0.2, 5);
        assertEquals(12, split.train().identities().size());
        assertEquals(4, split.validation().identities().size());
        assertEquals(4, split.test().identities().size());
        for (String id : split.train().identities()) {
            assertTrue(!split.validation().identities().contains(id) && !split.test().identities().contains(id));
        }
        assertEquals(split.train().identities(), identities(20, 3).split(0.6, 0.2, 5).train().identities(), "the split is seeded");
    }

    @Test
    void aSmallDatasetStillGetsTwoValidationIdentities() {
        ImageDataset.Split split = identities(8, 3).split(0.7, 0.15, 1);
        assertEquals(2, split.validation().identities().size(), "impostor pairs need two people");
        assertEquals(6, split.train().identities().size());
    }
}
