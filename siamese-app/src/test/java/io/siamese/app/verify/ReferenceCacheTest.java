package io.siamese.app.verify;

import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.model.Embedding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceCacheTest {

    @TempDir
    Path dir;

    /** Embeds a file as its length and first byte, and remembers what it embedded. */
    private final List<Path> embedded = new ArrayList<>();
    private final ReferenceCache.Embedder embedder = file -> {
        embedded.add(file);
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 0 && bytes[0] == 'X') throw new ImageDecodeException(file + " is not a decodable image");
            return new Embedding(new float[] {bytes.length, bytes.length == 0 ? 0 : bytes[0]});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    };

    @Test
    void theFirstRefreshEmbedsEveryImageAndAnUnchangedFolderNothing() throws Exception {
        write("a.jpg", "aa");
        write("b.png", "bbb");
        write("notes.txt", "not an image");
        ReferenceCache cache = new ReferenceCache(dir, embedder);
        ReferenceCache.Snapshot first = cache.refresh();
        assertEquals(2, first.embedded());
        assertEquals(List.of(dir.resolve("a.jpg"), dir.resolve("b.png")), first.references().stream().map(ReferenceCache.Reference::file).toList());
        assertEquals(new Embedding(new float[] {2, 'a'}), first.embeddings().get(0));
        ReferenceCache.Snapshot second = cache.refresh();
        ReferenceCache.Snapshot third = cache.refresh();
        assertEquals(0, second.embedded());
        assertEquals(0, third.embedded());
        assertEquals(2, cache.embeddingsComputed());
        assertEquals(2, embedded.size());
        assertEquals(first.embeddings(), third.embeddings());
    }

    @Test
    void anAddedFileIsTheOnlyOneEmbedded() throws Exception {
        write("a.jpg", "aa");
        write("b.jpg", "bbb");
        ReferenceCache cache = new ReferenceCache(dir, embedder);
        cache.refresh();
        write("c.jpg", "cccc");
        ReferenceCache.Snapshot after = cache.refresh();
        assertEquals(1, after.embedded());
        assertEquals(3, after.references().size());
        assertEquals(List.of(dir.resolve("a.jpg"), dir.resolve("b.jpg"), dir.resolve("c.jpg")), embedded);
    }

    @Test
    void aRemovedFileIsDroppedWithoutEmbeddingAnything() throws Exception {
        write("a.jpg", "aa");
        write("b.jpg", "bbb");
        ReferenceCache cache = new ReferenceCache(dir, embedder);
        cache.refresh();
        Files.delete(dir.resolve("a.jpg"));
        ReferenceCache.Snapshot after = cache.refresh();
        assertEquals(0, after.embedded());
        assertEquals(1, after.removed());
        assertEquals(List.of(dir.resolve("b.jpg")), after.references().stream().map(ReferenceCache.Reference::file).toList());
        assertEquals(2, cache.embeddingsComputed());
    }

    @Test
    void aModifiedFileIsEmbeddedAgain() throws Exception {
        write("a.jpg", "aa");
        write("b.jpg", "bbb");
        ReferenceCache cache = new ReferenceCache(dir, embedder);
        cache.refresh();
        // Same size, new content and a new modification time: the stamp changes through the time.
        write("b.jpg", "BBB");
        Files.setLastModifiedTime(dir.resolve("b.jpg"), FileTime.from(Instant.now().plusSeconds(5)));
        ReferenceCache.Snapshot after = cache.refresh();
        assertEquals(1, after.embedded());
        assertEquals(1, after.removed());
        assertEquals(new Embedding(new float[] {3, 'B'}), after.embeddings().get(1));
        assertEquals(3, cache.embeddingsComputed());
    }

    @Test
    void anUnreadableFileIsSkippedAndNotRetriedUntilItChanges() throws Exception {
        write("a.jpg", "aa");
        write("bad.jpg", "XXX");
        ReferenceCache cache = new ReferenceCache(dir, embedder);
        ReferenceCache.Snapshot first = cache.refresh();
        assertEquals(1, first.references().size());
        assertTrue(first.skipped().get(dir.resolve("bad.jpg")).contains("not a decodable image"));
        cache.refresh();
        assertEquals(2, cache.embeddingsComputed(), "the broken file is not embedded again");
        write("bad.jpg", "fixed!");
        ReferenceCache.Snapshot fixed = cache.refresh();
        assertEquals(2, fixed.references().size());
        assertTrue(fixed.skipped().isEmpty());
    }

    @Test
    void anEmptyFolderGivesNoReferencesAndAMissingOneAClearError() throws Exception {
        assertTrue(new ReferenceCache(dir, embedder).refresh().isEmpty());
        DatasetException e = assertThrows(DatasetException.class, () -> new ReferenceCache(dir.resolve("missing"), embedder).refresh());
        assertTrue(e.getMessage().contains("reference folder not found: " + dir.resolve("missing")), e.getMessage());
    }

    private static final String KEY = "model A; whole images";

    @Test
    void aSecondCacheOnTheSameFolderEmbedsNothingAgain() throws Exception {
        write("a.jpg", "aa");
        write("b.png", "bbb");
        ReferenceCache first = new ReferenceCache(dir, embedder, KEY);
        ReferenceCache.Snapshot made = first.refresh();
        assertEquals(ReferenceCache.FileState.ABSENT, made.file());
        assertTrue(Files.isRegularFile(dir.resolve(ReferenceCache.FILE_NAME)));
        embedded.clear();
        // Another process: a new cache on the same folder and key.
        ReferenceCache second = new ReferenceCache(dir, embedder, KEY);
        ReferenceCache.Snapshot read = second.refresh();
        assertEquals(ReferenceCache.FileState.LOADED, read.file());
        assertEquals(0, read.embedded());
        assertEquals(0, second.embeddingsComputed());
        assertTrue(embedded.isEmpty(), "nothing embedded: " + embedded);
        assertEquals(made.embeddings(), read.embeddings(), "the embeddings come back exactly");
        assertEquals(made.references().stream().map(ReferenceCache.Reference::file).toList(), read.references().stream().map(ReferenceCache.Reference::file).toList());
    }

    @Test
    void aChangedAnAddedAndARemovedFileAreNoticedByTheNextProcess() throws Exception {
        write("a.jpg", "aa");
        write("b.jpg", "bbb");
        write("c.jpg", "cccc");
        new ReferenceCache(dir, embedder, KEY).refresh();
        embedded.clear();
        // Same size and the same modification time: only the content tells the change.
        FileTime time = Files.getLastModifiedTime(dir.resolve("b.jpg"));
        write("b.jpg", "BBB");
        Files.setLastModifiedTime(dir.resolve("b.jpg"), time);
        write("d.jpg", "ddddd");
        Files.delete(dir.resolve("c.jpg"));
        ReferenceCache.Snapshot after = new ReferenceCache(dir, embedder, KEY).refresh();
        assertEquals(List.of(dir.resolve("b.jpg"), dir.resolve("d.jpg")), embedded);
        assertEquals(2, after.embedded());
        assertEquals(2, after.removed(), "the old b and c");
        assertEquals(List.of(new Embedding(new float[] {2, 'a'}), new Embedding(new float[] {3, 'B'}), new Embedding(new float[] {5, 'd'})), after.embeddings());
        embedded.clear();
        ReferenceCache.Snapshot third = new ReferenceCache(dir, embedder, KEY).refresh();
        assertEquals(0, third.embedded(), "the file was brought up to date");
        assertEquals(after.embeddings(), third.embeddings());
    }

    @Test
    void aDamagedCacheFileIsRebuiltAndThenReadAgain() throws Exception {
        write("a.jpg", "aa");
        write("b.jpg", "bbb");
        new ReferenceCache(dir, embedder, KEY).refresh();
        Path file = dir.resolve(ReferenceCache.FILE_NAME);
        for (String damage : List.of("{\"format\": 1, \"key\": \"" + KEY + "\", \"entries\": [", "\u0000\u0001 not json", "null",
                Files.readString(file).replaceFirst("\"embedding\" : \"[^\"]+\"", "\"embedding\" : \"not base64!\""))) {
            Files.writeString(file, damage);
            embedded.clear();
            ReferenceCache.Snapshot rebuilt = new ReferenceCache(dir, embedder, KEY).refresh();
            assertEquals(ReferenceCache.FileState.DAMAGED, rebuilt.file(), damage);
            assertEquals(2, rebuilt.embedded(), damage);
            assertEquals(ReferenceCache.FileState.LOADED, new ReferenceCache(dir, embedder, KEY).refresh().file(), "the rebuilt file is sound");
        }
    }

    @Test
    void aCacheMadeForAnotherModelIsReplaced() throws Exception {
        write("a.jpg", "aa");
        new ReferenceCache(dir, embedder, KEY).refresh();
        embedded.clear();
        ReferenceCache.Snapshot other = new ReferenceCache(dir, embedder, "model B; whole images").refresh();
        assertEquals(ReferenceCache.FileState.OTHER_KEY, other.file());
        assertEquals(1, other.embedded());
        assertEquals(ReferenceCache.FileState.LOADED, new ReferenceCache(dir, embedder, "model B; whole images").refresh().file());
        assertEquals(ReferenceCache.FileState.OTHER_KEY, new ReferenceCache(dir, embedder, KEY).refresh().file());
    }

    @Test
    void aFailureIsRememberedAcrossProcessesUntilTheFileChanges() throws Exception {
        write("bad.jpg", "XXX");
        write("a.jpg", "aa");
        new ReferenceCache(dir, embedder, KEY).refresh();
        embedded.clear();
        ReferenceCache.Snapshot again = new ReferenceCache(dir, embedder, KEY).refresh();
        assertTrue(embedded.isEmpty(), "the undecodable file is not tried again");
        assertTrue(again.skipped().get(dir.resolve("bad.jpg")).contains("not a decodable image"));
    }

    @Test
    void aCacheFileThatCannotBeWrittenLeavesTheEmbeddingsInMemory() throws Exception {
        write("a.jpg", "aa");
        // A folder where the cache file should be: neither readable as a file nor replaceable, even by root.
        Files.createDirectories(dir.resolve(ReferenceCache.FILE_NAME).resolve("inside"));
        ReferenceCache cache = new ReferenceCache(dir, embedder, KEY);
        ReferenceCache.Snapshot first = cache.refresh();
        assertEquals(ReferenceCache.FileState.DAMAGED, first.file());
        assertEquals(1, first.references().size());
        assertEquals(0, cache.refresh().embedded(), "kept in memory");
        assertTrue(Files.isDirectory(dir.resolve(ReferenceCache.FILE_NAME)));
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }
}
