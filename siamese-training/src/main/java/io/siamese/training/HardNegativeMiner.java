package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.HardNegativeSampler;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.data.PairSampler;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Harder negatives for the next epoch, mined with the current model: a seeded pool of training images is embedded
 * once (batched, like {@link Evaluation}), and the returned {@link HardNegativeSampler} picks semi-hard impostors by
 * the model's own head, mixed with uniform ones.
 *
 * <p>The distance between two images is the head's logit of "different": {@code -(w . |a - b| + bias)}, that is
 * {@code log((1 - p) / p)} for the model's same-identity probability {@code p}. It orders pairs exactly as the scores
 * do but does not saturate, and a margin of 1 is a factor e on the odds. The sampler keeps a copy of the embeddings
 * and the head, so it draws the same pairs for the same seed even while the network goes on training.
 *
 * <pre>{@code
 * PairSampler sampler = HardNegativeMiner.sampler(model, train, preprocessor, HardNegativeMiner.Config.DEFAULTS, seed);
 * List<Pair> pairs = sampler.sample(pairsPerEpoch, epochSeed);
 * }</pre>
 *
 * Semi-hard means farther than the anchor's positive, so the mining helps once the model ranks most positives above
 * most negatives; on an untrained network (every score near 0.5, positives no nearer than negatives) semi-hard
 * negatives are no harder than uniform ones, so start mining after the first epoch or after pretraining.
 */
public final class HardNegativeMiner {

    private static final Logger log = LoggerFactory.getLogger(HardNegativeMiner.class);
    /** Mixed into the caller's seed for the pool, so the pool and the pairs drawn from it are independent draws. */
    private static final long POOL_SEED = 0x9E3779B97F4A7C15L;

    /**
     * How negatives are mined. The sampling defaults are {@link HardNegativeSampler.Config#DEFAULTS}'s.
     *
     * @param minedFraction     share of impostor pairs mined, the rest uniform, in [0, 1]
     * @param candidates        images of other identities drawn per mined pair (64 to 256 is typical)
     * @param margin            width of the semi-hard band above the anchor-positive distance, in logits
     * @param sameGroupFraction share of impostor pairs whose negative comes from the anchor's group (an Omniglot
     *                          alphabet; faces have no groups and are unaffected), in [0, 1]
     * @param poolImages        most training images embedded per call: whole identities in a seeded order until the pool
     *                          is full (a larger training set gets a different pool every epoch)
     */
    public record Config(double minedFraction, int candidates, double margin, double sameGroupFraction, int poolImages) {

        /** Half of the impostors mined from 128 candidates each, margin 1, half within the group, pools of 2,048 images. */
        public static final Config DEFAULTS = of(HardNegativeSampler.Config.DEFAULTS, 2048);

        public Config {
            sampling(minedFraction, candidates, margin, sameGroupFraction); // Validates the sampling part, with its messages.
            if (poolImages < 2) throw new IllegalArgumentException("poolImages must be >= 2 (a few thousand is typical), got " + poolImages);
        }

        /** A configuration from the sampler's and a pool size. */
        public static Config of(HardNegativeSampler.Config sampling, int poolImages) {
            return new Config(sampling.minedFraction(), sampling.candidates(), sampling.margin(), sampling.sameGroupFraction(), poolImages);
        }

        /** The sampler's part. */
        public HardNegativeSampler.Config sampling() {
            return sampling(minedFraction, candidates, margin, sameGroupFraction);
        }

        private static HardNegativeSampler.Config sampling(double minedFraction, int candidates, double margin, double sameGroupFraction) {
            return new HardNegativeSampler.Config(minedFraction, candidates, margin, sameGroupFraction);
        }

        public Config withMinedFraction(double v) {
            return new Config(v, candidates, margin, sameGroupFraction, poolImages);
        }

        public Config withCandidates(int v) {
            return new Config(minedFraction, v, margin, sameGroupFraction, poolImages);
        }

        public Config withMargin(double v) {
            return new Config(minedFraction, candidates, v, sameGroupFraction, poolImages);
        }

        public Config withSameGroupFraction(double v) {
            return new Config(minedFraction, candidates, margin, v, poolImages);
        }

        public Config withPoolImages(int v) {
            return new Config(minedFraction, candidates, margin, sameGroupFraction, v);
        }
    }

    private HardNegativeMiner() {
    }

    /** {@link #sampler(SiameseModel, ImageDataset, ImagePreprocessor, Config, long, DataProblems)} with its own record of unreadable images. */
    public static PairSampler sampler(SiameseModel model, ImageDataset train, ImagePreprocessor preprocessor, Config config, long seed) {
        return sampler(model, train, preprocessor, config, seed, new DataProblems());
    }

    /**
     * The sampler for the next epoch: embeds a seeded pool of {@code train}'s images with {@code model} and mines
     * among them. With nothing to mine ({@code minedFraction} 0) nothing is embedded and the pairs are
     * {@code train.pairSampler(sameGroupFraction)}'s; the anchor layout has no identities to mine among and gets its
     * usual sampler.
     *
     * @param seed     seeds the pool (the pairs are seeded by {@link PairSampler#sample}'s seed)
     * @param problems unreadable images are recorded here and left out of the pool
     */
    public static PairSampler sampler(SiameseModel model, ImageDataset train, ImagePreprocessor preprocessor, Config config, long seed,
                                      DataProblems problems) {
        if (config.minedFraction() == 0 || train.layout() != ImageDataset.Layout.IDENTITIES) {
            return train.pairSampler(config.sameGroupFraction());
        }
        long start = System.nanoTime();
        ImageDataset pool = pool(train, config.poolImages(), seed ^ POOL_SEED);
        Map<ImageSource, Embedding> embeddings = Embedder.embed(model, pool.images(), preprocessor, problems);
        Map<ImageSource, float[]> values = new HashMap<>();
        List<ImageRef> embedded = new ArrayList<>(pool.size());
        for (ImageRef ref : pool.images()) {
            Embedding e = embeddings.get(ref.source());
            if (e == null) continue;
            embedded.add(ref);
            values.put(ref.source(), e.values());
        }
        ImageDataset mined = new ImageDataset(pool.name(), pool.layout(), embedded);
        HeadDistance distance = new HeadDistance(model.network().headWeights(), model.network().headBias());
        log.info(String.format(Locale.ROOT, "hard negatives: embedded %d images of %d identities in %.1fs", embedded.size(),
                mined.byIdentity().size(), (System.nanoTime() - start) / 1e9));
        return new HardNegativeSampler(mined, (a, b) -> distance.between(values.get(a.source()), values.get(b.source())), config.sampling());
    }

    /**
     * Up to {@code poolImages} images of {@code train}: whole identities in a seeded order, skipping one that would
     * overflow the pool; everything when the training set fits.
     */
    static ImageDataset pool(ImageDataset train, int poolImages, long seed) {
        if (train.size() <= poolImages) return train;
        Map<String, List<ImageRef>> byIdentity = train.byIdentity();
        List<String> identities = new ArrayList<>(byIdentity.keySet());
        Collections.shuffle(identities, new Random(seed));
        List<ImageRef> images = new ArrayList<>(poolImages);
        for (String identity : identities) {
            List<ImageRef> own = byIdentity.get(identity);
            if (images.size() + own.size() <= poolImages) images.addAll(own);
            if (images.size() == poolImages) break;
        }
        return new ImageDataset(train.name() + "/mining pool", train.layout(), images);
    }

    /**
     * The head's logit of "different" between two embeddings, {@code -(bias + sum_i w_i |a_i - b_i|)}: the
     * {@link SiameseModel#score} formula before its sigmoid, on a copy of the head taken when mining started.
     */
    record HeadDistance(float[] weights, double bias) {
        double between(float[] a, float[] b) {
            double z = bias;
            for (int i = 0; i < weights.length; i++) z += weights[i] * Math.abs(a[i] - b[i]);
            return -z;
        }
    }
}
