package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.Pair;
import io.siamese.data.PairIterator;
import io.siamese.data.PairSampler;
import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardNegativeMinerTest {

    private static TrainingData data;
    private static SiameseNetwork network;
    private static SiameseModel model;

    /** The tiny network, trained for a few hundred pairs so that it ranks most positives above most negatives. */
    @BeforeAll
    static void trainATinyModel() {
        data = TinyRuns.data();
        TrainingConfig config = TinyRuns.config(1);
        network = SiameseNetwork.create(TinyRuns.spec(), config.optimizer().withLearningRate(3e-3), config.seed());
        DataProblems problems = new DataProblems();
        for (int epoch = 0; epoch < 6; epoch++) {
            List<Pair> pairs = data.train().pairSampler().sample(96, epoch);
            network.graph().fit(new PairIterator(pairs, data.preprocessor(), 16, null, epoch, problems));
        }
        model = new SiameseModel(network, Calibration.UNCALIBRATED);
    }

    private static double meanImpostorScore(List<Pair> pairs) {
        List<Pair> impostors = pairs.stream().filter(p -> !p.same()).toList();
        Evaluation.Scored scored = Evaluation.score(model, impostors, data.preprocessor(), new DataProblems());
        double sum = 0;
        for (double s : scored.scores()) sum += s;
        return sum / scored.size();
    }

    private static PairSampler miner(HardNegativeMiner.Config config) {
        return HardNegativeMiner.sampler(model, data.train(), data.preprocessor(), config, 11);
    }

    @Test
    void minedImpostorsScoreHigherThanRandomOnesByTheCurrentModel() {
        double random = meanImpostorScore(data.train().pairSampler().sample(400, 3));
        double mined = meanImpostorScore(miner(HardNegativeMiner.Config.DEFAULTS.withMinedFraction(1)).sample(400, 3));
        double half = meanImpostorScore(miner(HardNegativeMiner.Config.DEFAULTS).sample(400, 3));
        assertTrue(mined > random + 0.02, "mined impostors score " + mined + ", random ones " + random);
        assertTrue(half > random && half < mined, "half mined " + half + " lies between random " + random + " and mined " + mined);
    }

    @Test
    void pairsAreBalancedNeverSameIdentityAndSeeded() {
        PairSampler sampler = miner(HardNegativeMiner.Config.DEFAULTS);
        List<Pair> pairs = sampler.sample(301, 4);
        assertEquals(151, pairs.stream().filter(Pair::same).count());
        for (Pair p : pairs) assertEquals(p.same(), p.left().identity().equals(p.right().identity()), "label must match identities: " + p);
        assertEquals(pairs, sampler.sample(301, 4));
        assertEquals(pairs, miner(HardNegativeMiner.Config.DEFAULTS).sample(301, 4), "the same model and seeds mine the same pairs");
        assertNotEquals(pairs, sampler.sample(301, 5));
    }

    @Test
    void theSamplerKeepsItsPairsWhileTheNetworkTrainsOn() {
        SiameseNetwork copy = SiameseNetwork.create(TinyRuns.spec(), TinyRuns.config(1).optimizer(), 1);
        copy.graph().setParams(network.graph().params().dup());
        SiameseModel copied = new SiameseModel(copy, Calibration.UNCALIBRATED);
        PairSampler sampler = HardNegativeMiner.sampler(copied, data.train(), data.preprocessor(),
                HardNegativeMiner.Config.DEFAULTS.withMinedFraction(1), 2);
        List<Pair> before = sampler.sample(200, 6);
        copy.graph().fit(new PairIterator(data.train().pairSampler().sample(64, 99), data.preprocessor(), 16, null, 99, new DataProblems()));
        assertNotEquals(network.graph().params(), copy.graph().params(), "the copy trained on");
        assertEquals(before, sampler.sample(200, 6));
    }

    @Test
    void theDistanceIsTheLogitOfTheModelsScore() {
        List<ImageRef> images = data.train().images().subList(0, 6);
        List<Embedding> embeddings = new ArrayList<>();
        for (ImageRef r : images) embeddings.add(model.embed(data.preprocessor().load(r.source())));
        var distance = new HardNegativeMiner.HeadDistance(network.headWeights(), network.headBias());
        for (Embedding a : embeddings) {
            for (Embedding b : embeddings) {
                double p = model.score(a, b);
                assertEquals(Math.log((1 - p) / p), distance.between(a.values(), b.values()), 1e-6);
            }
        }
    }

    @Test
    void aPoolHoldsWholeIdentitiesUpToItsSize() {
        ImageDataset train = data.train();
        ImageDataset pool = HardNegativeMiner.pool(train, 20, 1);
        assertTrue(pool.size() <= 20 && pool.size() >= 20 - 6, "pool of " + pool.size());
        for (var e : pool.byIdentity().entrySet()) assertEquals(train.byIdentity().get(e.getKey()), e.getValue(), "whole identities");
        assertEquals(pool, HardNegativeMiner.pool(train, 20, 1));
        assertNotEquals(pool.identities(), HardNegativeMiner.pool(train, 20, 2).identities());
        assertEquals(train, HardNegativeMiner.pool(train, train.size(), 1), "a training set that fits is taken whole");

        List<Pair> pairs = miner(HardNegativeMiner.Config.DEFAULTS.withPoolImages(20)).sample(200, 1);
        Set<String> used = new HashSet<>();
        for (Pair p : pairs) {
            used.add(p.left().name());
            used.add(p.right().name());
        }
        assertTrue(used.size() <= 20, used.size() + " images used by a pool of 20");
    }

    @Test
    void withNothingMinedItIsTheUsualSampler() {
        HardNegativeMiner.Config none = HardNegativeMiner.Config.DEFAULTS.withMinedFraction(0);
        assertEquals(data.train().pairSampler(none.sameGroupFraction()).sample(100, 3), miner(none).sample(100, 3));
    }

    @Test
    void invalidValuesAreNamed() {
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class, () -> HardNegativeMiner.Config.DEFAULTS.withPoolImages(1));
        assertTrue(pool.getMessage().contains("poolImages"), pool.getMessage());
        IllegalArgumentException margin = assertThrows(IllegalArgumentException.class, () -> HardNegativeMiner.Config.DEFAULTS.withMargin(-1));
        assertTrue(margin.getMessage().contains("margin"), margin.getMessage());
        assertEquals(HardNegativeMiner.Config.DEFAULTS.sampling(), io.siamese.data.HardNegativeSampler.Config.DEFAULTS);
    }
}
