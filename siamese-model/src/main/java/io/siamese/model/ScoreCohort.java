package io.siamese.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The embeddings of a cohort of other people's images that a model keeps to normalise its scores (symmetric score
 * normalisation, S-norm: Auckenthaler et al. 2000; Kenny 2010). Some faces score high against everybody (a pale
 * photo, glasses), others low; one threshold over raw scores then fails some people more than others. Normalised,
 * a pair's score says how far above each image's scores against strangers it stands:
 * {@code z = ((s - mean_a) / sd_a + (s - mean_b) / sd_b) / 2}, where {@code s} is the pair's head logit and
 * {@code mean_x}, {@code sd_x} are those of image {@code x}'s logits against the cohort. The model reports
 * {@code sigmoid(z)}, so scores and thresholds stay in [0, 1] and rank pairs as {@code z} does.
 *
 * <p>Training builds the cohort from its training people (never the validation or test people), after the best
 * epoch is chosen and before calibration, so that the thresholds are calibrated on normalised scores. Immutable.
 */
public final class ScoreCohort {

    /** No cohort: the model reports its head's raw scores. */
    public static final ScoreCohort NONE = new ScoreCohort(new float[0][]);

    /** The model file's entry that holds a cohort. */
    static final String ENTRY = "cohort.bin";

    private final float[][] members;

    private ScoreCohort(float[][] members) {
        this.members = members;
    }

    /** A cohort of these embeddings (all of one dimension); none gives {@link #NONE}. */
    public static ScoreCohort of(List<Embedding> embeddings) {
        if (embeddings.isEmpty()) return NONE;
        if (embeddings.size() < 2) throw new IllegalArgumentException("a score cohort needs at least 2 images, got 1");
        float[][] m = new float[embeddings.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = embeddings.get(i).values();
            if (m[i].length != m[0].length) {
                throw new IllegalArgumentException("cohort embeddings must have one dimension: " + m[0].length + " and " + m[i].length);
            }
        }
        return new ScoreCohort(m);
    }

    public int size() {
        return members.length;
    }

    public boolean isEmpty() {
        return members.length == 0;
    }

    /** The embeddings' dimension (0 for {@link #NONE}). */
    public int dimension() {
        return members.length == 0 ? 0 : members[0].length;
    }

    /** Mean and standard deviation of the head's logits of {@code e} against every cohort member. */
    double[] statistics(Head head, Embedding e) {
        double sum = 0, squares = 0;
        for (float[] member : members) {
            double z = head.logit(e, member);
            sum += z;
            squares += z * z;
        }
        double mean = sum / members.length;
        double sd = Math.sqrt(Math.max(squares / members.length - mean * mean, 0));
        return new double[] {mean, Math.max(sd, 1e-9)};
    }

    /** The normalised score of a pair from its head logit and both images' {@link #statistics}. */
    static double normalised(double logit, double[] a, double[] b) {
        return Head.sigmoid(0.5 * ((logit - a[0]) / a[1] + (logit - b[0]) / b[1]));
    }

    /** The file form: the count and the dimension as little-endian ints, then the values as little-endian floats. */
    byte[] toBytes() {
        int d = dimension();
        ByteBuffer buffer = ByteBuffer.allocate(8 + 4 * members.length * d).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(members.length).putInt(d);
        for (float[] member : members) for (float v : member) buffer.putFloat(v);
        return buffer.array();
    }

    /** Reads {@link #toBytes}'s form; {@code source} names the file in errors. */
    static ScoreCohort fromBytes(byte[] data, String source) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 8) throw new ModelFileException(source + ": entry " + ENTRY + " is too short");
        int n = buffer.getInt(), d = buffer.getInt();
        if (n < 2 || d < 1 || (long) n * d * 4 + 8 != data.length) {
            throw new ModelFileException(source + ": entry " + ENTRY + " holds " + data.length + " bytes, not " + n + " embeddings of " + d + " values");
        }
        float[][] m = new float[n][d];
        for (float[] member : m) for (int i = 0; i < d; i++) member[i] = buffer.getFloat();
        return new ScoreCohort(m);
    }
}
