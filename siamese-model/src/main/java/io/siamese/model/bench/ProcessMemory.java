package io.siamese.model.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory as the kernel counts it ({@code /proc/self/status}): what grows when native memory
 * (OpenCV matrices, ND4J buffers) is not released, while the Java heap looks fine. NaN where the file does not exist
 * (not Linux).
 */
public final class ProcessMemory {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Resident memory now ({@code VmRSS}), in MiB. */
    public static double residentMegabytes() {
        return read("VmRSS");
    }

    /** The peak resident memory of the process so far ({@code VmHWM}), in MiB. */
    public static double peakResidentMegabytes() {
        return read("VmHWM");
    }

    private static double read(String field) {
        try {
            if (!Files.isReadable(PROC_STATUS)) return Double.NaN;
            return megabytes(Files.readString(PROC_STATUS, StandardCharsets.US_ASCII), field);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** A {@code Field: N kB} line of a {@code /proc/[pid]/status} text, in MiB. */
    static double megabytes(String status, String field) {
        String prefix = field + ":";
        for (String line : status.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] parts = line.substring(prefix.length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) throw new IllegalArgumentException("unexpected " + field + " line: " + line);
                return Long.parseLong(parts[0]) / 1024.0;
            }
        }
        throw new IllegalArgumentException("no " + field + " line in the status text");
    }
}
