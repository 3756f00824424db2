package io.siamese.model.cpu;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.siamese.model.bench.ProcessMemory;

/**
 * Gives memory that native code has freed back to the operating system.
 *
 * <p>ND4J, OpenCV and JavaCPP allocate with the C library's {@code malloc}. glibc keeps freed blocks in its arenas for
 * reuse and returns them to the kernel only from the top of a heap; blocks of many sizes allocated and freed fold
 * after fold (a classifier of 4,793 people, then a Siamese graph, then the next fold's) leave free memory in the middle
 * of the arenas that stays resident. On the LFW experiment that was about 1 GB after four folds, growing by about
 * 350 MB a fold; one call of glibc's {@code malloc_trim(0)} gave it back. {@link #trim()} makes that call (through
 * JNA, which ND4J already brings); where there is no glibc it does nothing.
 *
 * <p>Freed is not yet garbage, though. An ND4J array made outside DL4J's workspaces (a batch of images, an augmented
 * copy, an embedding) frees its native buffer only when a garbage collection finds its small Java object, and a heap
 * that holds a few hundred MB of such objects is seldom collected: resident memory then grows by gigabytes between
 * collections while the heap looks idle (the LFW experiment reached 6.2 GB, where JavaCPP's {@code maxPhysicalBytes}
 * finally forced a collection). {@link #release()} collects and trims; {@link #releaseIfGrown(double)} does so when
 * resident memory has grown by more than a given amount since the last release, cheap enough to ask after every batch.
 */
public final class NativeMemory {

    /** The one function of the C library this needs. */
    interface CLibrary extends Library {
        int malloc_trim(long pad);
    }

    private static final CLibrary LIBC = load();
    /** Resident memory (MiB) after the last {@link #release()}; NaN until the first {@link #releaseIfGrown} call. */
    private static double baseline = Double.NaN;

    private NativeMemory() {
    }

    private static CLibrary load() {
        if (!Platform.isLinux()) return null;
        try {
            CLibrary c = (CLibrary) Native.loadLibrary("c", CLibrary.class);
            c.malloc_trim(0); // fails here, once, on a C library without malloc_trim (musl)
            return c;
        } catch (Throwable e) {
            return null;
        }
    }

    /** Whether {@link #trim()} can release anything here (Linux with glibc). */
    public static boolean available() {
        return LIBC != null;
    }

    /**
     * Returns the free memory of the C library's heaps to the kernel ({@code malloc_trim(0)}): a few milliseconds,
     * called between epochs and folds, never per batch.
     *
     * @return true when memory was released
     */
    public static boolean trim() {
        return LIBC != null && LIBC.malloc_trim(0) == 1;
    }

    /**
     * Runs a garbage collection, so that the native buffers of unreachable arrays are freed (ND4J frees them on its
     * deallocator thread, OpenCV and JavaCPP on theirs), then {@link #trim()}s. Tens to a few hundred milliseconds:
     * between epochs and folds, or when {@link #releaseIfGrown} finds growth.
     */
    public static synchronized void release() {
        System.gc();
        trim();
        baseline = Double.NaN; // measured at the next check, once the deallocator threads have done their part
    }

    /**
     * {@link #release()} when resident memory has grown by more than {@code megabytes} since the last release (or
     * since the first call); otherwise only reads {@code /proc/self/status}, a few microseconds. Where resident memory
     * cannot be read it does nothing.
     *
     * @return true when it released
     */
    public static synchronized boolean releaseIfGrown(double megabytes) {
        // All of resident memory: the committed Java heap is not all resident, so subtracting it would hide native
        // growth. A heap that grows by itself costs one extra collection, after which the baseline moves up with it.
        double resident = ProcessMemory.residentMegabytes();
        if (Double.isNaN(resident)) return false;
        if (Double.isNaN(baseline) || resident < baseline) {
            baseline = resident;
            return false;
        }
        if (resident - baseline <= megabytes) return false;
        release();
        return true;
    }
}
