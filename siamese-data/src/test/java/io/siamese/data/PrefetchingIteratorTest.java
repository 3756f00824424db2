package io.siamese.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefetchingIteratorTest {

    /** Batches 0..n-1 (a scalar feature each), recording the threads it is called on; fails at batch {@code failAt}. */
    private static final class Counting implements MultiDataSetIterator {
        final int n;
        final int failAt;
        final Set<Thread> threads = new HashSet<>();
        int cursor;

        Counting(int n, int failAt) {
            this.n = n;
            this.failAt = failAt;
        }

        @Override
        public boolean hasNext() {
            threads.add(Thread.currentThread());
            return cursor < n;
        }

        @Override
        public MultiDataSet next() {
            threads.add(Thread.currentThread());
            if (cursor == failAt) throw new IllegalStateException("batch " + cursor + " is broken");
            int i = cursor++;
            return new org.nd4j.linalg.dataset.MultiDataSet(Nd4j.scalar((float) i), Nd4j.scalar((float) i));
        }

        @Override
        public MultiDataSet next(int num) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return null;
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
            threads.add(Thread.currentThread());
            cursor = 0;
        }
    }

    private static List<Integer> drain(MultiDataSetIterator it) {
        List<Integer> seen = new ArrayList<>();
        while (it.hasNext()) seen.add(it.next().getFeatures(0).getInt(0));
        return seen;
    }

    @Test
    void givesTheWrappedBatchesInOrderAndReplaysThemAfterAReset() {
        PrefetchingIterator it = new PrefetchingIterator(new Counting(5, -1));
        assertEquals(List.of(0, 1, 2, 3, 4), drain(it));
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        it.reset();
        assertEquals(List.of(0, 1, 2, 3, 4), drain(it));
    }

    @Test
    void tellsDl4jNotToStartAThreadOfItsOwn() {
        assertFalse(new PrefetchingIterator(new Counting(1, -1)).asyncSupported());
    }

    @Test
    void everyEpochsIteratorRunsOnTheSameLongLivedThread() {
        Set<Thread> threads = new HashSet<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            Counting source = new Counting(4, -1);
            drain(new PrefetchingIterator(source));
            threads.addAll(source.threads);
        }
        assertEquals(1, threads.size(), "one thread for three epochs: " + threads);
        Thread thread = threads.iterator().next();
        assertEquals(PrefetchingIterator.THREAD_NAME, thread.getName());
        assertTrue(thread.isAlive(), "the thread outlives the epochs");
        assertFalse(threads.contains(Thread.currentThread()));
    }

    @Test
    void aFailureWhilePreparingABatchReachesTheCaller() {
        PrefetchingIterator it = new PrefetchingIterator(new Counting(5, 2));
        it.next();
        it.next();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            while (it.hasNext()) it.next();
        });
        assertEquals("batch 2 is broken", e.getMessage());
    }
}
