package io.siamese.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairIteratorTest {

    private final SyntheticFaces.Config config = new SyntheticFaces.Config(4, 4, 32, 5);
    private final ImagePreprocessor preprocessor = new ImagePreprocessor(24, 24, 1);

    @Test
    void batchesCarryBothImagesAndTheLabels() {
        List<Pair> pairs = SyntheticFaces.dataset(config).pairSampler().sample(10, 1);
        PairIterator it = new PairIterator(pairs, preprocessor, 4, null, 1, new DataProblems());
        assertEquals(3, it.batchCount());
        List<Float> labels = new ArrayList<>();
        int batches = 0;
        while (it.hasNext()) {
            MultiDataSet batch = it.next();
            long n = batch.getLabels(0).size(0);
            assertArrayEquals(new long[] {n, 1, 24, 24}, batch.getFeatures(0).shape());
            assertArrayEquals(new long[] {n, 1, 24, 24}, batch.getFeatures(1).shape());
            for (int i = 0; i < n; i++) labels.add(batch.getLabels(0).getFloat(i, 0));
            batches++;
        }
        assertEquals(3, batches);
        assertEquals(pairs.stream().map(Pair::label).toList(), labels);
        it.reset();
        assertTrue(it.hasNext());
    }

    @Test
    void theFeaturesAreThePreprocessedImagesOfEachPair() {
        List<Pair> pairs = SyntheticFaces.dataset(config).pairSampler().sample(3, 2);
        MultiDataSet batch = new PairIterator(pairs, preprocessor, 3, null, 1, new DataProblems()).next();
        for (int i = 0; i < 3; i++) {
            assertEquals(preprocessor.load(pairs.get(i).left().source()).reshape(1, 24, 24), batch.getFeatures(0).slice(i));
            assertEquals(preprocessor.load(pairs.get(i).right().source()).reshape(1, 24, 24), batch.getFeatures(1).slice(i));
        }
    }

    @Test
    void augmentedPassesAreReproducible() {
        List<Pair> pairs = SyntheticFaces.dataset(config).pairSampler().sample(4, 3);
        MultiDataSet a = new PairIterator(pairs, preprocessor, 4, () -> new org.datavec.image.transform.FlipImageTransform(1), 11, new DataProblems()).next();
        MultiDataSet b = new PairIterator(pairs, preprocessor, 4, () -> new org.datavec.image.transform.FlipImageTransform(1), 11, new DataProblems()).next();
        MultiDataSet plain = new PairIterator(pairs, preprocessor, 4, null, 11, new DataProblems()).next();
        assertEquals(a.getFeatures(0), b.getFeatures(0));
        assertFalse(a.getFeatures(0).equals(plain.getFeatures(0)));
    }

    @Test
    void unreadablePairsAreSkippedAndCountedAndAllUnreadableStops() {
        ImageRef broken = new ImageRef("x", new GeneratedImage("broken", () -> { throw new ImageDecodeException("broken is corrupt"); }));
        List<Pair> good = SyntheticFaces.dataset(config).pairSampler().sample(4, 4);
        List<Pair> mixed = new ArrayList<>(good);
        mixed.add(1, new Pair(broken, good.get(0).right(), false));
        DataProblems problems = new DataProblems();
        PairIterator it = new PairIterator(mixed, preprocessor, 5, null, 1, problems);
        assertEquals(4, it.next().getLabels(0).size(0));
        assertEquals(1, problems.count());
        assertTrue(problems.skipped().get("broken").contains("corrupt"));

        PairIterator allBad = new PairIterator(List.of(new Pair(broken, broken, true)), preprocessor, 2, null, 1, new DataProblems());
        assertThrows(DatasetException.class, allBad::next);
    }

    @Test
    void hasNextIsTrueExactlyWhenNextGivesABatchEvenWhenTheLastPairsAreUnreadable() {
        ImageRef broken = new ImageRef("x", new GeneratedImage("broken", () -> { throw new ImageDecodeException("broken is corrupt"); }));
        List<Pair> pairs = new ArrayList<>(SyntheticFaces.dataset(config).pairSampler().sample(3, 4));
        for (int i = 0; i < 4; i++) pairs.add(new Pair(broken, pairs.get(0).right(), false));
        PairIterator it = new PairIterator(pairs, preprocessor, 3, null, 1, new DataProblems());
        assertTrue(it.hasNext());
        assertEquals(3, it.next().getLabels(0).size(0));
        assertFalse(it.hasNext(), "the four remaining pairs are unreadable: no batch is left");
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void aResetPassGivesTheSameBatchesAndThePreProcessorSeesEachOnce() {
        List<Pair> pairs = SyntheticFaces.dataset(config).pairSampler().sample(7, 5);
        PairIterator it = new PairIterator(pairs, preprocessor, 3, () -> new org.datavec.image.transform.FlipImageTransform(1), 2, new DataProblems());
        assertTrue(it.resetSupported());
        assertTrue(it.asyncSupported());
        List<MultiDataSet> first = new ArrayList<>();
        while (it.hasNext()) first.add(it.next());
        it.reset();
        int[] seen = {0};
        it.setPreProcessor(batch -> seen[0]++);
        assertTrue(it.getPreProcessor() != null);
        List<MultiDataSet> second = new ArrayList<>();
        while (it.hasNext()) {
            assertTrue(it.hasNext(), "asking twice does not skip a batch");
            second.add(it.next());
        }
        assertEquals(first.size(), second.size());
        assertEquals(3, seen[0]);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).getFeatures(0), second.get(i).getFeatures(0));
            assertEquals(first.get(i).getLabels(0), second.get(i).getLabels(0));
        }
        it.reset();
        assertTrue(it.hasNext());
        assertEquals(5, it.next(5).getLabels(0).size(0), "a batch asked at another size after hasNext");
        assertEquals(2, it.next().getLabels(0).size(0));
        assertFalse(it.hasNext());
    }

    @Test
    void itTrainsAGraphThroughDl4jsAsynchronousPrefetch() {
        List<Pair> pairs = SyntheticFaces.dataset(config).pairSampler().sample(8, 6);
        PairIterator it = new PairIterator(pairs, preprocessor, 4, null, 1, new DataProblems());
        org.nd4j.linalg.dataset.AsyncMultiDataSetIterator async = new org.nd4j.linalg.dataset.AsyncMultiDataSetIterator(it, 2);
        List<Float> labels = new ArrayList<>();
        while (async.hasNext()) {
            MultiDataSet batch = async.next();
            for (int i = 0; i < batch.getLabels(0).size(0); i++) labels.add(batch.getLabels(0).getFloat(i, 0));
        }
        async.shutdown();
        assertEquals(pairs.stream().map(Pair::label).toList(), labels);
    }

    @Test
    void neighbouringPairsGetUnrelatedAugmentationRandomness() {
        // The first draw of java.util.Random from neighbouring seeds is nearly equal; the mixed seeds must spread it.
        int[] buckets = new int[4];
        for (int index = 0; index < 400; index++) {
            buckets[new java.util.Random(PairIterator.mix(11, index)).nextInt(4)]++;
        }
        for (int b : buckets) assertTrue(b > 60, "each of 4 choices should come up about 100 times in 400, got " + java.util.Arrays.toString(buckets));
    }

    @Test
    void zipImagesFromTwoReadsOfOneArchiveAreEqual() {
        java.nio.file.Path zip = java.nio.file.Path.of("some.zip");
        assertEquals(new ZipImage(new ZipArchive(zip), "a.png"), new ZipImage(new ZipArchive(zip.toAbsolutePath()), "a.png"));
    }
}
