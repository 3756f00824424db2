package io.siamese.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;

/**
 * Balanced pairs whose impostors are partly mined from a distance between images (the current model's, see
 * {@code HardNegativeMiner} in siamese-training), the rest uniform as in {@link IdentityPairSampler}.
 *
 * <p>Genuine pairs are drawn as {@link IdentityPairSampler} draws them. Each mined impostor takes the anchor (first
 * image) of one genuine pair, whose positive lies at distance {@code d_ap}, draws a seeded pool of
 * {@link Config#candidates()} images of other identities, and keeps a <em>semi-hard</em> one: farther than the
 * positive but within the margin, {@code d_ap < d_an < d_ap + margin}, chosen uniformly among those (FaceNet's rule:
 * hard enough to teach, but not the hardest, which are often mislabelled or the same person). When no candidate is
 * semi-hard the hardest candidate (the nearest) is taken. Cost: {@code candidates + 1} distances per mined pair, never
 * all pairs, so thousands of images stay cheap. A negative never shares the anchor's identity.
 *
 * <p>{@link Config#sameGroupFraction()} of the impostors, mined and uniform alike, come from the anchor's group (an
 * Omniglot alphabet); without groups (faces) that is every identity. The same seed and the same distance give the
 * same pairs.
 */
public final class HardNegativeSampler implements PairSampler {

    /**
     * How impostor pairs are drawn.
     *
     * @param minedFraction     share of impostor pairs mined; the rest are uniform (0 samples as {@link IdentityPairSampler})
     * @param candidates        images of other identities drawn per mined pair, among which the negative is chosen
     * @param margin            width of the semi-hard band above {@code d_ap}, in the distance's units (the default
     *                          suits {@code HardNegativeMiner}'s distance, the head's logit: 1 is a factor e on the odds)
     * @param sameGroupFraction share of impostor pairs whose negative comes from the anchor's group, in [0, 1]
     */
    public record Config(double minedFraction, int candidates, double margin, double sameGroupFraction) {

        /** Half mined from 128 candidates, margin 1, half of the negatives from the anchor's group. */
        public static final Config DEFAULTS = new Config(0.5, 128, 1.0, 0.5);

        public Config {
            if (!(minedFraction >= 0 && minedFraction <= 1)) throw new IllegalArgumentException("minedFraction must be in [0, 1], got " + minedFraction);
            if (candidates < 1) throw new IllegalArgumentException("candidates must be >= 1 (64 to 256 is typical), got " + candidates);
            if (!(margin > 0) || Double.isInfinite(margin)) throw new IllegalArgumentException("margin must be a positive number, got " + margin);
            if (!(sameGroupFraction >= 0 && sameGroupFraction <= 1)) {
                throw new IllegalArgumentException("sameGroupFraction must be in [0, 1], got " + sameGroupFraction);
            }
        }

        public Config withMinedFraction(double v) {
            return new Config(v, candidates, margin, sameGroupFraction);
        }

        public Config withCandidates(int v) {
            return new Config(minedFraction, v, margin, sameGroupFraction);
        }

        public Config withMargin(double v) {
            return new Config(minedFraction, candidates, v, sameGroupFraction);
        }

        public Config withSameGroupFraction(double v) {
            return new Config(minedFraction, candidates, margin, v);
        }
    }

    private final IdentityIndex index;
    private final ToDoubleBiFunction<ImageRef, ImageRef> distance;
    private final Config config;

    /**
     * @param dataset  an identities-layout dataset; the distance must be defined for every pair of its images
     * @param distance small for images of one identity, large for different ones; deterministic
     * @param config   how many impostors are mined and how
     */
    public HardNegativeSampler(ImageDataset dataset, ToDoubleBiFunction<ImageRef, ImageRef> distance, Config config) {
        if (dataset.layout() != ImageDataset.Layout.IDENTITIES) {
            throw new IllegalArgumentException("hard-negative mining needs the identities layout, " + dataset.name() + " is " + dataset.layout());
        }
        if (distance == null || config == null) throw new IllegalArgumentException("distance and config must be given");
        this.index = new IdentityIndex(dataset);
        this.distance = distance;
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    public List<Pair> sample(int count, long seed) {
        if (count < 2) throw new IllegalArgumentException("need at least 2 pairs (one of each kind), got " + count);
        index.checkBothKinds();
        Random random = new Random(seed);
        int genuine = (count + 1) / 2, impostors = count - genuine;
        List<Pair> pairs = new ArrayList<>(count);
        for (int i = 0; i < genuine; i++) pairs.add(index.genuine(random));
        int mined = (int) Math.round(impostors * config.minedFraction());
        for (int i = 0; i < impostors; i++) {
            boolean sameGroup = IdentityIndex.evenlySpread(i, config.sameGroupFraction());
            if (i < mined) {
                // The i-th genuine pair (drawn independently of i) gives the anchor and its positive.
                Pair anchorPositive = pairs.get(i);
                pairs.add(new Pair(anchorPositive.left(), mine(anchorPositive.left(), anchorPositive.right(), sameGroup, random), false));
            } else {
                pairs.add(index.impostor(sameGroup, random));
            }
        }
        Collections.shuffle(pairs, random);
        return pairs;
    }

    /**
     * The negative for one anchor: uniform among the semi-hard candidates, else the nearest candidate.
     *
     * @param sameGroup whether the candidates come from the anchor's group
     */
    ImageRef mine(ImageRef anchor, ImageRef positive, boolean sameGroup, Random random) {
        int identity = index.identityOf(anchor);
        double dap = distance.applyAsDouble(anchor, positive);
        List<ImageRef> semiHard = new ArrayList<>();
        ImageRef nearest = null;
        double nearestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < config.candidates(); c++) {
            ImageRef candidate = index.otherImage(identity, sameGroup, random);
            double dan = distance.applyAsDouble(anchor, candidate);
            if (dan > dap && dan < dap + config.margin()) semiHard.add(candidate);
            if (nearest == null || dan < nearestDistance) {
                nearest = candidate;
                nearestDistance = dan;
            }
        }
        return semiHard.isEmpty() ? nearest : semiHard.get(random.nextInt(semiHard.size()));
    }
}
