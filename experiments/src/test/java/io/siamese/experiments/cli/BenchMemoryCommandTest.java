package io.siamese.experiments.cli;

import io.siamese.data.ImageDataset;
import io.siamese.data.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchMemoryCommandTest {

    @TempDir
    Path dir;

    private static final Pattern EPOCH = Pattern.compile("fold (\\d) epoch +(\\d+) +[\\d.]+ s +RSS +(\\d+) MB .*");

    private String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true));
        try {
            assertEquals(0, SiameseCli.execute(args));
        } finally {
            System.setOut(original);
        }
        return buffer.toString();
    }

    @Test
    void printsResidentMemoryAfterEveryEpochOfEveryFold() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(6, 4, 48, 3));
        String out = run("bench-memory", "--data", "identities:" + faces, "--epochs", "1", "--folds", "2", "--pairs-per-epoch", "8",
                "--batch", "4", "--validation-pairs", "4", "--image-cache", dir.resolve("cache").toString());
        List<String> epochs = out.lines().filter(l -> EPOCH.matcher(l).matches()).toList();
        assertEquals(2, epochs.size(), out);
        Matcher last = EPOCH.matcher(epochs.get(1));
        assertTrue(last.matches());
        assertEquals("2", last.group(1), "the second fold");
        assertEquals("1", last.group(2));
        if (Files.isReadable(Path.of("/proc/self/status"))) assertTrue(Integer.parseInt(last.group(3)) > 0, out);
        assertEquals(2, out.lines().filter(l -> l.matches("fold \\d done .*")).count(), out);
        assertTrue(out.contains("image cache: "), out);
        assertTrue(Files.isDirectory(dir.resolve("cache")), "the images went to the disk cache asked for");
    }

    @Test
    void theInMemoryFloorTrainsOnPreloadedImagesOfTheSameIdentities() throws Exception {
        Path faces = dir.resolve("faces");
        SyntheticFaces.writeTree(faces, new SyntheticFaces.Config(6, 4, 48, 3));
        String out = run("bench-memory", "--data", "identities:" + faces, "--epochs", "1", "--pairs-per-epoch", "8", "--batch", "4",
                "--validation-pairs", "4", "--in-memory", "--max-images", "16", "--image-cache", "off");
        assertTrue(out.contains("preloaded 16 images"), out);
        assertTrue(out.contains("4 identities, 16 images"), out);
        assertEquals(1, out.lines().filter(l -> EPOCH.matcher(l).matches()).count(), out);
    }

    @Test
    void firstIdentitiesKeepsWholeIdentitiesUpToTheLimit() {
        ImageDataset all = SyntheticFaces.dataset(new SyntheticFaces.Config(5, 3, 24, 1));
        ImageDataset some = BenchMemoryCommand.firstIdentities(all, 7);
        assertEquals(2, some.identities().size());
        assertEquals(6, some.size());
        assertEquals(all.identities().subList(0, 2), some.identities());
        assertThrows(IllegalArgumentException.class, () -> BenchMemoryCommand.firstIdentities(all, 0));
    }

    @Test
    void aSnapshotReadsHeapAndResidentMemory() {
        MemorySnapshot now = MemorySnapshot.now();
        assertTrue(now.heapUsedMb() > 0 && now.heapCommittedMb() >= now.heapUsedMb());
        assertFalse(now.describe().isBlank());
    }
}
