package io.siamese.data;

import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Feeds labelled images to a classifier of identities (the pretraining of the Siamese tower): features
 * {@code [B, C, H, W]}, labels one-hot {@code [B, classes]}. One pass shows every image of every class once, in an
 * order shuffled by the seed; with {@code rotations = 4} every image is shown in one of its four quarter-turn
 * rotations, each a class of its own (Omniglot's characters x 4), chosen per image and pass by the seed.
 *
 * <p>Images are decoded, augmented and preprocessed like {@link PairIterator}'s (the same preprocessor, the same
 * seeding per image), an unreadable image is reported to {@link DataProblems} once and skipped.
 */
public final class ClassificationIterator implements MultiDataSetIterator {

    /** The classes of a dataset: identities with at least {@code minImages} images, in sorted order. */
    public record Classes(List<String> identities, List<List<ImageRef>> images, int rotations) {
        public Classes {
            identities = List.copyOf(identities);
            images = images.stream().map(List::copyOf).toList();
            if (rotations != 1 && rotations != 4) throw new IllegalArgumentException("rotations must be 1 or 4, got " + rotations);
        }

        /** The identities of {@code dataset} with at least {@code minImages} images each. */
        public static Classes of(ImageDataset dataset, int minImages, int rotations) {
            List<String> names = new ArrayList<>();
            List<List<ImageRef>> images = new ArrayList<>();
            for (Map.Entry<String, List<ImageRef>> e : dataset.byIdentity().entrySet()) {
                if (e.getValue().size() >= minImages) {
                    names.add(e.getKey());
                    images.add(e.getValue());
                }
            }
            if (names.size() < 2) {
                throw new DatasetException(dataset.name() + ": pretraining needs at least 2 identities with " + minImages
                        + " or more images, found " + names.size());
            }
            return new Classes(names, images, rotations);
        }

        /** Outputs of the classifier: identities times rotations. */
        public int count() {
            return identities.size() * rotations;
        }

        /** Images in one pass. */
        public int imageCount() {
            return images.stream().mapToInt(List::size).sum();
        }
    }

    private final Classes classes;
    private final ImagePreprocessor preprocessor;
    private final int batchSize;
    private final Supplier<ImageTransform> augmentationFactory;
    private final long seed;
    private final DataProblems problems;
    private final List<int[]> order;
    private ImageTransform augmentation;
    private MultiDataSetPreProcessor preProcessor;
    private int cursor;

    /**
     * @param augmentation makes this iterator's augmentation transform (transforms are not thread-safe), or null
     * @param seed         the pass's seed: order, rotations and augmentation
     */
    public ClassificationIterator(Classes classes, ImagePreprocessor preprocessor, int batchSize, Supplier<ImageTransform> augmentation,
                                  long seed, DataProblems problems) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (classes.rotations() == 4 && preprocessor.height() != preprocessor.width()) {
            throw new IllegalArgumentException("quarter-turn rotations need square images, got " + preprocessor.height() + "x" + preprocessor.width());
        }
        this.classes = classes;
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
        this.augmentationFactory = augmentation;
        this.seed = seed;
        this.problems = problems;
        Random random = new Random(seed);
        List<int[]> items = new ArrayList<>(classes.imageCount());
        for (int c = 0; c < classes.images().size(); c++) {
            for (int i = 0; i < classes.images().get(c).size(); i++) items.add(new int[] {c, i, random.nextInt(classes.rotations())});
        }
        Collections.shuffle(items, random);
        this.order = items;
    }

    /** Batches in one pass if no image is skipped. */
    public int batchCount() {
        return (order.size() + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        if (!hasNext()) throw new NoSuchElementException();
        int size = preprocessor.imageSize();
        float[] features = new float[num * size];
        int[] labels = new int[num];
        int filled = 0;
        while (filled < num && cursor < order.size()) {
            int index = cursor++;
            int[] item = order.get(index);
            ImageRef ref = classes.images().get(item[0]).get(item[1]);
            if (problems.wasSkipped(ref.name())) continue;
            try {
                if (augmentationFactory == null) {
                    preprocessor.loadInto(ref.source(), null, null, features, filled * size);
                } else {
                    if (augmentation == null) augmentation = augmentationFactory.get();
                    preprocessor.loadInto(ref.source(), augmentation, new Random(PairIterator.mix(seed, index)), features, filled * size);
                }
            } catch (ImageDecodeException e) {
                problems.skip(ref.name(), e.getMessage());
                continue;
            }
            rotate(features, filled * size, preprocessor.channels(), preprocessor.height(), item[2]);
            labels[filled++] = item[0] * classes.rotations() + item[2];
        }
        if (filled == 0) {
            if (hasNext()) return next(num);
            throw new DatasetException("none of the remaining " + num + " images could be read: " + problems.count() + " unreadable images");
        }
        INDArray labelArray = Nd4j.zeros(filled, classes.count());
        for (int i = 0; i < filled; i++) labelArray.putScalar(i, labels[i], 1f);
        MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {preprocessor.batch(features, filled)},
                new INDArray[] {labelArray});
        if (preProcessor != null) preProcessor.preProcess(batch);
        return batch;
    }

    /**
     * Turns the square image at {@code values[offset ..]} ({@code C, side, side}) by {@code quarters} quarter turns
     * counter-clockwise, in place.
     */
    static void rotate(float[] values, int offset, int channels, int side, int quarters) {
        int q = ((quarters % 4) + 4) % 4;
        if (q == 0) return;
        int plane = side * side;
        float[] copy = new float[plane];
        for (int c = 0; c < channels; c++) {
            int base = offset + c * plane;
            System.arraycopy(values, base, copy, 0, plane);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int sy, sx;
                    switch (q) {
                        case 1 -> { sy = x; sx = side - 1 - y; }
                        case 2 -> { sy = side - 1 - y; sx = side - 1 - x; }
                        default -> { sy = side - 1 - x; sx = y; }
                    }
                    values[base + y * side + x] = copy[sy * side + sx];
                }
            }
        }
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
    }
}
