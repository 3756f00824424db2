package io.siamese.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.bytedeco.opencv.opencv_core.Mat;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityFoldersReaderTest {

    @TempDir
    Path root;

    private Path image(String relative, long seed) {
        return ImageFixtures.write(root.resolve(relative), ImageFixtures.jpeg(20, 20, seed));
    }

    @Test
    void readsOneIdentityPerFolderInSortedOrder() {
        image("Bob/Bob_0001.jpg", 1);
        image("Bob/Bob_0002.jpg", 2);
        image("Alice/Alice_0001.jpg", 3);
        image("Alice/Alice_0002.jpg", 4);
        image("Alice/Alice_0003.jpg", 5);
        ImageDataset dataset = IdentityFoldersReader.read(root, new DataProblems());
        assertEquals(ImageDataset.Layout.IDENTITIES, dataset.layout());
        Map<String, List<ImageRef>> people = dataset.byIdentity();
        assertEquals(List.of("Alice", "Bob"), List.copyOf(people.keySet()));
        assertEquals(3, people.get("Alice").size());
        assertEquals(root.resolve("Alice/Alice_0001.jpg").toString(), people.get("Alice").get(0).name());
    }

    @Test
    void aPersonWithASingleImageIsKeptForImpostorPairsOnly() {
        image("Solo/Solo_0001.jpg", 1);
        image("Pair/Pair_0001.jpg", 2);
        image("Pair/Pair_0002.jpg", 3);
        ImageDataset dataset = IdentityFoldersReader.read(root, new DataProblems());
        assertEquals(1, dataset.byIdentity().get("Solo").size());
        for (Pair pair : dataset.pairSampler().sample(40, 1)) {
            if (pair.same()) assertEquals("Pair", pair.left().identity());
        }
    }

    @Test
    void emptyFoldersNonImagesAndStrayTopLevelFilesAreSkipped() throws Exception {
        image("A/1.jpg", 1);
        image("A/2.jpg", 2);
        Files.createDirectories(root.resolve("Empty"));
        Files.writeString(root.resolve("A/info.csv"), "x");
        Files.writeString(root.resolve("stray.jpg"), "x");
        Files.writeString(root.resolve("README"), "about this dataset");
        DataProblems problems = new DataProblems();
        ImageDataset dataset = IdentityFoldersReader.read(root, problems);
        assertEquals(List.of("A"), dataset.identities());
        assertEquals(Map.of(root.resolve("A/info.csv").toString(), problems.skipped().get(root.resolve("A/info.csv").toString()),
                root.resolve("stray.jpg").toString(), problems.skipped().get(root.resolve("stray.jpg").toString())), problems.skipped());
        assertTrue(problems.skipped().get(root.resolve("stray.jpg").toString()).contains("one folder per identity"));
    }

    @Test
    void aTreeWithNothingUsableSaysWhatWasExpected() throws Exception {
        Files.createDirectories(root.resolve("Empty1"));
        Files.createDirectories(root.resolve("Empty2"));
        DatasetException e = assertThrows(DatasetException.class, () -> IdentityFoldersReader.read(root, new DataProblems()));
        assertTrue(e.getMessage().contains("no usable identity under " + root), e.getMessage());
        assertTrue(e.getMessage().contains("one folder per person"), e.getMessage());
        DatasetException missing = assertThrows(DatasetException.class,
                () -> IdentityFoldersReader.read(root.resolve("absent"), new DataProblems()));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
    }

    /**
     * Inputs that nobody can read, root included (the tests run as root in CI, where file permissions stop nothing):
     * an empty file, a folder where an image file is expected and a link to a file that does not exist. None of them
     * becomes an image of the dataset without being named when it is decoded, and reading the rest goes on.
     */
    @Test
    void inputsThatNoOneCanReadAreNeverDeliveredAndTheImageLikeOneIsNamed() throws Exception {
        image("A/1.jpg", 1);
        image("A/2.jpg", 2);
        image("B/1.jpg", 3);
        image("B/2.jpg", 4);
        Path empty = Files.write(root.resolve("B/3.jpg"), new byte[0]);
        Path folder = Files.createDirectories(root.resolve("B/4.jpg"));
        Path dangling = Files.createSymbolicLink(root.resolve("B/5.jpg"), root.resolve("B/missing.jpg"));
        assertTrue(Files.exists(folder) && Files.notExists(dangling) && Files.isSymbolicLink(dangling), "the fixture itself");

        ImageDataset dataset = IdentityFoldersReader.read(root, new DataProblems());
        assertEquals(List.of("A", "B"), dataset.identities());
        List<String> names = dataset.images().stream().map(ImageRef::name).toList();
        assertTrue(names.containsAll(List.of(root.resolve("A/1.jpg").toString(), root.resolve("A/2.jpg").toString(),
                root.resolve("B/1.jpg").toString(), root.resolve("B/2.jpg").toString())), names.toString());

        for (ImageRef ref : dataset.images()) {
            boolean readable = List.of("1.jpg", "2.jpg").contains(Path.of(ref.name()).getFileName().toString());
            if (readable) {
                assertEquals(20, ref.source().decode().cols(), ref.name());
            } else {
                ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ref.source().decode(), ref.name());
                assertTrue(e.getMessage().contains(ref.name()), e.getMessage());
            }
        }
        assertTrue(names.contains(empty.toString()), "an empty file with an image name is listed, then refused when decoded: " + names);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> new FileImage(empty).decode());
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("empty"), e.getMessage());
        for (Path unreadable : List.of(folder, dangling)) {
            ImageDecodeException direct = assertThrows(ImageDecodeException.class, () -> new FileImage(unreadable).decode());
            assertTrue(direct.getMessage().contains(unreadable.toString()), direct.getMessage());
        }
    }

    @Test
    void aTruncatedJpegFailsToDecodeNamingTheFileAndThePairIteratorSkipsIt() throws Exception {
        for (String person : List.of("A", "B", "C")) {
            for (int i = 1; i <= 2; i++) image(person + "/" + i + ".jpg", person.hashCode() * 10L + i);
        }
        byte[] whole = ImageFixtures.jpeg(20, 20, 99);
        Path corrupt = ImageFixtures.write(root.resolve("B/3.jpg"), ImageFixtures.truncated(whole));
        ImageDataset dataset = IdentityFoldersReader.read(root, new DataProblems());
        assertEquals(7, dataset.size(), "a corrupt file is only found when it is decoded");

        ImageRef bad = dataset.images().stream().filter(r -> r.name().equals(corrupt.toString())).findFirst().orElseThrow();
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> bad.source().decode());
        assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());
        Mat good = new FileImage(root.resolve("B/1.jpg")).decode();
        assertEquals(20, good.cols());

        List<Pair> pairs = dataset.pairSampler().sample(60, 5);
        long withBad = pairs.stream().filter(p -> p.left().equals(bad) || p.right().equals(bad)).count();
        assertTrue(withBad > 0 && withBad < pairs.size(), "the sample must hold some pairs with the corrupt image");
        DataProblems problems = new DataProblems();
        PairIterator iterator = new PairIterator(pairs, new ImagePreprocessor(12, 12, 1), 16, null, 1, problems);
        long delivered = 0;
        while (iterator.hasNext()) delivered += iterator.next().getLabels(0).size(0);
        assertEquals(pairs.size() - withBad, delivered);
        assertEquals(Map.of(corrupt.toString(), problems.skipped().get(corrupt.toString())), problems.skipped());
    }

    @Test
    void dataVecListsTheFilesWhileHiddenFilesDeeperFoldersAndTheFormOfTheRootAreKept() throws Exception {
        image("Bob/Bob_0001.jpg", 1);
        image("Bob/Bob_0002.png", 2);
        image("Bob/.thumbs/Bob_0001.jpg", 3);
        image("Bob/extra/Bob_0009.jpg", 4);
        image(".cache/ab/cd.jpg", 5);
        image("Carol/.hidden.jpg", 6);
        image("Carol/Carol_0001.JPG", 7);
        Path relative = Path.of("").toAbsolutePath().relativize(root);
        DataProblems problems = new DataProblems();
        ImageDataset dataset = IdentityFoldersReader.read(relative, problems);
        assertEquals(List.of("Bob", "Carol"), dataset.identities());
        assertEquals(List.of(relative.resolve("Bob/Bob_0001.jpg").toString(), relative.resolve("Bob/Bob_0002.png").toString()),
                dataset.byIdentity().get("Bob").stream().map(ImageRef::name).toList(), "names keep the root as it was given");
        assertEquals(List.of(relative.resolve("Carol/Carol_0001.JPG").toString()),
                dataset.byIdentity().get("Carol").stream().map(ImageRef::name).toList(), "extensions in any case");
        assertEquals(0, problems.count());
        assertEquals(20, dataset.images().get(0).source().decode().cols(), "the files read are the images");
    }

    @Tag("dataset")
    @Test
    void orlFacesHaveFortyPeopleWithTenImagesEach() {
        Path orl = SharedDatasets.orlFaces().orElse(null);
        Assumptions.assumeTrue(orl != null && Files.isDirectory(orl), "no orl_faces in the shared datasets");
        DataProblems problems = new DataProblems();
        ImageDataset dataset = IdentityFoldersReader.read(orl, problems);
        assertEquals(40, dataset.byIdentity().size());
        assertEquals(400, dataset.size());
        dataset.byIdentity().forEach((person, images) -> assertEquals(10, images.size(), person));
        assertEquals(0, problems.count(), "the README at the top level is not a problem");
        Mat face = dataset.byIdentity().get("s1").get(0).source().decode();
        assertEquals(92, face.cols());
        assertEquals(112, face.rows());
        assertEquals(1, face.channels());
    }
}
