package io.siamese.app.verify;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImageFiles;
import io.siamese.model.Embedding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embeddings of a folder of reference images, computed once and kept. Each {@link #refresh()} lists the folder
 * (names, sizes and modification times, which costs microseconds per file) and embeds only the files that are new or
 * changed since the last refresh; removed files are dropped. A verification is then one embedding of the live face
 * plus the cheap head over the cached embeddings.
 *
 * <p>A file that cannot be embedded (not decodable) is reported in {@link Snapshot#skipped()} and not retried until
 * it changes. Thread-safe: refreshes are serialised.
 */
public final class ReferenceCache {

    private static final Logger log = LoggerFactory.getLogger(ReferenceCache.class);

    /** Computes the embedding of one reference image file. */
    @FunctionalInterface
    public interface Embedder {
        /**
         * @throws ImageDecodeException when the file is not a usable image
         */
        Embedding embed(Path image);
    }

    /** One cached reference. */
    public record Reference(Path file, Embedding embedding) {
    }

    /**
     * The references after a refresh.
     *
     * @param folder     the folder listed
     * @param references the usable references, sorted by file name
     * @param skipped    files that could not be embedded, with the reason
     * @param embedded   how many files this refresh embedded (0 when nothing changed)
     * @param removed    how many cached references this refresh dropped because their file is gone or changed
     */
    public record Snapshot(Path folder, List<Reference> references, Map<Path, String> skipped, int embedded, int removed) {
        public Snapshot {
            references = List.copyOf(references);
            skipped = Map.copyOf(skipped);
        }

        /** The embeddings in the order of {@link #references()}. */
        public List<Embedding> embeddings() {
            return references.stream().map(Reference::embedding).toList();
        }

        public boolean isEmpty() {
            return references.isEmpty();
        }
    }

    /** What identifies a version of a file: its size and modification time. */
    private record Stamp(long size, long modifiedNanos) {
    }

    private record Entry(Stamp stamp, Embedding embedding, String failure) {
    }

    private final Path folder;
    private final Embedder embedder;
    private final Map<Path, Entry> entries = new LinkedHashMap<>();
    /** Files in the folder that are not images: each is mentioned in the log once, not at every refresh. */
    private final DataProblems otherFiles = new DataProblems();
    private long embeddingsComputed;

    public ReferenceCache(Path folder, Embedder embedder) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    public Path folder() {
        return folder;
    }

    /** How many embeddings this cache has computed since it was made. */
    public synchronized long embeddingsComputed() {
        return embeddingsComputed;
    }

    /**
     * Brings the cache in line with the folder and returns its references.
     *
     * @throws DatasetException when the folder does not exist or cannot be listed
     */
    public synchronized Snapshot refresh() {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("reference folder not found: " + folder + " (add references with the window's 'Add reference' button, or copy face photos there)");
        }
        List<Path> files = ImageFiles.images(folder, otherFiles);
        Map<Path, Stamp> listing = new LinkedHashMap<>();
        for (Path file : files) {
            Stamp stamp = stamp(file);
            if (stamp != null) listing.put(file, stamp);
        }
        int removed = 0;
        for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().stamp().equals(listing.get(e.getKey()))) {
                if (e.getValue().embedding() != null) removed++;
                it.remove();
            }
        }
        int embedded = 0;
        for (Map.Entry<Path, Stamp> file : listing.entrySet()) {
            if (entries.containsKey(file.getKey())) continue;
            entries.put(file.getKey(), embed(file.getKey(), file.getValue()));
            embedded++;
        }
        if (embedded > 0 || removed > 0) {
            log.info("references in {}: {} embedded, {} dropped, {} in all", folder, embedded, removed, entries.size());
        }
        List<Reference> references = new ArrayList<>();
        Map<Path, String> skipped = new LinkedHashMap<>();
        for (Path file : listing.keySet()) {
            Entry entry = entries.get(file);
            if (entry.embedding() != null) references.add(new Reference(file, entry.embedding()));
            else skipped.put(file, entry.failure());
        }
        return new Snapshot(folder, references, skipped, embedded, removed);
    }

    private Entry embed(Path file, Stamp stamp) {
        embeddingsComputed++;
        try {
            return new Entry(stamp, Objects.requireNonNull(embedder.embed(file), "embedding"), null);
        } catch (ImageDecodeException e) {
            log.warn("reference {} skipped: {}", file, e.getMessage());
            return new Entry(stamp, null, e.getMessage());
        }
    }

    /** The file's size and modification time, or null when it vanished while the folder was being listed. */
    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return null;
        }
    }
}
