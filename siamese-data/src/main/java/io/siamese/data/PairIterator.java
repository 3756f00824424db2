package io.siamese.data;

import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Feeds pairs to the Siamese graph in batches, as the {@link MultiDataSetIterator} DL4J's {@code fit} takes:
 * features {@code [left, right]} ({@code [B, C, H, W]} each), labels {@code [B, 1]}. Images come from the
 * preprocessor's {@link ImageCache} (decoded and face-cropped once) and are augmented per pair, so memory holds the
 * cache and one batch; DL4J prefetches batches on a background thread because {@link #asyncSupported()} is true.
 *
 * <p>A well-behaved iterator: {@link #hasNext()} is true exactly when {@link #next()} will return a batch (it loads
 * the next batch's images ahead, so a tail of unreadable pairs ends the pass instead of failing {@code next});
 * {@code next} makes the ND4J arrays, inside the workspace DL4J's prefetch thread opens around it; {@link #reset()}
 * starts the same pass again and gives the same batches (so {@link #resetSupported()} is true); a pre-processor set
 * with {@link #setPreProcessor} is applied to every batch as it is handed out; {@code next(n)} gives batches of
 * another size.
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
    /** The pixels of the next batch, loaded ahead by {@link #hasNext}; null when none is loaded. */
    private Loaded ahead;

    /**
     * A batch's images loaded into Java arrays. The ND4J arrays are made only when the batch is handed out, so that
     * under DL4J's prefetching they land in its workspace (which it opens around {@code next}, not {@code hasNext}).
     *
     * @param start  the index of the first pair it was loaded from
     * @param asked  the batch size it was loaded for
     * @param filled how many pairs it holds (unreadable ones are skipped)
     */
    private record Loaded(int start, int asked, int filled, float[] left, float[] right, float[] labels) {
    }

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
        if (ahead == null && cursor < pairs.size()) ahead = loadAhead(batchSize);
        return ahead != null;
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        if (num < 1) throw new IllegalArgumentException("a batch needs at least one pair, asked for " + num);
        if (ahead != null && ahead.asked() != num) {
            // Loaded ahead at another size: load it again from the same pairs.
            cursor = ahead.start();
            delivered -= ahead.filled();
            ahead = null;
        }
        if (ahead == null && cursor < pairs.size()) ahead = loadAhead(num);
        if (ahead == null) throw new NoSuchElementException("the pass is over; reset() starts it again");
        Loaded loaded = ahead;
        ahead = null;
        int n = loaded.filled();
        INDArray[] features = {preprocessor.batch(loaded.left(), n), preprocessor.batch(loaded.right(), n)};
        float[] labels = n == loaded.labels().length ? loaded.labels() : Arrays.copyOf(loaded.labels(), n);
        MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[] {Nd4j.create(labels, new long[] {n, 1}, 'c')});
        if (preProcessor != null) preProcessor.preProcess(batch);
        return batch;
    }

    /** Loads the next batch of up to {@code num} readable pairs; null when none is left. */
    private Loaded loadAhead(int num) {
        int start = cursor;
        int size = preprocessor.imageSize();
        float[] left = new float[num * size];
        float[] right = new float[num * size];
        float[] labels = new float[num];
        int filled = 0;
        while (filled < num && cursor < pairs.size()) {
            int index = cursor++;
            Pair pair = pairs.get(index);
            if (load(pair.left(), index, 0, left, filled * size) && load(pair.right(), index, 1, right, filled * size)) {
                labels[filled++] = pair.label();
            }
        }
        if (filled == 0) {
            if (delivered == 0) {
                throw new DatasetException("none of the " + pairs.size() + " pairs could be read: " + problems.count()
                        + " unreadable images (see the warnings above); expected decodable JPEG/PNG/BMP/PGM files");
            }
            return null;
        }
        delivered += filled;
        return new Loaded(start, num, filled, left, right, labels);
    }

    /** Loads one image into the batch buffer; false (and the file reported) when it cannot be read. */
    private boolean load(ImageRef ref, int index, int side, float[] target, int offset) {
        if (problems.wasSkipped(ref.name())) return false;
        try {
            if (augmentationFactory == null) {
                preprocessor.loadInto(ref.source(), null, null, target, offset);
            } else {
                if (augmentation == null) augmentation = augmentationFactory.get();
                preprocessor.loadInto(ref.source(), augmentation, new Random(mix(seed, index * 2L + side)), target, offset);
            }
            return true;
        } catch (ImageDecodeException e) {
            problems.skip(ref.name(), e.getMessage());
            return false;
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
        ahead = null;
    }
}
