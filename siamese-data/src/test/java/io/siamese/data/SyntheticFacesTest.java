package io.siamese.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticFacesTest {

    private final SyntheticFaces.Config config = new SyntheticFaces.Config(6, 5, 48, 7);

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    @Test
    void theSameSeedDrawsTheSamePixels() {
        assertArrayEquals(pixels(SyntheticFaces.render(2, 3, config)), pixels(SyntheticFaces.render(2, 3, config)));
        assertFalse(Arrays.equals(pixels(SyntheticFaces.render(2, 3, config)), pixels(SyntheticFaces.render(2, 3, config.withSeed(8)))));
    }

    @Test
    void renderingsOfOnePersonDifferAndArePictures() {
        byte[] a = pixels(SyntheticFaces.render(1, 0, config));
        byte[] b = pixels(SyntheticFaces.render(1, 1, config));
        assertFalse(Arrays.equals(a, b), "pose, lighting and noise change between renderings");
        int min = 255, max = 0;
        for (byte v : a) { min = Math.min(min, v & 0xff); max = Math.max(max, v & 0xff); }
        assertTrue(max - min > 100, "a face on a background has contrast, got range " + (max - min));
    }

    @Test
    void aPersonLooksMoreLikeThemselvesThanLikeOthersOnAverage() {
        SyntheticFaces.Config c = new SyntheticFaces.Config(8, 6, 32, 3);
        double within = 0, across = 0;
        int nw = 0, na = 0;
        for (int id = 0; id < 8; id++) {
            for (int s = 1; s < 6; s++) { within += distance(SyntheticFaces.render(id, 0, c), SyntheticFaces.render(id, s, c)); nw++; }
            for (int other = 0; other < 8; other++) {
                if (other != id) { across += distance(SyntheticFaces.render(id, 0, c), SyntheticFaces.render(other, 1, c)); na++; }
            }
        }
        assertTrue(within / nw < across / na, "mean within-identity distance " + within / nw + " vs across " + across / na);
    }

    private static double distance(BufferedImage a, BufferedImage b) {
        byte[] x = pixels(a), y = pixels(b);
        double d = 0;
        for (int i = 0; i < x.length; i++) d += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
        return d / x.length;
    }

    @Test
    void theDatasetHasEveryIdentityAndImage() {
        ImageDataset ds = SyntheticFaces.dataset(config);
        assertEquals(30, ds.size());
        assertEquals(6, ds.identities().size());
        assertEquals("person_00", ds.identities().get(0));
        assertEquals(48, ds.images().get(0).source().decode().cols());
    }

    @Test
    void writeTreeMakesAnIdentitiesFolderThatReadsBack(@TempDir Path dir) throws Exception {
        SyntheticFaces.writeTree(dir, config);
        assertTrue(Files.isRegularFile(dir.resolve("person_05/0004.png")));
        ImageDataset ds = IdentityFoldersReader.read(dir, new DataProblems());
        assertEquals(6, ds.identities().size());
        assertEquals(30, ds.size());
    }

    @Test
    void invalidConfigsAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyntheticFaces.Config(1, 5, 48, 1));
        assertTrue(e.getMessage().contains("identities"));
    }
}
