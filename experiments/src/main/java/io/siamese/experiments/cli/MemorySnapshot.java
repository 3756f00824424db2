package io.siamese.experiments.cli;

import io.siamese.model.bench.ProcessMemory;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the memory of this process is at one moment: resident memory as the kernel counts it, the Java heap, and the
 * native memory JavaCPP tracks (OpenCV matrices and other pointers that wait for release).
 *
 * @param residentMb        {@code VmRSS} from {@code /proc/self/status} in MiB; NaN where that file does not exist
 * @param heapUsedMb        Java heap in use, MiB
 * @param heapCommittedMb   Java heap the JVM holds from the system, MiB
 * @param javacppMb         bytes JavaCPP tracks in live pointers ({@link Pointer#totalBytes()}), MiB
 * @param javacppPointers   live JavaCPP pointers with a deallocator ({@link Pointer#totalCount()})
 */
record MemorySnapshot(double residentMb, double heapUsedMb, double heapCommittedMb, double javacppMb, long javacppPointers) {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final double MIB = 1024.0 * 1024.0;

    /** The memory of this process now. */
    static MemorySnapshot now() {
        Runtime runtime = Runtime.getRuntime();
        return new MemorySnapshot(ProcessMemory.residentMegabytes(), (runtime.totalMemory() - runtime.freeMemory()) / MIB, runtime.totalMemory() / MIB,
                Pointer.totalBytes() / MIB, Pointer.totalCount());
    }

    /** One line for the console: {@code RSS 1234 MB  heap 80/512 MB  javacpp 3.1 MB in 52 pointers}. */
    String describe() {
        return String.format(Locale.ROOT, "RSS %5.0f MB  heap %4.0f/%4.0f MB  javacpp %6.1f MB in %d pointers",
                residentMb, heapUsedMb, heapCommittedMb, javacppMb, javacppPointers);
    }
}
