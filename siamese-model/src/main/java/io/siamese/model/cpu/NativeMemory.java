package io.siamese.model.cpu;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Gives memory that native code has freed back to the operating system.
 *
 * <p>ND4J, OpenCV and JavaCPP allocate with the C library's {@code malloc}. glibc keeps freed blocks in its arenas for
 * reuse and returns them to the kernel only from the top of a heap; blocks of many sizes allocated and freed fold
 * after fold (a classifier of 4,793 people, then a Siamese graph, then the next fold's) leave free memory in the middle
 * of the arenas that stays resident. On the LFW experiment that was about 1 GB after four folds, growing by about
 * 350 MB a fold; one call of glibc's {@code malloc_trim(0)} gave it back. {@link #trim()} makes that call (through
 * JNA, which ND4J already brings); where there is no glibc it does nothing.
 */
public final class NativeMemory {

    /** The one function of the C library this needs. */
    interface CLibrary extends Library {
        int malloc_trim(long pad);
    }

    private static final CLibrary LIBC = load();

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
}
