package io.siamese.data;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares the next batch of a {@link MultiDataSetIterator} on one long-lived background thread while the network
 * trains on the current one, in the same order as the iterator itself.
 *
 * <p>Why not DL4J's own prefetch: {@code ComputationGraph.fit} wraps an iterator whose {@code asyncSupported()} is true
 * in an {@code AsyncMultiDataSetIterator}, which starts a new thread (with a workspace of its own) for every call, that
 * is for every epoch, and native code keeps per-thread state. This iterator says {@code asyncSupported() == false} and
 * runs every call of the wrapped iterator on a single daemon thread ({@code siamese-prefetch}) that serves every
 * epoch, run and fold of the process. One batch is prepared ahead; epochs take as long as with DL4J's prefetch (LFW,
 * 2 cores: pretraining epochs 79-85 s, pair epochs 27-31 s, against 77-86 s and 25-30 s). Whether it lowers resident
 * memory over many folds is not established: a 20-minute LFW run with it still grew (see the README's memory notes).
 *
 * <p>The wrapped iterator is only ever called from that thread, one call at a time, so it needs no synchronisation.
 * Not thread-safe itself: one consumer, as DL4J's fit loop is.
 */
public final class PrefetchingIterator implements MultiDataSetIterator {

    /** The name of the thread every wrapped iterator runs on. */
    static final String THREAD_NAME = "siamese-prefetch";
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    /** What a fetch returns when the wrapped iterator has no next batch. */
    private static final MultiDataSet END = new org.nd4j.linalg.dataset.MultiDataSet();

    private final MultiDataSetIterator source;
    private Future<MultiDataSet> ahead;

    public PrefetchingIterator(MultiDataSetIterator source) {
        this.source = source;
    }

    private Future<MultiDataSet> fetch() {
        return THREAD.submit(() -> source.hasNext() ? source.next() : END);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("preparing the next batch failed", e.getCause());
        }
    }

    /** Runs {@code call} on the prefetch thread after whatever is pending there, and waits for it. */
    private <T> T onThread(Callable<T> call) {
        return await(THREAD.submit(call));
    }

    @Override
    public boolean hasNext() {
        if (ahead == null) ahead = fetch();
        return await(ahead) != END;
    }

    @Override
    public MultiDataSet next() {
        if (ahead == null) ahead = fetch();
        MultiDataSet batch = await(ahead);
        if (batch == END) throw new NoSuchElementException("no more batches");
        ahead = fetch();
        return batch;
    }

    @Override
    public MultiDataSet next(int num) {
        throw new UnsupportedOperationException("batches have the wrapped iterator's size");
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        onThread(() -> {
            source.setPreProcessor(preProcessor);
            return null;
        });
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return onThread(source::getPreProcessor);
    }

    @Override
    public boolean resetSupported() {
        return onThread(source::resetSupported);
    }

    /** False: this iterator prefetches itself, so DL4J must not wrap it in a thread of its own. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        if (ahead != null) {
            try {
                await(ahead); // a batch being prepared is finished, then dropped
            } catch (RuntimeException ignored) {
                // its failure belongs to the pass that is being reset
            }
            ahead = null;
        }
        onThread(() -> {
            source.reset();
            return null;
        });
    }
}
