package io.siamese.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardNegativeSamplerTest {

    /** Images on a line: each identity has a random centre in [0, 20], its images lie within 0.5 of it. */
    private static final class LineWorld {
        final Map<ImageRef, Double> position;
        final ImageDataset dataset;

        LineWorld(Map<ImageRef, Double> position, ImageDataset dataset) {
            this.position = position;
            this.dataset = dataset;
        }

        LineWorld(int groups, int identitiesPerGroup, int imagesPerIdentity, long seed) {
            Random r = new Random(seed);
            List<ImageRef> refs = new ArrayList<>();
            position = new HashMap<>();
            for (int g = 0; g < groups; g++) {
                for (int p = 0; p < identitiesPerGroup; p++) {
                    double centre = r.nextDouble() * 20;
                    for (int i = 0; i < imagesPerIdentity; i++) {
                        ImageRef ref = ref("g" + g + "/p" + p, groups == 1 ? "" : "g" + g, i);
                        refs.add(ref);
                        position.put(ref, centre + (r.nextDouble() - 0.5));
                    }
                }
            }
            dataset = new ImageDataset("line", ImageDataset.Layout.IDENTITIES, refs);
        }

        ToDoubleBiFunction<ImageRef, ImageRef> distance() {
            return (a, b) -> Math.abs(position.get(a) - position.get(b));
        }

        double meanImpostorDistance(List<Pair> pairs) {
            return pairs.stream().filter(p -> !p.same()).mapToDouble(p -> distance().applyAsDouble(p.left(), p.right())).average().orElseThrow();
        }
    }

    private static ImageRef ref(String identity, String group, int i) {
        return new ImageRef(identity, group, new GeneratedImage(identity + "/" + i, () -> null));
    }

    private static final HardNegativeSampler.Config ALL_MINED = HardNegativeSampler.Config.DEFAULTS.withMinedFraction(1).withSameGroupFraction(0);

    @Test
    void pairsAreBalancedAndNoNegativeSharesTheAnchorsIdentity() {
        LineWorld world = new LineWorld(3, 4, 5, 1);
        for (HardNegativeSampler.Config config : List.of(HardNegativeSampler.Config.DEFAULTS, ALL_MINED, ALL_MINED.withSameGroupFraction(1))) {
            for (int count : new int[] {2, 7, 200}) {
                List<Pair> pairs = new HardNegativeSampler(world.dataset, world.distance(), config).sample(count, 3);
                assertEquals(count, pairs.size());
                assertEquals((count + 1) / 2, pairs.stream().filter(Pair::same).count(), config + ", " + count + " pairs");
                for (Pair p : pairs) {
                    assertEquals(p.same(), p.left().identity().equals(p.right().identity()), "label must match identities: " + p);
                    if (p.same()) assertNotEquals(p.left(), p.right(), "a genuine pair uses two different images");
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSamePairs() {
        LineWorld world = new LineWorld(2, 5, 4, 2);
        HardNegativeSampler sampler = new HardNegativeSampler(world.dataset, world.distance(), HardNegativeSampler.Config.DEFAULTS);
        assertEquals(sampler.sample(300, 9), new HardNegativeSampler(world.dataset, world.distance(), HardNegativeSampler.Config.DEFAULTS).sample(300, 9));
        assertNotEquals(sampler.sample(300, 9), sampler.sample(300, 10));
    }

    @Test
    void withNothingMinedItSamplesAsTheIdentitySampler() {
        LineWorld world = new LineWorld(3, 4, 3, 3);
        for (double sameGroup : new double[] {0, 0.5}) {
            HardNegativeSampler.Config none = HardNegativeSampler.Config.DEFAULTS.withMinedFraction(0).withSameGroupFraction(sameGroup);
            assertEquals(new IdentityPairSampler(world.dataset, sameGroup).sample(101, 4),
                    new HardNegativeSampler(world.dataset, world.distance(), none).sample(101, 4));
        }
    }

    @Test
    void minedNegativesAreNearerThanUniformOnes() {
        LineWorld world = new LineWorld(1, 30, 5, 4);
        double uniform = world.meanImpostorDistance(world.dataset.pairSampler().sample(2000, 5));
        double mined = world.meanImpostorDistance(new HardNegativeSampler(world.dataset, world.distance(), ALL_MINED).sample(2000, 5));
        double mixed = world.meanImpostorDistance(new HardNegativeSampler(world.dataset, world.distance(),
                HardNegativeSampler.Config.DEFAULTS.withSameGroupFraction(0)).sample(2000, 5));
        // Centres are uniform on [0, 20]: uniform impostors lie about 7 apart, semi-hard ones within d_ap + 1 (about 1.5).
        assertTrue(uniform > 5, "uniform " + uniform);
        assertTrue(mined < 2, "mined " + mined);
        assertTrue(mixed > mined && mixed < uniform, "half mined " + mixed + " lies between " + mined + " and " + uniform);
    }

    /** An anchor at 0 with its positive at 1, and negatives at the given positions, one identity each. */
    private static LineWorld fixed(double... negatives) {
        Map<ImageRef, Double> position = new HashMap<>();
        List<ImageRef> refs = new ArrayList<>(List.of(ref("a", "", 0), ref("a", "", 1)));
        position.put(refs.get(0), 0.0);
        position.put(refs.get(1), 1.0);
        for (int i = 0; i < negatives.length; i++) {
            ImageRef n = ref("n" + i, "", 0);
            refs.add(n);
            position.put(n, negatives[i]);
        }
        return new LineWorld(position, new ImageDataset("fixed", ImageDataset.Layout.IDENTITIES, refs));
    }

    @Test
    void theMinedNegativeIsSemiHardElseTheHardest() {
        HardNegativeSampler.Config config = ALL_MINED.withCandidates(64).withMargin(1);
        // 0.5 is nearer than the positive (hard), 1.5 lies in the band (1, 2) (semi-hard), 5 is easy.
        assertMined(fixed(0.5, 1.5, 5), config, 1.5);
        assertMined(fixed(0.5, 1.7, 1.2, 5), config, 1.2, 1.7);
        // No candidate is semi-hard: the hardest one (the nearest), never an easy one.
        assertMined(fixed(0.5, 0.8, 5), config, 0.5);
        assertMined(fixed(2.5, 5), config, 2.5);
        // A wider margin takes 2.5 into the band, and the nearer 0.5 is then passed over.
        assertMined(fixed(0.5, 2.5, 5), config.withMargin(2), 2.5);
    }

    private static void assertMined(LineWorld world, HardNegativeSampler.Config config, double... allowed) {
        HardNegativeSampler sampler = new HardNegativeSampler(world.dataset, world.distance(), config);
        ImageRef anchor = world.dataset.images().get(0), positive = world.dataset.images().get(1);
        java.util.Set<Double> seen = new java.util.TreeSet<>();
        for (long seed = 0; seed < 30; seed++) seen.add(world.position.get(sampler.mine(anchor, positive, false, new Random(seed))));
        java.util.Set<Double> expected = new java.util.TreeSet<>();
        for (double a : allowed) expected.add(a);
        assertEquals(expected, seen, "mined negatives");
    }

    @Test
    void theSameGroupFractionIsRespected() {
        // 4 groups of 5 identities: an unrestricted partner shares the group by chance 4 times in 19.
        LineWorld world = new LineWorld(4, 5, 3, 6);
        double chance = 4.0 / 19;
        for (double fraction : new double[] {0, 0.3, 1}) {
            HardNegativeSampler.Config uniform = HardNegativeSampler.Config.DEFAULTS.withMinedFraction(0).withSameGroupFraction(fraction);
            double expected = fraction + (1 - fraction) * chance;
            assertEquals(expected, sameGroupShare(new HardNegativeSampler(world.dataset, world.distance(), uniform).sample(4000, 7)), 0.04,
                    "uniform impostors, fraction " + fraction);
            assertEquals(expected, sameGroupShare(world.dataset.pairSampler(fraction).sample(4000, 7)), 0.04, "identity sampler, fraction " + fraction);
        }
        // Mined negatives: all within the group at 1; at 0.3 at least 30% (the unrestricted rest follows the distance).
        assertEquals(1.0, sameGroupShare(new HardNegativeSampler(world.dataset, world.distance(), ALL_MINED.withSameGroupFraction(1)).sample(1000, 8)));
        assertTrue(sameGroupShare(new HardNegativeSampler(world.dataset, world.distance(), ALL_MINED.withSameGroupFraction(0.3)).sample(1000, 8)) >= 0.3);
    }

    private static double sameGroupShare(List<Pair> pairs) {
        List<Pair> impostors = pairs.stream().filter(p -> !p.same()).toList();
        return impostors.stream().filter(p -> p.left().group().equals(p.right().group())).count() / (double) impostors.size();
    }

    @Test
    void aGroupOfOneIdentityFallsBackToAnyOtherIdentity() {
        List<ImageRef> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) refs.add(ref("alone", "g0", i));
        for (int p = 0; p < 3; p++) for (int i = 0; i < 2; i++) refs.add(ref("p" + p, "g1", i));
        ImageDataset dataset = new ImageDataset("groups", ImageDataset.Layout.IDENTITIES, refs);
        List<Pair> pairs = new HardNegativeSampler(dataset, (a, b) -> a.name().equals(b.name()) ? 0 : 1, ALL_MINED.withSameGroupFraction(1))
                .sample(400, 1);
        assertTrue(pairs.stream().filter(p -> !p.same()).noneMatch(p -> p.left().identity().equals(p.right().identity())));
        assertTrue(pairs.stream().anyMatch(p -> !p.same() && p.left().identity().equals("alone")), "'alone' still gets impostor pairs");
    }

    @Test
    void unusableInputIsRefused() {
        LineWorld world = new LineWorld(1, 1, 4, 1);
        DatasetException one = assertThrows(DatasetException.class,
                () -> new HardNegativeSampler(world.dataset, world.distance(), HardNegativeSampler.Config.DEFAULTS).sample(10, 1));
        assertTrue(one.getMessage().contains("only one identity"), one.getMessage());
        ImageDataset anchors = new ImageDataset("f", ImageDataset.Layout.ANCHOR_POSITIVE_NEGATIVE, List.of(ref("self", ImageDataset.ANCHOR, 0)));
        assertThrows(IllegalArgumentException.class, () -> new HardNegativeSampler(anchors, (a, b) -> 0, HardNegativeSampler.Config.DEFAULTS));
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class, () -> HardNegativeSampler.Config.DEFAULTS.withMinedFraction(1.5));
        assertTrue(fraction.getMessage().contains("minedFraction"), fraction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HardNegativeSampler.Config.DEFAULTS.withCandidates(0));
        assertThrows(IllegalArgumentException.class, () -> HardNegativeSampler.Config.DEFAULTS.withMargin(0));
        assertThrows(IllegalArgumentException.class, () -> HardNegativeSampler.Config.DEFAULTS.withSameGroupFraction(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new IdentityPairSampler(world.dataset, 2));
        assertSame(HardNegativeSampler.Config.DEFAULTS, new HardNegativeSampler(new LineWorld(1, 2, 2, 1).dataset, (a, b) -> 0,
                HardNegativeSampler.Config.DEFAULTS).config());
    }
}
