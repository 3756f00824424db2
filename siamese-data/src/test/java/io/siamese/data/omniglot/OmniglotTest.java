package io.siamese.data.omniglot;

import io.siamese.data.DataProblems;
import io.siamese.data.DataSpec;
import io.siamese.data.DatasetException;
import io.siamese.data.Datasets;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImageFixtures;
import io.siamese.data.ImageRef;
import io.siamese.data.SharedDatasets;
import io.siamese.data.ZipImage;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static io.siamese.data.omniglot.OmniglotFixtures.alphabets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmniglotTest {

    @TempDir
    Path dir;

    private static List<Path> listing(Path folder) throws Exception {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.sorted().toList();
        }
    }

    @Test
    void readsAZipInPlaceWithIdentityGroupAndDrawer() throws Exception {
        Path zip = OmniglotFixtures.zip(dir.resolve("images_background.zip"), "images_background", alphabets("Greek", 3, "Latin", 2), 4, 1);
        List<Path> before = listing(dir);
        DataProblems problems = new DataProblems();
        OmniglotSet set = Omniglot.read(zip, problems);
        assertEquals(before, listing(dir), "nothing is extracted");
        assertEquals(20, set.size());
        assertEquals(List.of("Greek", "Latin"), set.alphabets());
        assertEquals(5, set.characterCount());
        assertEquals(List.of(1, 2, 3, 4), List.copyOf(set.drawers()));
        assertEquals(0, problems.count());

        OmniglotImage first = set.images().get(0);
        assertEquals("Greek/character01", first.identity());
        assertEquals("Greek", first.ref().group());
        assertEquals(1, first.drawer());
        assertEquals(1, first.characterId());
        ZipImage source = assertInstanceOf(ZipImage.class, first.ref().source());
        assertEquals("images_background/Greek/character01/0001_01.png", source.entry());
        Mat pixels = first.ref().source().decode();
        assertEquals(12, pixels.cols());
        assertEquals(1, pixels.channels());

        ImageDataset dataset = set.dataset();
        assertEquals(ImageDataset.Layout.IDENTITIES, dataset.layout());
        assertEquals(4, dataset.byIdentity().get("Latin/character02").size());
        assertEquals(OptionalInt.of(4), set.drawer(dataset.byIdentity().get("Latin/character02").get(3)));
        assertEquals(OptionalInt.empty(), set.drawer(new ImageRef("x", first.ref().source())));
    }

    @Test
    void anExtractedFolderReadsLikeTheZip() throws Exception {
        Path zip = OmniglotFixtures.zip(dir.resolve("zips/images_evaluation.zip"), "images_evaluation", alphabets("Atlantean", 2), 3, 50);
        Path folder = OmniglotFixtures.folder(dir.resolve("folders"), "images_evaluation", alphabets("Atlantean", 2), 3, 50);
        OmniglotSet fromZip = Omniglot.read(zip, new DataProblems());
        OmniglotSet fromFolder = Omniglot.read(folder, new DataProblems());
        assertEquals(fromZip.images().stream().map(i -> i.identity() + "#" + i.drawer()).toList(),
                fromFolder.images().stream().map(i -> i.identity() + "#" + i.drawer()).toList());
    }

    @Test
    void backgroundMergesTheBackgroundArchivesAndLeavesEvaluationApart() throws Exception {
        OmniglotFixtures.zip(dir.resolve("images_background_small1.zip"), "images_background_small1", alphabets("Balinese", 2, "Greek", 2), 2, 1);
        OmniglotFixtures.zip(dir.resolve("images_background_small2.zip"), "images_background_small2", alphabets("Tagalog", 3), 2, 10);
        OmniglotFixtures.zip(dir.resolve("images_evaluation.zip"), "images_evaluation", alphabets("Atlantean", 4), 2, 100);
        DataProblems problems = new DataProblems();
        OmniglotSet background = Omniglot.background(dir, problems);
        assertEquals(List.of("Balinese", "Greek", "Tagalog"), background.alphabets());
        assertEquals(7, background.characterCount());
        OmniglotSet evaluation = Omniglot.evaluation(dir, problems).orElseThrow();
        assertEquals(List.of("Atlantean"), evaluation.alphabets());

        ImageDataset opened = Datasets.open(DataSpec.parse("omniglot:" + dir), problems);
        assertEquals(background.dataset().name(), opened.name());
        assertEquals(background.dataset().images().stream().map(r -> r.identity() + " " + r.name()).toList(),
                opened.images().stream().map(r -> r.identity() + " " + r.name()).toList());
    }

    @Test
    void theSameDrawingsInTwoArchivesAreReadOnce() throws Exception {
        // The two small background sets really do both hold Greek and Latin, file for file.
        OmniglotFixtures.zip(dir.resolve("images_background_small1.zip"), "images_background_small1", alphabets("Greek", 2, "Korean", 1), 3, 1);
        Map<String, byte[]> second = OmniglotFixtures.entries("images_background_small2", alphabets("Greek", 2), 3, 1);
        second.putAll(OmniglotFixtures.entries("images_background_small2", alphabets("Sanskrit", 1), 3, 20));
        ImageFixtures.zip(dir.resolve("images_background_small2.zip"), second);
        OmniglotSet set = Omniglot.background(dir, new DataProblems());
        assertEquals(List.of("Greek", "Korean", "Sanskrit"), set.alphabets());
        assertEquals(4, set.characterCount());
        assertEquals(12, set.size());
    }

    @Test
    void differentCharactersUnderOneAlphabetNameStayApart() throws Exception {
        OmniglotFixtures.zip(dir.resolve("images_background.zip"), "images_background", alphabets("Greek", 2), 2, 1);
        OmniglotFixtures.zip(dir.resolve("images_background_extra.zip"), "images_background_extra", alphabets("Greek", 2), 2, 500);
        OmniglotSet set = Omniglot.background(dir, new DataProblems());
        assertEquals(List.of("Greek", "Greek@images_background_extra"), set.alphabets());
        assertEquals(4, set.characterCount());
        assertTrue(set.dataset().identities().contains("Greek@images_background_extra/character01"));
    }

    @Test
    void anArchivePresentZippedAndExtractedIsReadFromTheFolder() throws Exception {
        OmniglotFixtures.zip(dir.resolve("images_background.zip"), "images_background", alphabets("Greek", 2), 2, 1);
        OmniglotFixtures.folder(dir, "images_background", alphabets("Greek", 2), 2, 1);
        assertEquals(List.of(dir.resolve("images_background")), Omniglot.archives(dir));
        assertFalse(Omniglot.background(dir, new DataProblems()).images().get(0).ref().source() instanceof ZipImage);
    }

    @Test
    void strayFilesAreSkippedAndCounted() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(OmniglotFixtures.entries("images_background", alphabets("Greek", 1), 2, 1));
        entries.put("images_background/Greek/character01/notes.txt", "x".getBytes());
        entries.put("images_background/Greek/character01/drawing.png", ImageFixtures.png(12, 5));
        entries.put("images_background/loose.png", ImageFixtures.png(12, 6));
        entries.put("__MACOSX/images_background/._x.png", new byte[] {1});
        Path zip = ImageFixtures.zip(dir.resolve("images_background.zip"), entries);
        DataProblems problems = new DataProblems();
        OmniglotSet set = Omniglot.read(zip, problems);
        assertEquals(2, set.size());
        assertEquals(3, problems.count());
        assertTrue(problems.skipped().get(zip + "!/images_background/Greek/character01/drawing.png").contains("<characterId>_<drawer>.png"));
        assertTrue(problems.skipped().get(zip + "!/images_background/loose.png").contains("layout"));
    }

    @Test
    void aPathWithoutArchivesSaysWhatIsExpected() throws Exception {
        Files.writeString(dir.resolve("readme.txt"), "nothing here");
        DatasetException e = assertThrows(DatasetException.class, () -> Omniglot.background(dir, new DataProblems()));
        assertTrue(e.getMessage().contains("no Omniglot archives in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("images_background.zip"), e.getMessage());

        DatasetException missing = assertThrows(DatasetException.class,
                () -> Datasets.open(DataSpec.parse("omniglot:" + dir.resolve("absent")), new DataProblems()));
        assertTrue(missing.getMessage().contains("absent") && missing.getMessage().contains("not found"), missing.getMessage());
        assertTrue(Omniglot.evaluation(Files.createDirectories(dir.resolve("empty")), new DataProblems()).isEmpty());
    }

    @Test
    void onlyAnEvaluationSetIsNoBackground() throws Exception {
        OmniglotFixtures.zip(dir.resolve("images_evaluation.zip"), "images_evaluation", alphabets("Atlantean", 2), 2, 1);
        DatasetException e = assertThrows(DatasetException.class, () -> Omniglot.background(dir, new DataProblems()));
        assertTrue(e.getMessage().contains("images_evaluation.zip"), e.getMessage());
    }

    @Test
    void aBrokenZipOrAZipWithoutDrawingsIsNamed() throws Exception {
        Path broken = Files.write(dir.resolve("images_background.zip"), new byte[] {'P', 'K', 3, 4, 0, 0});
        DatasetException e = assertThrows(DatasetException.class, () -> Omniglot.read(broken, new DataProblems()));
        assertTrue(e.getMessage().contains("cannot open zip archive " + broken), e.getMessage());

        Path empty = ImageFixtures.zip(dir.resolve("other/images_background.zip"), Map.of("images_background/readme.txt", new byte[] {1}));
        DataProblems problems = new DataProblems();
        DatasetException none = assertThrows(DatasetException.class, () -> Omniglot.read(empty, problems));
        assertTrue(none.getMessage().contains("no usable image"), none.getMessage());
        assertEquals(1, problems.count());
    }

    @Test
    void parsesOmniglotFileNames() {
        assertEquals(new OmniglotImage.FileName(394, 7), OmniglotImage.parseFileName("a/b/0394_07.png").orElseThrow());
        assertTrue(OmniglotImage.parseFileName("item01.png").isEmpty());
        assertTrue(OmniglotImage.parseFileName("0394_07.jpg").isEmpty());
    }

    @Tag("dataset")
    @Test
    void theSmallBackgroundSetsAsPublished() {
        Path omniglot = SharedDatasets.omniglot().orElse(null);
        Assumptions.assumeTrue(omniglot != null && Files.isRegularFile(omniglot.resolve("images_background_small1.zip")),
                "no Omniglot small background sets in the shared datasets");
        DataProblems problems = new DataProblems();
        OmniglotSet small1 = Omniglot.read(omniglot.resolve("images_background_small1.zip"), problems);
        assertEquals(List.of("Balinese", "Early_Aramaic", "Greek", "Korean", "Latin"), small1.alphabets());
        assertEquals(136, small1.characterCount());
        assertEquals(20, small1.drawers().size());
        assertEquals(2720, small1.size());
        assertEquals(Map.of("Balinese", 24, "Early_Aramaic", 22, "Greek", 24, "Korean", 40, "Latin", 26), counts(small1));

        OmniglotSet small2 = Omniglot.read(omniglot.resolve("images_background_small2.zip"), problems);
        assertEquals(156, small2.characterCount());
        assertEquals(3120, small2.size());
        assertEquals(Map.of("Greek", 24, "Japanese_(katakana)", 47, "Latin", 26, "Sanskrit", 42, "Tagalog", 17), counts(small2));

        // Greek and Latin are in both, drawing for drawing: the merged background set holds them once.
        OmniglotSet background = Omniglot.background(omniglot, problems);
        assertEquals(8, background.alphabets().size());
        assertEquals(242, background.characterCount());
        assertEquals(4840, background.size());
        assertEquals(0, problems.count());
        background.dataset().byIdentity().values().forEach(images -> assertEquals(20, images.size()));
        Mat drawing = background.images().get(0).ref().source().decode();
        assertEquals(105, drawing.cols());
        assertEquals(105, drawing.rows());
        assertEquals(1, drawing.channels());
        assertTrue(Omniglot.evaluation(omniglot, problems).isEmpty(), "the shared folder has no images_evaluation.zip");
    }

    private static Map<String, Integer> counts(OmniglotSet set) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        set.charactersByAlphabet().forEach((alphabet, characters) -> counts.put(alphabet, characters.size()));
        return counts;
    }
}
