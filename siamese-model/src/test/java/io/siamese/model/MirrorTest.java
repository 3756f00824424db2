package io.siamese.model;

import io.siamese.model.bench.ProcessMemory;
import io.siamese.model.cpu.NativeMemory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The mirror images behind test-time flip averaging. */
class MirrorTest {

    @Test
    void mirroredFlipsEveryRowOfEveryChannelAlongTheWidth() {
        // Two images, two channels, 3 rows, 5 columns: not square, so a transpose cannot pass for a flip.
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 2, 3, 5);
        INDArray mirrored = SiameseNetwork.mirrored(images);
        assertArrayEquals(images.shape(), mirrored.shape());
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 2; c++)
                for (int y = 0; y < 3; y++)
                    for (int x = 0; x < 5; x++)
                        assertEquals(images.getFloat(n, c, y, x), mirrored.getFloat(n, c, y, 4 - x), 0f, n + "," + c + "," + y + "," + x);
        assertTrue(SiameseNetwork.mirrored(mirrored).equals(images), "mirroring twice gives the images back");
    }

    @Test
    void mirroringDoesNotKeepMemory() throws InterruptedException {
        assumeTrue(NativeMemory.available(), "needs Linux with glibc to read and trim resident memory");
        INDArray images = Nd4j.rand(DataType.FLOAT, 64, 1, 64, 64);
        SiameseNetwork.mirrored(images);
        NativeMemory.release();
        Thread.sleep(300);
        NativeMemory.trim();
        double before = ProcessMemory.residentMegabytes();
        // libnd4j's reverse op kept about 1.7 MB per call of this size: 700 MB here.
        for (int i = 0; i < 400; i++) SiameseNetwork.mirrored(images);
        NativeMemory.release();
        Thread.sleep(300); // ND4J frees on its own deallocator thread
        NativeMemory.trim();
        double after = ProcessMemory.residentMegabytes();
        assertTrue(after - before < 150, "resident memory after 400 mirrorings of 64 images: " + before + " -> " + after + " MB");
    }
}
