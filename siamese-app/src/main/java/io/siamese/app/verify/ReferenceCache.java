package io.siamese.app.verify;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImageFiles;
import io.siamese.model.AtomicFiles;
import io.siamese.model.Embedding;
import io.siamese.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The embeddings of a folder of reference images, computed once and kept, in memory and in a cache file
 * {@value #FILE_NAME} beside the references. Each {@link #refresh()} lists the folder and hashes every image file's
 * content (SHA-256; a few milliseconds for fifty photos); only files whose content is new are embedded, and files
 * that are gone are dropped. A verification is then one embedding of the live face plus the cheap head over the
 * cached embeddings, in this process and in the next one.
 *
 * <p>The cache file is keyed by what the embeddings depend on: the model's identity ({@link ModelIdentity}) and the
 * preprocessing of references (face cropping or not). A file made for another key is replaced; a damaged one (not
 * JSON, another format, a broken entry) is rebuilt with a warning. A folder that cannot be written keeps the
 * embeddings in memory only, with one warning. The file is written atomically (temporary file, then rename), so
 * two processes at worst both embed and the last one's file stays.
 *
 * <p>A file that cannot be embedded (not decodable) is reported in {@link Snapshot#skipped()} and not retried until
 * its content changes. Thread-safe: refreshes are serialised.
 */
public final class ReferenceCache {

    private static final Logger log = LoggerFactory.getLogger(ReferenceCache.class);

    /** The cache file's name inside the reference folder (hidden: folder listings skip it). */
    public static final String FILE_NAME = ".siamese-embeddings.json";
    /** Bumped when the file's layout or the meaning of its embeddings changes. */
    static final int FORMAT = 1;

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

    /** What the cache file held when this cache first read it. */
    public enum FileState {
        /** The cache is not persistent (no key was given). */
        MEMORY_ONLY,
        /** There was no cache file yet. */
        ABSENT,
        /** The file was read and its entries used. */
        LOADED,
        /** The file was made for another model or preprocessing: every reference is embedded again. */
        OTHER_KEY,
        /** The file could not be read or parsed: it is rebuilt (a warning is logged). */
        DAMAGED
    }

    /**
     * The references after a refresh.
     *
     * @param folder     the folder listed
     * @param references the usable references, sorted by file name
     * @param skipped    files that could not be embedded, with the reason
     * @param embedded   how many files this refresh embedded (0 when nothing changed)
     * @param removed    how many cached references this refresh dropped because their file is gone or changed
     * @param file       what the cache file held when it was first read
     */
    public record Snapshot(Path folder, List<Reference> references, Map<Path, String> skipped, int embedded, int removed, FileState file) {
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

    /** The cache file's content. */
    record CacheFile(int format, String key, List<CacheEntry> entries) {
    }

    /**
     * One file of the folder in the cache file.
     *
     * @param file      the file's name in the folder
     * @param sha256    the file's content hash, lower-case hex
     * @param embedding the embedding's floats, little-endian, base64; null when the file could not be embedded
     * @param failure   why it could not be embedded, or null
     */
    record CacheEntry(String file, String sha256, String embedding, String failure) {
    }

    /** A file's cached state: its content hash and either its embedding or why it has none. */
    private record Entry(String hash, Embedding embedding, String failure) {
    }

    private final Path folder;
    private final Embedder embedder;
    private final String key;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Files in the folder that are not images: each is mentioned in the log once, not at every refresh. */
    private final DataProblems otherFiles = new DataProblems();
    private FileState fileState;
    private boolean writeFailed;
    private long embeddingsComputed;

    /** A cache in memory only (nothing is written beside the references). */
    public ReferenceCache(Path folder, Embedder embedder) {
        this(folder, embedder, null);
    }

    /**
     * A cache kept in {@code folder/}{@value #FILE_NAME} as well.
     *
     * @param key what the embeddings depend on (model identity and preprocessing); null for memory only
     */
    public ReferenceCache(Path folder, Embedder embedder, String key) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.key = key;
    }

    public Path folder() {
        return folder;
    }

    /** The cache file, or null for a cache in memory only. */
    public Path file() {
        return key == null ? null : folder.resolve(FILE_NAME);
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
        boolean firstRead = fileState == null;
        if (firstRead) fileState = key == null ? FileState.MEMORY_ONLY : readFile();
        boolean changed = firstRead && fileState != FileState.LOADED && fileState != FileState.MEMORY_ONLY;
        Map<String, Path> present = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<Path, String> unreadable = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                hashes.put(name(file), hash(file));
                present.put(name(file), file);
            } catch (IOException e) {
                // Vanished while listing, or unreadable: left out until it can be read.
                unreadable.put(file, "cannot read " + file + ": " + e.getMessage());
            }
        }
        int removed = 0;
        for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().hash().equals(hashes.get(e.getKey()))) {
                if (e.getValue().embedding() != null) removed++;
                it.remove();
                changed = true;
            }
        }
        int embedded = 0;
        for (Map.Entry<String, Path> file : present.entrySet()) {
            if (entries.containsKey(file.getKey())) continue;
            entries.put(file.getKey(), embed(file.getValue(), hashes.get(file.getKey())));
            embedded++;
            changed = true;
        }
        if (embedded > 0 || removed > 0) {
            log.info("references in {}: {} embedded, {} dropped, {} in all", folder, embedded, removed, entries.size());
        }
        if (changed && key != null && !(entries.isEmpty() && fileState == FileState.ABSENT)) writeFile();
        List<Reference> references = new ArrayList<>();
        Map<Path, String> skipped = new LinkedHashMap<>(unreadable);
        for (Map.Entry<String, Path> file : present.entrySet()) {
            Entry entry = entries.get(file.getKey());
            if (entry.embedding() != null) references.add(new Reference(file.getValue(), entry.embedding()));
            else skipped.put(file.getValue(), entry.failure());
        }
        return new Snapshot(folder, references, skipped, embedded, removed, fileState);
    }

    private Entry embed(Path file, String hash) {
        embeddingsComputed++;
        try {
            return new Entry(hash, Objects.requireNonNull(embedder.embed(file), "embedding"), null);
        } catch (ImageDecodeException e) {
            log.warn("reference {} skipped: {}", file, e.getMessage());
            return new Entry(hash, null, e.getMessage());
        }
    }

    /** Reads the cache file into {@link #entries} when it is sound and made for this key. */
    private FileState readFile() {
        Path file = file();
        if (!Files.exists(file)) return FileState.ABSENT;
        CacheFile content;
        try {
            content = Json.read(file, CacheFile.class);
            if (content == null) throw new IllegalArgumentException("the file is empty");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            log.warn("the reference cache {} is damaged ({}): rebuilding it", file, e.getMessage());
            return FileState.DAMAGED;
        }
        if (content.format() == FORMAT && !key.equals(content.key())) {
            log.info("the reference cache {} was made for another model or preprocessing: embedding the references again", file);
            return FileState.OTHER_KEY;
        }
        Map<String, Entry> read = new LinkedHashMap<>();
        try {
            if (content.format() != FORMAT) throw new IllegalArgumentException("format " + content.format() + ", expected " + FORMAT);
            if (content.entries() == null) throw new IllegalArgumentException("no entries");
            int dimension = -1;
            for (CacheEntry entry : content.entries()) {
                if (entry == null || entry.file() == null || entry.file().isEmpty() || entry.file().contains("/") || entry.file().contains("\\")) {
                    throw new IllegalArgumentException("an entry has no plain file name");
                }
                if (entry.sha256() == null || !entry.sha256().matches("[0-9a-f]{64}")) throw new IllegalArgumentException(entry.file() + " has no content hash");
                if (entry.embedding() == null) {
                    if (entry.failure() == null) throw new IllegalArgumentException(entry.file() + " has neither an embedding nor a failure");
                    read.put(entry.file(), new Entry(entry.sha256(), null, entry.failure()));
                    continue;
                }
                float[] values = decode(entry.embedding(), entry.file());
                if (dimension >= 0 && values.length != dimension) {
                    throw new IllegalArgumentException(entry.file() + " has " + values.length + " values, others " + dimension);
                }
                dimension = values.length;
                read.put(entry.file(), new Entry(entry.sha256(), new Embedding(values), null));
            }
        } catch (IllegalArgumentException e) {
            log.warn("the reference cache {} is damaged ({}): rebuilding it", file, e.getMessage());
            return FileState.DAMAGED;
        }
        entries.putAll(read);
        return FileState.LOADED;
    }

    private void writeFile() {
        List<CacheEntry> out = new ArrayList<>(entries.size());
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            out.add(new CacheEntry(e.getKey(), entry.hash(), entry.embedding() == null ? null : encode(entry.embedding()), entry.failure()));
        }
        try {
            AtomicFiles.writeString(file(), Json.write(new CacheFile(FORMAT, key, out)) + "\n");
        } catch (UncheckedIOException e) {
            if (!writeFailed) {
                log.warn("cannot write the reference cache {} ({}): the embeddings are kept in memory only", file(), e.getCause().getMessage());
                writeFailed = true;
            }
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    private static String hash(Path file) throws IOException {
        MessageDigest sha = ModelIdentity.sha256();
        sha.update(Files.readAllBytes(file));
        return HexFormat.of().formatHex(sha.digest());
    }

    static String encode(Embedding embedding) {
        float[] values = embedding.values();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) bytes.putFloat(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static float[] decode(String base64, String file) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + "'s embedding is not base64");
        }
        if (bytes.length == 0 || bytes.length % Float.BYTES != 0) throw new IllegalArgumentException(file + "'s embedding has " + bytes.length + " bytes");
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
            if (!Float.isFinite(values[i])) throw new IllegalArgumentException(file + "'s embedding holds a value that is not a number");
        }
        return values;
    }
}
