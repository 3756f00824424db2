package io.siamese.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * the convolution tower. Images come from {@code siamese-data}'s preprocessing, the same one training used.
 */
public final class SiameseModel {

    private final SiameseNetwork network;
    private final Calibration calibration;

    public SiameseModel(SiameseNetwork network, Calibration calibration) {
        this.network = Objects.requireNonNull(network, "network");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
    }

    /** Loads a model file written by {@link #save} or by training. */
    public static SiameseModel load(Path path) {
        ModelFile.Contents contents = ModelFile.read(path);
        return new SiameseModel(contents.network(), contents.calibration());
    }

    /** Saves the model with its optimizer state and calibration, atomically. */
    public void save(Path path) {
        ModelFile.write(path, network, calibration, Map.of());
    }

    public ModelSpec spec() {
        return network.spec();
    }

    public Calibration calibration() {
        return calibration;
    }

    public SiameseNetwork network() {
        return network;
    }

    /** The same network with another calibration. */
    public SiameseModel withCalibration(Calibration newCalibration) {
        return new SiameseModel(network, newCalibration);
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

    /** The probability that two embedded images show the same identity: the head only, no tower pass. */
    public double score(Embedding a, Embedding b) {
        return head().score(a, b);
    }

    /** Scores of one embedding against many (for example a gallery of references): one head evaluation each. */
    public double[] scores(Embedding query, List<Embedding> references) {
        Head head = head();
        double[] out = new double[references.size()];
        for (int i = 0; i < out.length; i++) out[i] = head.score(query, references.get(i));
        return out;
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
