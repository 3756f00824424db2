package io.siamese.model.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProcessMemoryTest {

    private static final String STATUS = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t 1048576 kB\nVmHWM:\t 2097152 kB\n";

    @Test
    void residentAndPeakResidentMemoryAreReadInMebibytes() {
        assertEquals(1024.0, ProcessMemory.megabytes(STATUS, "VmRSS"));
        assertEquals(2048.0, ProcessMemory.megabytes(STATUS, "VmHWM"));
    }

    @Test
    void aMissingOrStrangeLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcessMemory.megabytes("Name:\tjava\n", "VmRSS"));
        assertThrows(IllegalArgumentException.class, () -> ProcessMemory.megabytes("VmRSS:\t 12 MB\n", "VmRSS"));
    }
}
