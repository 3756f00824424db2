package io.siamese.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * The user facade: embed an image, score a pair, verify against the model's calibrated threshold.
 *
 * <pre>{@code
 * SiameseModel model = SiameseModel.load(Path.of("model.zip"));
 * boolean same = model.verify(imageA, imageB);      // images: [1, C, H, W] in [0, 1]
 * double p = model.score(model.embed(imageA), model.embed(imageB));
 * }</pre>
 *
 * Scoring cached embeddings evaluates only the cheap head ({@code sigmoid(w . |a - b| + bias)}); it never reruns
 * the convolution tower. Images come from {@code siamese-data}'s preprocessing, the same one training used. A model
 * trained with a {@link ScoreCohort} reports normalised scores instead (each embedding's statistics against the
 * cohort are computed once and remembered while the embedding is in use).
 */
public final class SiameseModel {

    private final SiameseNetwork network;
    private final Calibration calibration;
    private final ScoreCohort cohort;
    /** Each embedding's mean and sd against the cohort, kept while the embedding is in use. */
    private final Map<Embedding, double[]> cohortStatistics = Collections.synchronizedMap(new WeakHashMap<>());

    public SiameseModel(SiameseNetwork network, Calibration calibration) {
        this(network, calibration, ScoreCohort.NONE);
    }

    /**
     * @param cohort the cohort that normalises the scores, or {@link ScoreCohort#NONE}; its embeddings must be this
     *               network's (the model is not trained further once it has one)
     */
    public SiameseModel(SiameseNetwork network, Calibration calibration, ScoreCohort cohort) {
        this.network = Objects.requireNonNull(network, "network");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.cohort = Objects.requireNonNull(cohort, "cohort");
        if (!cohort.isEmpty() && cohort.dimension() != network.spec().embeddingSize()) {
            throw new IllegalArgumentException("the score cohort's embeddings have " + cohort.dimension() + " values, the network's "
                    + network.spec().embeddingSize());
        }
    }

    /** Loads a model file written by {@link #save} or by training. */
    public static SiameseModel load(Path path) {
        ModelFile.Contents contents = ModelFile.read(path);
        byte[] cohort = contents.extras().get(ScoreCohort.ENTRY);
        try {
            return new SiameseModel(contents.network(), contents.calibration(),
                    cohort == null ? ScoreCohort.NONE : ScoreCohort.fromBytes(cohort, path.toString()));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path + " is not a valid model file: " + e.getMessage(), e);
        }
    }

    /** Saves the model with its optimizer state, calibration and score cohort, atomically. */
    public void save(Path path) {
        ModelFile.write(path, network, calibration, cohort.isEmpty() ? Map.of() : Map.of(ScoreCohort.ENTRY, cohort.toBytes()));
    }

    public ModelSpec spec() {
        return network.spec();
    }

    public Calibration calibration() {
        return calibration;
    }

    /** The cohort that normalises this model's scores ({@link ScoreCohort#NONE}: raw head scores). */
    public ScoreCohort cohort() {
        return cohort;
    }

    public SiameseNetwork network() {
        return network;
    }

    /** The same network with another calibration. */
    public SiameseModel withCalibration(Calibration newCalibration) {
        return new SiameseModel(network, newCalibration, cohort);
    }

    /** The same network scoring against another cohort (its embeddings must come from this network). */
    public SiameseModel withCohort(ScoreCohort newCohort) {
        return new SiameseModel(network, calibration, newCohort);
    }

    /** The embedding of one image, {@code [1, C, H, W]} or {@code [C, H, W]}. */
    public Embedding embed(INDArray image) {
        INDArray batch = image.rank() == 3 ? image.reshape(1, image.size(0), image.size(1), image.size(2)) : image;
        if (batch.rank() == 4 && batch.size(0) != 1) {
            throw new IllegalArgumentException("embed takes one image; use embedAll for a batch of " + batch.size(0));
        }
        return embedAll(batch).get(0);
    }

    /** Embeddings of a batch {@code [N, C, H, W]}, one tower pass per image. */
    public List<Embedding> embedAll(INDArray images) {
        INDArray out = network.embed(images);
        List<Embedding> result = new ArrayList<>((int) out.size(0));
        for (int i = 0; i < out.size(0); i++) {
            result.add(new Embedding(out.getRow(i).toFloatVector()));
        }
        return result;
    }

    /**
     * How likely two embedded images show the same identity, in [0, 1]: the head's probability, or with a cohort the
     * sigmoid of the normalised score ({@link ScoreCohort}). The head only, no tower pass.
     */
    public double score(Embedding a, Embedding b) {
        return score(head(), a, b);
    }

    /** Scores of one embedding against many (for example a gallery of references): one head evaluation each. */
    public double[] scores(Embedding query, List<Embedding> references) {
        Head head = head();
        double[] out = new double[references.size()];
        for (int i = 0; i < out.length; i++) out[i] = score(head, query, references.get(i));
        return out;
    }

    private double score(Head head, Embedding a, Embedding b) {
        if (cohort.isEmpty()) return head.score(a, b);
        return ScoreCohort.normalised(head.logit(a, b), statistics(head, a), statistics(head, b));
    }

    private double[] statistics(Head head, Embedding e) {
        double[] known = cohortStatistics.get(e);
        if (known != null) return known;
        double[] computed = cohort.statistics(head, e);
        cohortStatistics.put(e, computed);
        return computed;
    }

    /** The probability that two images show the same identity (both embedded in one batch). */
    public double score(INDArray imageA, INDArray imageB) {
        return score(embed(imageA), embed(imageB));
    }

    /** True when the pair scores at or above the calibrated threshold. */
    public boolean verify(Embedding a, Embedding b) {
        return score(a, b) >= calibration.threshold();
    }

    /** True when the two images score at or above the calibrated threshold. */
    public boolean verify(INDArray imageA, INDArray imageB) {
        return verify(embed(imageA), embed(imageB));
    }

    private Head head() {
        return new Head(network.headWeights(), network.headBias());
    }
}
