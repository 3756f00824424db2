package io.siamese.data.lfw;

import io.siamese.data.DataProblems;
import io.siamese.data.DataSpec;
import io.siamese.data.DatasetException;
import io.siamese.data.Datasets;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImageFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LfwTreeTest {

    @TempDir
    Path dir;

    static void person(Path images, String name, int count) {
        for (int i = 1; i <= count; i++) ImageFixtures.write(LfwTree.imagePath(images, name, i), ImageFixtures.jpeg(16, 16, name.hashCode() * 31L + i));
    }

    @Test
    void findsThePersonFoldersWithOrWithoutTheLfwFolder() throws Exception {
        Path unpacked = dir.resolve("unpacked");
        person(unpacked.resolve("lfw"), "Ann_Lee", 2);
        assertEquals(unpacked.resolve("lfw"), LfwTree.imageRoot(unpacked));
        Path flat = dir.resolve("flat");
        person(flat, "Ann_Lee", 2);
        assertEquals(flat, LfwTree.imageRoot(flat));
        Path aligned = dir.resolve("aligned");
        person(aligned.resolve("lfw-deepfunneled"), "Ann_Lee", 2);
        assertEquals(aligned.resolve("lfw-deepfunneled"), LfwTree.imageRoot(aligned));
    }

    @Test
    void imageFilesAreNumberedFromOneWithFourDigits() {
        assertEquals(Path.of("r/George_W_Bush/George_W_Bush_0012.jpg"), LfwTree.imagePath(Path.of("r"), "George_W_Bush", 12));
    }

    @Test
    void theLfwPairsSpecOpensEveryPersonOfTheTree() {
        person(dir.resolve("lfw"), "Ann_Lee", 3);
        person(dir.resolve("lfw"), "Bo_Chen", 1);
        ImageDataset dataset = Datasets.open(DataSpec.parse("lfw-pairs:" + dir), new DataProblems());
        assertEquals(List.of("Ann_Lee", "Bo_Chen"), dataset.identities());
        assertEquals(4, dataset.size());
        assertTrue(dataset.name().startsWith("lfw:"));
    }

    @Test
    void aMissingTreeIsNamed() throws Exception {
        DatasetException e = assertThrows(DatasetException.class, () -> LfwTree.read(dir.resolve("nowhere"), new DataProblems()));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("Name_0001.jpg"), e.getMessage());
        Files.createDirectories(dir.resolve("lfw"));
        assertThrows(DatasetException.class, () -> LfwTree.read(dir, new DataProblems()));
    }
}
