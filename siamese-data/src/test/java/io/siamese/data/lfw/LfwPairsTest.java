package io.siamese.data.lfw;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageDataset;
import io.siamese.data.Pair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.siamese.data.lfw.LfwTreeTest.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LfwPairsTest {

    @TempDir
    Path dir;
    private Path images;

    /** Two folds of 2 matched and 2 mismatched pairs, in LFW's tab-separated form. */
    private static final String PAIRS = String.join("\n",
            "2\t2",
            "Ann_Lee\t1\t2",
            "Bo_Chen\t1\t3",
            "Ann_Lee\t2\tCy_Diaz\t1",
            "Bo_Chen\t2\tDee_Eto\t1",
            "Eve_Fox\t1\t2",
            "Gil_Ho\t1\t2",
            "Eve_Fox\t2\tIan_Jo\t1",
            "Gil_Ho\t1\tIan_Jo\t1",
            "");

    @BeforeEach
    void tree() {
        images = dir.resolve("lfw");
        person(images, "Ann_Lee", 2);
        person(images, "Bo_Chen", 3);
        person(images, "Cy_Diaz", 1);
        person(images, "Dee_Eto", 1);
        person(images, "Eve_Fox", 2);
        person(images, "Gil_Ho", 2);
        person(images, "Ian_Jo", 1);
        person(images, "Kim_Lu", 2);
    }

    @Test
    void readsFoldsOfMatchedThenMismatchedPairs() throws Exception {
        Files.writeString(dir.resolve(LfwPairs.PAIRS), PAIRS);
        DataProblems problems = new DataProblems();
        List<LfwFold> folds = LfwPairs.folds(dir, problems);
        assertEquals(2, folds.size());
        assertEquals(0, problems.count());
        LfwFold first = folds.get(0);
        assertEquals(1, first.index());
        assertEquals(List.of(true, true, false, false), first.pairs().stream().map(Pair::same).toList());
        Pair matched = first.pairs().get(1);
        assertEquals("Bo_Chen", matched.left().identity());
        assertEquals(images.resolve("Bo_Chen/Bo_Chen_0003.jpg"), ((FileImage) matched.right().source()).path());
        Pair mismatched = first.pairs().get(2);
        assertEquals("Ann_Lee", mismatched.left().identity());
        assertEquals("Cy_Diaz", mismatched.right().identity());
        assertEquals(Set.of("Ann_Lee", "Bo_Chen", "Cy_Diaz", "Dee_Eto"), first.identities());
        assertEquals(2, first.matchedCount());
        assertEquals(2, first.mismatchedCount());
    }

    @Test
    void aFoldsTrainingSetHoldsNoneOfItsPeople() throws Exception {
        Files.writeString(dir.resolve(LfwPairs.PAIRS), PAIRS);
        ImageDataset tree = LfwTree.read(dir, new DataProblems());
        LfwFold second = LfwPairs.folds(dir, new DataProblems()).get(1);
        ImageDataset training = second.trainingDataset(tree);
        assertEquals(List.of("Ann_Lee", "Bo_Chen", "Cy_Diaz", "Dee_Eto", "Kim_Lu"), training.identities());
        assertTrue(training.images().stream().noneMatch(r -> second.identities().contains(r.identity())));
        // The fold's pairs refer to the same images the tree reads.
        assertTrue(tree.images().contains(second.pairs().get(0).left()));
    }

    @Test
    void missingImagesAreReportedWithTheLineAndTheirPairsLeftOut() throws Exception {
        Files.writeString(dir.resolve(LfwPairs.PAIRS), PAIRS.replace("Bo_Chen\t1\t3", "Bo_Chen\t1\t7"));
        DataProblems problems = new DataProblems();
        List<LfwFold> folds = LfwPairs.folds(dir, problems);
        assertEquals(3, folds.get(0).pairs().size());
        assertEquals(4, folds.get(1).pairs().size());
        String missing = images.resolve("Bo_Chen/Bo_Chen_0007.jpg").toString();
        assertEquals(1, problems.count());
        assertTrue(problems.skipped().get(missing).contains("pairs.txt line 3"), problems.skipped().toString());
    }

    @Test
    void aMalformedLineIsNamedWithItsNumberAndTheExpectedForm() throws Exception {
        Files.writeString(dir.resolve(LfwPairs.PAIRS), PAIRS.replace("Eve_Fox\t1\t2", "Eve_Fox\tone\t2"));
        DatasetException e = assertThrows(DatasetException.class, () -> LfwPairs.folds(dir, new DataProblems()));
        assertTrue(e.getMessage().contains("pairs.txt line 6"), e.getMessage());
        assertTrue(e.getMessage().contains("matched pair 'Name n1 n2' (fold 2)"), e.getMessage());

        Files.writeString(dir.resolve(LfwPairs.PAIRS), PAIRS.replace("Ann_Lee\t2\tCy_Diaz\t1", "Ann_Lee\t1\t2"));
        DatasetException wrongKind = assertThrows(DatasetException.class, () -> LfwPairs.folds(dir, new DataProblems()));
        assertTrue(wrongKind.getMessage().contains("line 4: expected a mismatched pair"), wrongKind.getMessage());
    }

    @Test
    void aBadHeaderOrAShortFileIsRefused() throws Exception {
        Files.writeString(dir.resolve(LfwPairs.PAIRS), "ten folds\n");
        DatasetException header = assertThrows(DatasetException.class, () -> LfwPairs.folds(dir, new DataProblems()));
        assertTrue(header.getMessage().contains("line 1") && header.getMessage().contains("'10 300'"), header.getMessage());

        Files.writeString(dir.resolve(LfwPairs.PAIRS), "3\t2\n" + PAIRS.substring(PAIRS.indexOf('\n') + 1));
        DatasetException shortFile = assertThrows(DatasetException.class, () -> LfwPairs.folds(dir, new DataProblems()));
        assertTrue(shortFile.getMessage().contains("promises 3 fold(s)"), shortFile.getMessage());
    }

    @Test
    void aMissingPairsFileOrAWrongTreeIsNamed() throws Exception {
        DatasetException none = assertThrows(DatasetException.class, () -> LfwPairs.folds(dir, new DataProblems()));
        assertTrue(none.getMessage().contains("no pairs.txt in " + dir), none.getMessage());

        Files.writeString(dir.resolve(LfwPairs.PAIRS), "1\t1\nZed_A\t1\t2\nZed_A\t1\tZed_B\t1\n");
        DatasetException wrongTree = assertThrows(DatasetException.class, () -> LfwPairs.folds(dir, new DataProblems()));
        assertTrue(wrongTree.getMessage().contains("none of the 2 pairs"), wrongTree.getMessage());
    }

    @Test
    void theSamePairsReadFromAFlatFolder() throws Exception {
        Path flat = dir.resolve("flat");
        Path images = flat.resolve("data/negative");
        for (String[] p : new String[][] {{"Ann_Lee", "2"}, {"Bo_Chen", "3"}, {"Cy_Diaz", "1"}, {"Dee_Eto", "1"}, {"Eve_Fox", "2"}, {"Gil_Ho", "2"},
                {"Ian_Jo", "1"}}) {
            LfwTreeTest.flatPerson(images, p[0], Integer.parseInt(p[1]));
        }
        Files.writeString(flat.resolve(LfwPairs.PAIRS), PAIRS);
        DataProblems problems = new DataProblems();
        List<LfwFold> folds = LfwPairs.folds(flat, problems);
        assertEquals(0, problems.count(), problems.skipped().toString());
        assertEquals(List.of(4, 4), folds.stream().map(f -> f.pairs().size()).toList());
        assertEquals(images.resolve("Bo_Chen_0003.jpg"), ((FileImage) folds.get(0).pairs().get(1).right().source()).path());
        assertEquals("Bo_Chen", folds.get(0).pairs().get(1).right().identity());
        // The tree read flat gives the same images the pairs refer to, so a fold's people can be left out of training.
        ImageDataset tree = LfwTree.read(flat, problems);
        assertTrue(tree.images().contains(folds.get(0).pairs().get(1).right()));
        assertTrue(folds.get(1).trainingDataset(tree).images().stream().noneMatch(r -> folds.get(1).identities().contains(r.identity())));
    }

    @Test
    void devFilesHoldOneBlockAndAreOptional() throws Exception {
        assertTrue(LfwPairs.devTrain(dir, new DataProblems()).isEmpty());
        Files.writeString(images.resolve(LfwPairs.DEV_TRAIN), "1\nKim_Lu\t1\t2\nKim_Lu\t1\tAnn_Lee\t2\n");
        List<Pair> dev = LfwPairs.devTrain(dir, new DataProblems()).orElseThrow();
        assertEquals(List.of(true, false), dev.stream().map(Pair::same).toList());
        assertTrue(LfwPairs.devTest(dir, new DataProblems()).isEmpty());
    }
}
