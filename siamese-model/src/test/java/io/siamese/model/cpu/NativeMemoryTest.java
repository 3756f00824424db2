package io.siamese.model.cpu;

import io.siamese.model.bench.ProcessMemory;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

// The C-library test first: the ND4J test's garbage, freed on ND4J's own thread, would otherwise share its heaps.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeMemoryTest {

    @Test
    @Order(1)
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

    @Test
    @Order(2)
    void unreachableArraysGiveTheirNativeMemoryBackWhenResidentMemoryHasGrown() throws InterruptedException {
        assumeTrue(NativeMemory.available(), "needs Linux with glibc");
        // Whatever earlier tests left is collected, freed (ND4J frees on its own thread) and trimmed first, so that the
        // arrays below cannot reuse memory that is resident already.
        NativeMemory.release();
        Thread.sleep(500);
        NativeMemory.trim();
        NativeMemory.releaseIfGrown(1e9); // the baseline
        // 600 arrays of 1 MiB made outside any workspace and filled, so their native memory is resident.
        List<INDArray> arrays = new ArrayList<>();
        for (int i = 0; i < 600; i++) arrays.add(Nd4j.valueArrayOf(new long[]{256, 1024}, 1f, DataType.FLOAT));
        double grown = ProcessMemory.residentMegabytes();
        assertFalse(NativeMemory.releaseIfGrown(1e9), "no release below the growth asked for");
        arrays.clear(); // garbage now, but nothing collects a heap this small by itself
        assertTrue(NativeMemory.releaseIfGrown(100), "resident memory grew by more than 100 MB, so it released: " + grown + " MB now");
        double after = grown;
        for (int i = 0; i < 50 && grown - after < 400; i++) { // ND4J frees on its own deallocator thread
            Thread.sleep(100);
            NativeMemory.trim();
            after = ProcessMemory.residentMegabytes();
        }
        assertTrue(grown - after > 400, "resident memory fell by more than 400 of the 600 MB of garbage arrays: " + grown + " -> " + after);
    }
}
