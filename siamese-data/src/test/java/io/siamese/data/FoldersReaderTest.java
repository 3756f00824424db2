package io.siamese.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FoldersReaderTest {

    @TempDir
    Path root;

    private void image(String relative, long seed) {
        ImageFixtures.write(root.resolve(relative), ImageFixtures.jpeg(16, 16, seed));
    }

    private void fullTree() {
        image("anchor/a1.jpg", 1);
        image("anchor/a2.jpg", 2);
        image("positive/p1.jpg", 3);
        image("negative/Someone_0001.jpg", 4);
        image("negative/Other_Person/Other_Person_0001.jpg", 5);
        image("negative/Other_Person/Other_Person_0002.jpg", 6);
    }

    @Test
    void readsAnchorsPositivesAndFlatOrPerPersonNegatives() {
        fullTree();
        DataProblems problems = new DataProblems();
        ImageDataset dataset = FoldersReader.read(root, problems);
        assertEquals(ImageDataset.Layout.ANCHOR_POSITIVE_NEGATIVE, dataset.layout());
        Map<String, List<ImageRef>> roles = dataset.byGroup();
        assertEquals(2, roles.get(ImageDataset.ANCHOR).size());
        assertEquals(1, roles.get(ImageDataset.POSITIVE).size());
        assertEquals(3, roles.get(ImageDataset.NEGATIVE).size());
        assertTrue(roles.get(ImageDataset.ANCHOR).stream().allMatch(r -> r.identity().equals(FoldersReader.SELF)));
        // A flat file named like LFW's is that person's photo; a folder names its person.
        assertEquals(List.of("Other_Person", "Other_Person", "Someone"),
                roles.get(ImageDataset.NEGATIVE).stream().map(ImageRef::identity).sorted().toList());
        assertEquals(0, problems.count());
    }

    @Test
    void flatNegativesOfOnePersonAreOneIdentityAndOtherFilesEachTheirOwn() {
        image("anchor/a1.jpg", 1);
        image("positive/p1.jpg", 2);
        image("negative/Jane_Doe_0001.jpg", 3);
        image("negative/Jane_Doe_0002.jpg", 4);
        image("negative/snapshot.jpg", 5);
        ImageDataset dataset = FoldersReader.read(root, new DataProblems());
        assertEquals(List.of("Jane_Doe", "Jane_Doe", "negative:snapshot.jpg"),
                dataset.byGroup().get(ImageDataset.NEGATIVE).stream().map(ImageRef::identity).sorted().toList());
    }

    @Test
    void aMissingFolderIsNamedWithWhatIsExpected() throws Exception {
        image("anchor/a1.jpg", 1);
        image("negative/n.jpg", 2);
        DatasetException e = assertThrows(DatasetException.class, () -> FoldersReader.read(root, new DataProblems()));
        assertTrue(e.getMessage().contains(root.resolve("positive").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("anchor/, positive/ and negative/"), e.getMessage());
    }

    @Test
    void aRootThatIsNoFolderIsRefused() {
        DatasetException e = assertThrows(DatasetException.class, () -> FoldersReader.read(root.resolve("nowhere"), new DataProblems()));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("is not a folder"), e.getMessage());
    }

    @Test
    void anEmptyFolderSaysWhichAndWhatItShouldHold() throws Exception {
        image("anchor/a1.jpg", 1);
        image("positive/p1.jpg", 2);
        Files.createDirectories(root.resolve("negative"));
        DatasetException e = assertThrows(DatasetException.class, () -> FoldersReader.read(root, new DataProblems()));
        assertTrue(e.getMessage().contains("no images in " + root.resolve("negative")), e.getMessage());
        assertTrue(e.getMessage().contains("import-lfw"), e.getMessage());
    }

    @Test
    void nonImageFilesAndEmptyPersonFoldersAreSkippedAndReported() throws Exception {
        fullTree();
        Files.writeString(root.resolve("anchor/notes.txt"), "not an image");
        Files.writeString(root.resolve("negative/pairs.txt"), "10 300");
        Files.createDirectories(root.resolve("negative/Empty_Person"));
        DataProblems problems = new DataProblems();
        ImageDataset dataset = FoldersReader.read(root, problems);
        assertEquals(6, dataset.size());
        assertEquals(2, problems.count());
        assertTrue(problems.wasSkipped(root.resolve("anchor/notes.txt").toString()));
        assertTrue(problems.skipped().get(root.resolve("negative/pairs.txt").toString()).contains("not an image"));
    }

    @Test
    void anAnchorFolderHoldingOnlyNonImagesCountsAsEmpty() throws Exception {
        fullTree();
        for (Path f : List.of(root.resolve("anchor/a1.jpg"), root.resolve("anchor/a2.jpg"))) Files.delete(f);
        Files.writeString(root.resolve("anchor/readme.md"), "x");
        DataProblems problems = new DataProblems();
        DatasetException e = assertThrows(DatasetException.class, () -> FoldersReader.read(root, problems));
        assertTrue(e.getMessage().contains("no images in " + root.resolve("anchor")), e.getMessage());
        assertEquals(1, problems.count());
    }
}
