package io.siamese.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedDatasetsTest {

    @TempDir
    Path dir;

    @Test
    void findsSharedDatasetsNextToAParentOfTheStart() throws Exception {
        Path datasets = Files.createDirectories(dir.resolve("shared/datasets"));
        Path module = Files.createDirectories(dir.resolve("main/siamese-data"));
        assertEquals(Optional.of(datasets.toAbsolutePath().normalize()), SharedDatasets.locate(null, null, module));
        assertEquals(Optional.of(datasets.toAbsolutePath().normalize()), SharedDatasets.locate(null, null, dir.resolve("main")));
    }

    @Test
    void anOverrideWinsPropertyFirst() throws Exception {
        Files.createDirectories(dir.resolve("shared/datasets"));
        Path byProperty = Files.createDirectories(dir.resolve("p"));
        Path byEnvironment = Files.createDirectories(dir.resolve("e"));
        assertEquals(Optional.of(byProperty.toAbsolutePath()), SharedDatasets.locate(byProperty.toString(), byEnvironment.toString(), dir));
        assertEquals(Optional.of(byEnvironment.toAbsolutePath()), SharedDatasets.locate("  ", byEnvironment.toString(), dir));
    }

    @Test
    void anOverrideNamingNoFolderGivesNothingRatherThanAGuess() throws Exception {
        Files.createDirectories(dir.resolve("shared/datasets"));
        assertTrue(SharedDatasets.locate(dir.resolve("missing").toString(), null, dir).isEmpty());
    }

    @Test
    void nothingWhenNoParentHasSharedDatasets() throws Exception {
        Path lonely = Files.createDirectories(dir.resolve("a/b"));
        Files.createDirectories(dir.resolve("a/shared"));
        // The test machine's real folder may sit above the temp dir, so only the part below dir can be asserted.
        Optional<Path> found = SharedDatasets.locate(null, null, lonely);
        assertTrue(found.isEmpty() || !found.get().startsWith(dir), "found " + found);
    }
}
