package io.siamese.data.lfw;

import io.siamese.data.DatasetException;
import io.siamese.data.ImageFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Brings LFW (or any tree of face images) into the original projects' {@code data/negative} folder, which their
 * READMEs told users to fill by hand. The source is a local folder, a local {@code .tgz}/{@code .tar.gz}/{@code .tar}/
 * {@code .zip} archive, or a URL the user gives (nothing is downloaded from a built-in address). Images land flat in
 * the target as {@code Name_0001.jpg}, whether the source has LFW's person folders or is already flat (every
 * {@code Name_0001.jpg} in one folder, as some public copies ship it); another file whose name does not start with
 * its folder's name gets that name in front ({@code s1/1.pgm} becomes {@code s1_1.pgm}). Names stay unique: a file already there with the same bytes is
 * left alone, a different one gets {@code _2}, {@code _3}, ... before its extension. Files that are not images
 * ({@code pairs.txt}, READMEs) are counted and skipped.
 *
 * <p>Archives are unpacked into a staging folder first and moved into place only when the whole archive was read
 * without fault, so a refused archive leaves the target untouched. An entry with an absolute path or a {@code ..}
 * segment, a symbolic or hard link, or a device entry is refused with a {@link DatasetException} naming the entry.
 *
 * <p>Downloads follow redirects (not from HTTPS to HTTP), log progress with an ETA every few seconds, and are
 * checked against a SHA-256 digest when one is given: on a mismatch the download is deleted and the exception shows
 * both digests. Instances hold no mutable state and may be shared.
 */
public final class LfwImporter {

    private static final Logger log = LoggerFactory.getLogger(LfwImporter.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** How often progress is logged by default. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

    /**
     * What an import did.
     *
     * @param target         the folder the images are in
     * @param copied         images written under their own name
     * @param renamed        images written under a numbered name because a different file had taken theirs
     * @param alreadyPresent images skipped because the target already held the same bytes under that name
     * @param skipped        files that are not images (pair lists, READMEs)
     */
    public record Result(Path target, int copied, int renamed, int alreadyPresent, int skipped) {
        /** Images in the target that came from this source (new or already there). */
        public int images() {
            return copied + renamed + alreadyPresent;
        }
    }

    private final HttpClient client;
    private final Duration progressInterval;

    /** An importer with the default progress interval; a download makes its own HTTP client, following redirects. */
    public LfwImporter() {
        this(null, DEFAULT_PROGRESS_INTERVAL);
    }

    /**
     * @param client           used for downloads (it should follow redirects), or null to make one per download
     * @param progressInterval how often a long copy or download logs its progress
     */
    public LfwImporter(HttpClient client, Duration progressInterval) {
        if (progressInterval == null || progressInterval.isNegative()) {
            throw new IllegalArgumentException("progressInterval must be zero or positive, got " + progressInterval);
        }
        this.client = client;
        this.progressInterval = progressInterval;
    }

    /**
     * Imports from a URL ({@code http://} or {@code https://}), a folder or an archive file into {@code target}.
     *
     * @param expectedSha256 the SHA-256 the download or archive must have (64 hex digits), or null not to check
     * @throws DatasetException for a refused or unusable source: bad digest, HTTP error, unsafe entry, no images
     * @throws IOException      when reading or writing fails
     */
    public Result importFrom(String source, Path target, String expectedSha256) throws IOException {
        checkDigestFormat(expectedSha256);
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path download = Files.createTempFile(parent, ".lfw-download-", ".archive");
            try {
                download(URI.create(source), download, expectedSha256);
                return importArchive(download, target);
            } finally {
                Files.deleteIfExists(download);
            }
        }
        Path path = Path.of(source);
        if (Files.isDirectory(path)) return importFolder(path, target);
        if (!Files.isRegularFile(path)) {
            throw new DatasetException("import: " + source + " is neither a URL, a folder nor a file; expected an LFW folder, "
                    + "lfw.tgz / .tar.gz / .tar / .zip, or an http(s) URL");
        }
        if (expectedSha256 != null) verify(path, expectedSha256);
        return importArchive(path, target);
    }

    /** Copies the images of a folder tree (LFW's {@code lfw/Name/Name_0001.jpg}, or any tree) flat into {@code target}. */
    public Result importFolder(Path folder, Path target) throws IOException {
        if (!Files.isDirectory(folder)) throw new DatasetException("import: " + folder + " is not a folder");
        Files.createDirectories(target);
        Path targetReal = target.toRealPath();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !insideTarget(p, targetReal)).sorted().toList();
        } catch (UncheckedIOException e) {
            throw new DatasetException("import: cannot read folder " + folder + ": " + e.getCause().getMessage(), e.getCause());
        }
        Counter counter = new Counter(target, "copying from " + folder, files.size());
        for (Path file : files) {
            if (!ImageFiles.isImage(file)) {
                counter.skipped++;
                continue;
            }
            Path parent = folder.relativize(file).getParent();
            String flat = flatName(parent == null ? null : parent.getFileName().toString(), file.getFileName().toString());
            counter.place(file, flat, false);
        }
        return counter.finish(folder.toString());
    }

    /**
     * Unpacks the images of a {@code .tgz}/{@code .tar.gz}/{@code .tar}/{@code .zip} archive (recognised by its first
     * bytes, whatever its name) flat into {@code target}.
     *
     * @throws DatasetException naming the entry when the archive holds an unsafe entry; the target is then unchanged
     */
    public Result importArchive(Path archive, Path target) throws IOException {
        if (!Files.isRegularFile(archive)) throw new DatasetException("import: archive " + archive + " not found");
        Files.createDirectories(target);
        Path staging = Files.createTempDirectory(target, ".import-");
        try {
            List<String> names = new ArrayList<>();
            int skipped = switch (format(archive)) {
                case GZIP_TAR -> {
                    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
                        yield unpackTar(in, archive, staging, names);
                    }
                }
                case TAR -> {
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
                        yield unpackTar(in, archive, staging, names);
                    }
                }
                case ZIP -> unpackZip(archive, staging, names);
            };
            Counter counter = new Counter(target, "moving into " + target, names.size());
            counter.skipped = skipped;
            for (int i = 0; i < names.size(); i++) counter.place(staging.resolve(stagedName(i)), names.get(i), true);
            return counter.finish(archive.toString());
        } finally {
            deleteTree(staging);
        }
    }

    /**
     * Downloads {@code url} to {@code file} (through {@code file.part}, moved into place when complete), logging
     * progress, and checks its SHA-256 when {@code expectedSha256} is given.
     *
     * @return {@code file}
     * @throws DatasetException for an HTTP error status or a digest mismatch (the download is then deleted)
     */
    public Path download(URI url, Path file, String expectedSha256) throws IOException {
        checkDigestFormat(expectedSha256);
        HttpRequest request = HttpRequest.newBuilder(url).GET().build();
        HttpResponse<InputStream> response;
        try {
            HttpClient http = client != null ? client
                    : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new DatasetException("download of " + url + " failed: HTTP " + response.statusCode()
                    + (response.uri().equals(url) ? "" : " from " + response.uri()));
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        MessageDigest digest = sha256();
        Progress progress = new Progress("downloading " + url, total);
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                progress.advance(n);
            }
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new IOException("download of " + url + " failed after " + progress.done + " bytes: " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
            Files.deleteIfExists(part);
            throw new DatasetException("download of " + url + " has the wrong SHA-256: expected " + expectedSha256.toLowerCase(Locale.ROOT)
                    + ", got " + actual + "; the download was deleted");
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        progress.finish();
        log.info("downloaded {} to {} ({} bytes, SHA-256 {}{})", url, file, progress.done, actual,
                expectedSha256 == null ? ", not checked" : ", as expected");
        return file;
    }

    /**
     * The flat file name of an image: the file name itself when it already starts with its folder's name (LFW's
     * {@code Name/Name_0001.jpg}), it is already an LFW name {@code Name_0001.jpg} (LFW copied flat, as in
     * {@code data/negative/Name_0001.jpg}), or it has no folder; else {@code folder_file}. Characters other than
     * letters, digits, '.', '-' and '_' become '_'.
     */
    static String flatName(String folder, String file) {
        boolean keep = folder == null || folder.isEmpty() || file.startsWith(folder + "_") || LfwTree.personOf(file).isPresent();
        String name = keep ? file : folder + "_" + file;
        return name.replaceAll("[^\\p{L}\\p{N}._-]", "_");
    }

    private enum Format { GZIP_TAR, TAR, ZIP }

    private static Format format(Path archive) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return Format.GZIP_TAR;
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return Format.ZIP;
        if (n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) return Format.TAR;
        throw new DatasetException("import: " + archive + " is not a .tgz, .tar.gz, .tar or .zip archive (unrecognised first bytes)");
    }

    private int unpackTar(InputStream in, Path archive, Path staging, List<String> names) throws IOException {
        int skipped = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isSymbolicLink()) throw refused(archive, name, "is a symbolic link to " + entry.getLinkName());
                if (entry.isLink()) throw refused(archive, name, "is a hard link to " + entry.getLinkName());
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) throw refused(archive, name, "is a device or pipe");
                checkPath(archive, name);
                if (entry.isDirectory()) continue;
                if (!entry.isFile()) {
                    skipped++;
                    continue;
                }
                skipped += stage(name, tar, staging, names) ? 0 : 1;
            }
        }
        return skipped;
    }

    private int unpackZip(Path archive, Path staging, List<String> names) throws IOException {
        int skipped = 0;
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                String name = entry.getName();
                if (entry.isUnixSymlink()) throw refused(archive, name, "is a symbolic link");
                checkPath(archive, name);
                if (entry.isDirectory()) continue;
                try (InputStream in = zip.getInputStream(entry)) {
                    skipped += stage(name, in, staging, names) ? 0 : 1;
                }
            }
        }
        return skipped;
    }

    /** Writes one archive entry to the staging folder when it is an image; false when it is not. */
    private static boolean stage(String entryName, InputStream data, Path staging, List<String> names) throws IOException {
        String[] parts = entryName.split("[/\\\\]");
        String file = parts[parts.length - 1];
        if (file.isEmpty() || file.startsWith(".") || entryName.contains("__MACOSX") || !ImageFiles.isImage(Path.of(file))) return false;
        String folder = parts.length >= 2 ? parts[parts.length - 2] : null;
        Files.copy(data, staging.resolve(stagedName(names.size())));
        names.add(flatName(folder, file));
        return true;
    }

    private static String stagedName(int index) {
        return String.format(Locale.ROOT, "%08d.staged", index);
    }

    /** Refuses absolute entry names and names that climb with {@code ..}. */
    private static void checkPath(Path archive, String name) {
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            throw refused(archive, name, "has an absolute path and would land outside the target");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) throw refused(archive, name, "climbs out with '..' and would land outside the target");
        }
    }

    private static DatasetException refused(Path archive, String entry, String why) {
        return new DatasetException("import: refused archive " + archive + ": entry '" + entry + "' " + why + "; nothing was imported");
    }

    private static void verify(Path file, String expectedSha256) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!expectedSha256.equalsIgnoreCase(actual)) {
            throw new DatasetException("import: " + file + " has the wrong SHA-256: expected " + expectedSha256.toLowerCase(Locale.ROOT)
                    + ", got " + actual);
        }
    }

    private static void checkDigestFormat(String expectedSha256) {
        if (expectedSha256 != null && !SHA256.matcher(expectedSha256).matches()) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 hexadecimal digits; got '" + expectedSha256 + "'");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static boolean insideTarget(Path file, Path targetReal) {
        try {
            return file.toRealPath().startsWith(targetReal);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Collections.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Places files in the target under unique names and counts what happened. */
    private final class Counter {
        final Path target;
        final Progress progress;
        int copied, renamed, alreadyPresent, skipped;

        Counter(Path target, String what, long total) {
            this.target = target;
            this.progress = new Progress(what, total);
            progress.unit = "files";
        }

        void place(Path source, String name, boolean move) throws IOException {
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            String extension = dot > 0 ? name.substring(dot) : "";
            for (int k = 1; ; k++) {
                Path destination = target.resolve(k == 1 ? name : stem + "_" + k + extension);
                if (!Files.exists(destination)) {
                    if (move) Files.move(source, destination);
                    else Files.copy(source, destination);
                    if (k == 1) copied++;
                    else renamed++;
                    break;
                }
                if (Files.mismatch(source, destination) == -1) {
                    alreadyPresent++;
                    break;
                }
            }
            progress.advance(1);
        }

        Result finish(String source) {
            Result result = new Result(target, copied, renamed, alreadyPresent, skipped);
            if (result.images() == 0) {
                throw new DatasetException("import: no images in " + source + "; expected LFW's lfw/Name/Name_0001.jpg "
                        + "(or any JPEG/PNG/BMP/PGM files)");
            }
            log.info("imported {} images from {} into {}: {} new, {} renamed to keep names unique, {} already there; {} other files skipped",
                    result.images(), source, target, copied, renamed, alreadyPresent, skipped);
            return result;
        }
    }

    /** Logs how far a long job is, with a rate and an ETA, at most once per progress interval. */
    private final class Progress {
        final String what;
        final long total;
        final long start = System.nanoTime();
        long lastLog = start;
        long done;
        String unit = "bytes";

        Progress(String what, long total) {
            this.what = what;
            this.total = total;
        }

        void advance(long amount) {
            done += amount;
            long now = System.nanoTime();
            if (now - lastLog >= progressInterval.toNanos()) {
                lastLog = now;
                log.info("{}: {}", what, status(now));
            }
        }

        void finish() {
            log.info("{}: {}", what, status(System.nanoTime()));
        }

        private String status(long now) {
            double seconds = Math.max(1e-9, (now - start) / 1e9);
            double rate = done / seconds;
            boolean bytes = unit.equals("bytes");
            String amount = bytes ? String.format(Locale.ROOT, "%.1f MB", done / 1e6) : done + " " + unit;
            String speed = bytes ? String.format(Locale.ROOT, "%.2f MB/s", rate / 1e6) : String.format(Locale.ROOT, "%.0f %s/s", rate, unit);
            if (total <= 0) return amount + ", " + speed;
            String of = bytes ? String.format(Locale.ROOT, "%.1f MB", total / 1e6) : total + " " + unit;
            long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
            return String.format(Locale.ROOT, "%s of %s (%.0f%%), %s, ETA %s", amount, of, 100.0 * done / total, speed,
                    eta < 0 ? "unknown" : formatSeconds(eta));
        }
    }

    private static String formatSeconds(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60)
                : seconds >= 60 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60) : seconds + " s";
    }
}
