package io.siamese.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Preprocessed 8-bit images (decoded, face cut out, channels converted, centre square resized to the model's input),
 * kept so that each image is decoded, and its face detected, once: in memory for the life of this cache, and
 * optionally on disk so that the next run does not decode again. {@link ImagePreprocessor} consults it; augmentation
 * is applied afterwards to the cached image, so one entry serves every epoch.
 *
 * <p><b>Keys.</b> An entry is keyed by the SHA-256 of the image's encoded bytes together with a description of the
 * preprocessing (size, channels, face cropper and its parameters, pipeline version): a changed file, another size or
 * other cropping parameters are a different key, never a stale hit. A hit therefore still reads and hashes the file
 * (about 0.1 ms for an LFW photo, against 30-100 ms to decode it and find its face). Only {@link EncodedImage}s
 * (files, zip entries) are cached; images drawn by a generator and preprocessings whose face cropper cannot describe
 * itself ({@link FaceCropper#cacheKey()} empty) are computed every time.
 *
 * <p><b>Memory.</b> Entries are Java byte arrays on the heap, {@code H * W * C} bytes each (LFW's 13,233 images at
 * 64x64x3 take about 160 MB). Above {@link Config#memoryBytes()} no new entry is kept in memory (the entries already
 * there stay; one message is logged): later images come from the disk tier when there is one, else they are decoded
 * again.
 *
 * <p><b>Disk.</b> With a folder, entries are also written there, one small file per image and preprocessing
 * ({@code ab/abcdef....img}: a header naming the size, then the pixels), atomically, so concurrent runs may share a
 * folder. A damaged or foreign file is ignored and rewritten. Nothing else depends on the folder: delete it to
 * reclaim the space. The folder is {@code -Dsiamese.imageCache=PATH} (or the environment variable
 * {@code SIAMESE_IMAGE_CACHE}); {@code default} means {@link #userCacheFolder()}, {@code off} none. The
 * {@code ./siamese} launcher sets {@code default}; a library user gets memory only unless she names a folder.
 *
 * <p><b>Threads.</b> Safe to share. Two threads asking for the same missing image at once compute it once (the second
 * waits for the first, no lock is held while computing); different images are computed in parallel.
 */
public final class ImageCache {

    private static final Logger log = LoggerFactory.getLogger(ImageCache.class);

    /** System property naming the disk folder: a path, {@code default} ({@link #userCacheFolder()}) or {@code off}. */
    public static final String PROPERTY = "siamese.imageCache";
    /** Environment variable read when {@value #PROPERTY} is not set; same values. */
    public static final String ENVIRONMENT = "SIAMESE_IMAGE_CACHE";
    /** System property: the memory limit in MiB. */
    public static final String MEMORY_PROPERTY = "siamese.imageCache.memoryMb";
    /**
     * The version of the preprocessing pipeline, part of every key: raise it when what a cached image holds changes
     * (decoding, cropping or resizing code), so old disk entries are no longer used.
     */
    static final int PIPELINE_VERSION = 1;

    private static final byte[] MAGIC = "SIMGCAC1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 3 * Integer.BYTES;

    /**
     * How much a cache may keep and where.
     *
     * @param memoryBytes the most bytes of pixels kept in memory, at least 0 (0: none)
     * @param folder      where entries are kept on disk, or null for memory only
     */
    public record Config(long memoryBytes, Path folder) {

        /**
         * A quarter of the Java heap, at most 1 GiB ({@value #MEMORY_PROPERTY} overrides it); on disk where
         * {@value #PROPERTY} or {@value #ENVIRONMENT} says, else nowhere.
         */
        public static final Config DEFAULTS = new Config(
                defaultMemoryBytes(System.getProperty(MEMORY_PROPERTY), Runtime.getRuntime().maxMemory()),
                folderSetting(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT)).orElse(null));

        /** Nothing kept: every image is decoded every time (the behaviour before the cache). */
        public static final Config OFF = new Config(0, null);

        public Config {
            if (memoryBytes < 0) throw new IllegalArgumentException("memoryBytes must be >= 0, got " + memoryBytes);
        }

        public Config withMemoryBytes(long bytes) {
            return new Config(bytes, folder);
        }

        /** The same limits with entries kept in {@code newFolder} as well (null: memory only). */
        public Config withFolder(Path newFolder) {
            return new Config(memoryBytes, newFolder);
        }

        public Optional<Path> disk() {
            return Optional.ofNullable(folder);
        }
    }

    /** What a cache has done so far. */
    public record Stats(long memoryHits, long diskHits, long computed, long uncacheable, int memoryEntries, long memoryBytes) {
        public String describe() {
            return String.format(Locale.ROOT, "%d from memory, %d from disk, %d computed, %d not cacheable; %d images (%.1f MB) in memory",
                    memoryHits, diskHits, computed, uncacheable, memoryEntries, memoryBytes / (1024.0 * 1024.0));
        }
    }

    private final Config config;
    private final ConcurrentHashMap<String, byte[]> memory = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong memoryBytes = new AtomicLong();
    private final AtomicLong memoryHits = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong computed = new AtomicLong();
    private final AtomicLong uncacheable = new AtomicLong();
    private final AtomicBoolean memoryFullReported = new AtomicBoolean();
    private final AtomicBoolean diskFailed = new AtomicBoolean();

    private ImageCache(Config config) {
        this.config = config;
    }

    /** A cache with these limits. */
    public static ImageCache create(Config config) {
        return new ImageCache(config);
    }

    /** A cache with {@link Config#DEFAULTS}. */
    public static ImageCache standard() {
        return create(Config.DEFAULTS);
    }

    /** A cache that keeps nothing. */
    public static ImageCache none() {
        return create(Config.OFF);
    }

    public Config config() {
        return config;
    }

    /** The per-user cache folder: {@code $XDG_CACHE_HOME/siamese/images}, else {@code ~/.cache/siamese/images}. */
    public static Path userCacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("siamese").resolve("images");
    }

    /** The disk folder a property and environment value name (the property wins): a path, {@code default} or {@code off}. */
    static Optional<Path> folderSetting(String property, String environment) {
        for (String value : new String[] {property, environment}) {
            if (value == null || value.isBlank()) continue;
            String v = value.trim();
            if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("none")) return Optional.empty();
            if (v.equalsIgnoreCase("default")) return Optional.of(userCacheFolder());
            return Optional.of(Path.of(v).toAbsolutePath().normalize());
        }
        return Optional.empty();
    }

    /** The memory limit: {@code property} in MiB when set, else a quarter of {@code maxHeap}, at most 1 GiB. */
    static long defaultMemoryBytes(String property, long maxHeap) {
        if (property != null && !property.isBlank()) {
            try {
                long mb = Long.parseLong(property.trim());
                if (mb >= 0) return mb * 1024 * 1024;
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new IllegalArgumentException(MEMORY_PROPERTY + " must be a whole number of MiB >= 0, got '" + property + "'");
        }
        return Math.min(1L << 30, maxHeap / 4);
    }

    /**
     * The preprocessed pixels of {@code source}: from memory, from disk, or computed by {@code compute} (given the
     * encoded bytes, or null for a source that has none) and kept.
     *
     * @param preprocessing describes everything that decides the pixels, or null when that cannot be said (nothing is
     *                      cached then)
     * @param length        the number of bytes an entry must have ({@code H * W * C})
     * @param header        height, width and channels, written in front of the pixels on disk and checked on reading
     */
    byte[] pixels(ImageSource source, String preprocessing, int length, int[] header, Function<byte[], byte[]> compute) {
        if (preprocessing == null || !(source instanceof EncodedImage encodedImage)
                || (config.memoryBytes() == 0 && config.folder() == null)) {
            uncacheable.incrementAndGet();
            return compute.apply(source instanceof EncodedImage e ? e.encoded() : null);
        }
        byte[] encoded = encodedImage.encoded();
        String key = key(preprocessing, encoded);
        byte[] hit = memory.get(key);
        if (hit != null) {
            memoryHits.incrementAndGet();
            return hit;
        }
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> running = inFlight.putIfAbsent(key, mine);
        if (running != null) return await(running);
        try {
            byte[] pixels = memory.get(key);
            if (pixels == null) {
                pixels = readDisk(key, length, header);
                if (pixels != null) {
                    diskHits.incrementAndGet();
                } else {
                    pixels = compute.apply(encoded);
                    if (pixels.length != length) {
                        throw new IllegalStateException("preprocessing gave " + pixels.length + " bytes, expected " + length);
                    }
                    computed.incrementAndGet();
                    writeDisk(key, pixels, header);
                }
                remember(key, pixels);
            } else {
                memoryHits.incrementAndGet();
            }
            mine.complete(pixels);
            return pixels;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static byte[] await(CompletableFuture<byte[]> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private void remember(String key, byte[] pixels) {
        long limit = config.memoryBytes();
        long after = memoryBytes.addAndGet(pixels.length);
        if (after <= limit) {
            if (memory.putIfAbsent(key, pixels) != null) memoryBytes.addAndGet(-pixels.length);
            return;
        }
        memoryBytes.addAndGet(-pixels.length);
        if (limit > 0 && memoryFullReported.compareAndSet(false, true)) {
            log.info("image cache: the memory limit of {} MB is reached after {} images; further images {}", limit / (1024 * 1024),
                    memory.size(), config.folder() != null ? "are read from the disk cache " + config.folder() : "are decoded each time");
        }
    }

    /** What this cache has done so far. */
    public Stats stats() {
        return new Stats(memoryHits.get(), diskHits.get(), computed.get(), uncacheable.get(), memory.size(), memoryBytes.get());
    }

    /** Forgets what is held in memory (the disk tier stays). */
    public void clearMemory() {
        memory.clear();
        memoryBytes.set(0);
        memoryFullReported.set(false);
    }

    /** The hex SHA-256 of the preprocessing description and the encoded bytes. */
    static String key(String preprocessing, byte[] encoded) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        digest.update(("siamese image cache v" + PIPELINE_VERSION + "\n" + preprocessing + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(encoded);
        return HexFormat.of().formatHex(digest.digest());
    }

    private Path file(String key) {
        return config.folder().resolve(key.substring(0, 2)).resolve(key.substring(2) + ".img");
    }

    private byte[] readDisk(String key, int length, int[] header) {
        if (config.folder() == null) return null;
        Path file = file(key);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.debug("image cache: cannot read {}: {}", file, e.getMessage());
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        if (all.length != HEADER + length || !ByteBuffer.wrap(MAGIC).equals(in.slice(0, MAGIC.length))
                || in.getInt(MAGIC.length) != header[0] || in.getInt(MAGIC.length + 4) != header[1] || in.getInt(MAGIC.length + 8) != header[2]) {
            log.debug("image cache: {} is damaged or of another format; it is rewritten", file);
            return null;
        }
        byte[] pixels = new byte[length];
        System.arraycopy(all, HEADER, pixels, 0, length);
        return pixels;
    }

    private void writeDisk(String key, byte[] pixels, int[] header) {
        if (config.folder() == null || diskFailed.get()) return;
        Path file = file(key);
        ByteBuffer out = ByteBuffer.allocate(HEADER + pixels.length);
        out.put(MAGIC).putInt(header[0]).putInt(header[1]).putInt(header[2]).put(pixels);
        Path temporary = file.resolveSibling(file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temporary, out.array());
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The temporary file is left behind; it is never read.
            }
            if (diskFailed.compareAndSet(false, true)) {
                log.warn("image cache: cannot write to {} ({}); continuing with the memory cache only", config.folder(), e.getMessage());
            }
        }
    }
}
