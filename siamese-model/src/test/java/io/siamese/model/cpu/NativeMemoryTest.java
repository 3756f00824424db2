package io.siamese.model.cpu;

import io.siamese.model.bench.ProcessMemory;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeMemoryTest {

    @Test
    void freedNativeMemoryThatTheCLibraryKeepsIsGivenBackToTheKernel() {
        assumeTrue(NativeMemory.available(), "needs Linux with glibc");
        // 3,000 blocks of 64 KiB (below glibc's mmap threshold, so they come from the heap), written so they are resident.
        int blocks = 3000, size = 64 * 1024;
        Pointer[] p = new Pointer[blocks];
        for (int i = 0; i < blocks; i++) {
            p[i] = Pointer.malloc(size);
            Pointer.memset(p[i], 1, size);
        }
        // Free all but the last: the free space lies below a block still in use, so glibc cannot shrink the heap by itself.
        for (int i = 0; i < blocks - 1; i++) Pointer.free(p[i]);
        double before = ProcessMemory.residentMegabytes();
        assertTrue(NativeMemory.trim(), "malloc_trim released memory");
        double after = ProcessMemory.residentMegabytes();
        Pointer.free(p[blocks - 1]);
        assertTrue(before - after > 100, "resident memory fell by more than 100 MB of the 187 MB freed: " + before + " -> " + after);
    }
}
