package io.siamese.data;

import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Feeds pairs to the Siamese graph in batches: features {@code [left, right]} ({@code [B, C, H, W]} each), labels
 * {@code [B, 1]}. Images are decoded when their batch is built, so memory holds one batch, not the dataset; DL4J's
 * {@code fit} prefetches batches on a background thread because {@link #asyncSupported()} is true.
 *
 * <p>Augmentation draws from a random generator seeded by {@code (seed, pair index, side)}, so a pass is
 * reproducible whatever thread builds it. A pair with an unreadable image is skipped, the file is reported once to
 * {@link DataProblems}, and the batch is filled from the next pairs; a pass in which no pair can be read stops
 * with a {@link DatasetException}.
 */
public final class PairIterator implements MultiDataSetIterator {

    private final List<Pair> pairs;
    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private final Supplier<ImageTransform> augmentationFactory;
    private final long seed;
    private final DataProblems problems;
    private ImageTransform augmentation;
    private MultiDataSetPreProcessor preProcessor;
    private int cursor;
    private long delivered;

    /**
     * @param augmentation makes the augmentation transform for this iterator (transforms are not thread-safe), or
     *                     null for none
     */
    public PairIterator(List<Pair> pairs, ImagePreprocessor preprocessor, int batchSize,
                        Supplier<ImageTransform> augmentation, long seed, DataProblems problems) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        this.pairs = List.copyOf(pairs);
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
        this.augmentationFactory = augmentation;
        this.seed = seed;
        this.problems = problems;
    }

    /** Number of pairs in one pass (some may be skipped if unreadable). */
    public int pairCount() {
        return pairs.size();
    }

    /** Number of batches in one pass if no pair is skipped. */
    public int batchCount() {
        return (pairs.size() + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < pairs.size();
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        if (!hasNext()) throw new NoSuchElementException();
        int c = preprocessor.channels(), h = preprocessor.height(), w = preprocessor.width();
        INDArray left = Nd4j.create(DataType.FLOAT, num, c, h, w);
        INDArray right = Nd4j.create(DataType.FLOAT, num, c, h, w);
        INDArray labels = Nd4j.create(DataType.FLOAT, num, 1);
        int filled = 0;
        while (filled < num && cursor < pairs.size()) {
            int index = cursor++;
            Pair pair = pairs.get(index);
            INDArray a = load(pair.left(), index, 0);
            INDArray b = a == null ? null : load(pair.right(), index, 1);
            if (a == null || b == null) continue;
            left.get(NDArrayIndex.point(filled)).assign(a.get(NDArrayIndex.point(0)));
            right.get(NDArrayIndex.point(filled)).assign(b.get(NDArrayIndex.point(0)));
            labels.putScalar(filled, 0, pair.label());
            filled++;
        }
        if (filled == 0) {
            if (delivered == 0 && !hasNext()) {
                throw new DatasetException("none of the " + pairs.size() + " pairs could be read: " + problems.count()
                        + " unreadable images (see the warnings above); expected decodable JPEG/PNG/BMP/PGM files");
            }
            if (!hasNext()) throw new NoSuchElementException("the remaining pairs were all unreadable");
            return next(num);
        }
        if (filled < num) {
            left = left.get(NDArrayIndex.interval(0, filled)).dup();
            right = right.get(NDArrayIndex.interval(0, filled)).dup();
            labels = labels.get(NDArrayIndex.interval(0, filled)).dup();
        }
        delivered += filled;
        MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {left, right}, new INDArray[] {labels});
        if (preProcessor != null) preProcessor.preProcess(batch);
        return batch;
    }

    private INDArray load(ImageRef ref, int index, int side) {
        if (problems.wasSkipped(ref.name())) return null;
        try {
            if (augmentationFactory == null) return preprocessor.load(ref.source());
            if (augmentation == null) augmentation = augmentationFactory.get();
            Random random = new Random(mix(seed, index * 2L + side));
            return preprocessor.load(ref.source(), augmentation, random);
        } catch (ImageDecodeException e) {
            problems.skip(ref.name(), e.getMessage());
            return null;
        }
    }

    /**
     * A well-spread seed per (pass, image): neighbouring seeds give nearly the same first value from
     * {@link Random}, which would make every pair's first augmentation choice alike. SplitMix64's finaliser fixes that.
     */
    static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        cursor = 0;
        delivered = 0;
    }
}
