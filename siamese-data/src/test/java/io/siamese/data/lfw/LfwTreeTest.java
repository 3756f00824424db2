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

    /** {@code count} images of a person, flat: {@code folder/Name_0001.jpg}. */
    static void flatPerson(Path folder, String name, int count) {
        for (int i = 1; i <= count; i++) {
            ImageFixtures.write(LfwTree.imagePath(folder, LfwTree.Layout.FLAT, name, i), ImageFixtures.jpeg(16, 16, name.hashCode() * 31L + i));
        }
    }

    @Test
    void readsAFlatFolderNamingEachPersonByTheFileNameWithoutItsNumber() throws Exception {
        Path flat = dir.resolve("data/negative");
        flatPerson(flat, "Ann_Lee", 3);
        flatPerson(flat, "Bo", 1);
        flatPerson(flat, "Jean_Claude_Van_Damme", 2);
        ImageFixtures.write(flat.resolve("holiday.jpg"), ImageFixtures.jpeg(16, 16, 9));
        assertEquals(LfwTree.Layout.FLAT, LfwTree.layout(flat));
        assertEquals(flat, LfwTree.imageRoot(dir), "the project's data/negative is found like lfw/");
        DataProblems problems = new DataProblems();
        ImageDataset dataset = LfwTree.read(dir, problems);
        assertEquals(List.of("Ann_Lee", "Bo", "Jean_Claude_Van_Damme"), dataset.identities());
        assertEquals(6, dataset.size());
        assertEquals(1, problems.count(), "a file without an LFW name is reported");
        assertEquals(Path.of("r/Ann_Lee_0012.jpg"), LfwTree.imagePath(Path.of("r"), LfwTree.Layout.FLAT, "Ann_Lee", 12));
        assertEquals(LfwTree.Layout.PERSON_FOLDERS, LfwTree.layout(dir));
        assertEquals(java.util.Optional.of("Jean_Claude_Van_Damme"), LfwTree.personOf("Jean_Claude_Van_Damme_0002.jpg"));
        assertTrue(LfwTree.personOf("Ann_Lee_12.jpg").isEmpty() && LfwTree.personOf("Ann_Lee_0001.txt").isEmpty());
    }

    @Test
    void aMissingTreeIsNamed() throws Exception {
        DatasetException e = assertThrows(DatasetException.class, () -> LfwTree.read(dir.resolve("nowhere"), new DataProblems()));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("Name_0001.jpg"), e.getMessage());
        Files.createDirectories(dir.resolve("lfw"));
        assertThrows(DatasetException.class, () -> LfwTree.read(dir, new DataProblems()));
    }
}
