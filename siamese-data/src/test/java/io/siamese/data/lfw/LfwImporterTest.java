package io.siamese.data.lfw;

import com.sun.net.httpserver.HttpServer;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageFixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LfwImporterTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private final LfwImporter importer = new LfwImporter(
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build(), Duration.ZERO);

    /** LFW's layout in miniature: three people, one with two images, plus the pair list and a README. */
    private static Map<String, byte[]> lfwEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("lfw/Ann_Lee/Ann_Lee_0001.jpg", ImageFixtures.jpeg(16, 16, 1));
        entries.put("lfw/Ann_Lee/Ann_Lee_0002.jpg", ImageFixtures.jpeg(16, 16, 2));
        entries.put("lfw/Bo_Chen/Bo_Chen_0001.jpg", ImageFixtures.jpeg(16, 16, 3));
        entries.put("lfw/Cy_Diaz/Cy_Diaz_0001.jpg", ImageFixtures.jpeg(16, 16, 4));
        entries.put("lfw/README.txt", "Labeled Faces in the Wild".getBytes());
        return entries;
    }

    private static byte[] tgz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void serve(String path, int status, byte[] body, String location) {
        server.createContext(path, exchange -> {
            if (location != null) exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void downloadsATgzFollowingARedirectAndImportsItFlat() throws Exception {
        byte[] archive = tgz(lfwEntries());
        serve("/files/lfw.tgz", 200, archive, null);
        serve("/lfw", 302, null, "/files/lfw.tgz");
        Path target = dir.resolve("data/negative");
        LfwImporter.Result result = importer.importFrom(url("/lfw").toString(), target, sha256(archive).toUpperCase());
        assertEquals(4, result.copied());
        assertEquals(1, result.skipped(), "the README is not an image");
        assertEquals(List.of("Ann_Lee_0001.jpg", "Ann_Lee_0002.jpg", "Bo_Chen_0001.jpg", "Cy_Diaz_0001.jpg"), names(target));
        assertArrayEquals(lfwEntries().get("lfw/Bo_Chen/Bo_Chen_0001.jpg"), Files.readAllBytes(target.resolve("Bo_Chen_0001.jpg")));
        assertEquals(List.of("negative"), names(dir.resolve("data")), "neither the download nor the staging folder is left behind");
    }

    @Test
    void aChecksumMismatchDeletesTheDownloadAndShowsBothDigests() throws Exception {
        byte[] archive = tgz(lfwEntries());
        serve("/lfw.tgz", 200, archive, null);
        String wrong = "0".repeat(64);
        Path file = dir.resolve("lfw.tgz");
        DatasetException e = assertThrows(DatasetException.class, () -> importer.download(url("/lfw.tgz"), file, wrong));
        assertTrue(e.getMessage().contains("expected " + wrong) && e.getMessage().contains("got " + sha256(archive)), e.getMessage());
        assertFalse(Files.exists(file));
        assertEquals(List.of(), names(dir), "no partial file is left");

        Path target = dir.resolve("data/negative");
        assertThrows(DatasetException.class, () -> importer.importFrom(url("/lfw.tgz").toString(), target, wrong));
        assertFalse(Files.exists(target), "nothing was imported");
        assertEquals(List.of(), names(dir.resolve("data")), "the temporary download is deleted");
        assertThrows(IllegalArgumentException.class, () -> importer.download(url("/lfw.tgz"), file, "abc"));
    }

    @Test
    void theDefaultImporterMakesItsOwnClient() throws Exception {
        byte[] archive = tgz(lfwEntries());
        serve("/lfw.tgz", 200, archive, null);
        Path file = new LfwImporter().download(url("/lfw.tgz"), dir.resolve("lfw.tgz"), sha256(archive));
        assertArrayEquals(archive, Files.readAllBytes(file));
    }

    @Test
    void anHttpErrorIsNamedWithItsStatus() {
        serve("/gone", 404, "no such file".getBytes(), null);
        DatasetException e = assertThrows(DatasetException.class, () -> importer.download(url("/gone"), dir.resolve("x.tgz"), null));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("/gone"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.tgz")));
        assertFalse(Files.exists(dir.resolve("x.tgz.part")));
    }

    @Test
    void aZipSlipEntryIsRefusedAndNothingLands() throws Exception {
        Map<String, byte[]> entries = lfwEntries();
        entries.put("lfw/../../evil.jpg", ImageFixtures.jpeg(8, 8, 9));
        Path zip = ImageFixtures.zip(dir.resolve("lfw.zip"), entries);
        Path target = dir.resolve("data/negative");
        DatasetException e = assertThrows(DatasetException.class, () -> importer.importArchive(zip, target));
        assertTrue(e.getMessage().contains("'lfw/../../evil.jpg'") && e.getMessage().contains("outside the target"), e.getMessage());
        assertEquals(List.of(), names(target));
        assertFalse(Files.exists(dir.resolve("evil.jpg")));

        Path absolute = ImageFixtures.zip(dir.resolve("abs.zip"), Map.of("/tmp/evil.jpg", ImageFixtures.jpeg(8, 8, 9)));
        DatasetException abs = assertThrows(DatasetException.class, () -> importer.importArchive(absolute, target));
        assertTrue(abs.getMessage().contains("'/tmp/evil.jpg' has an absolute path"), abs.getMessage());
    }

    @Test
    void symbolicAndHardLinksInATarAreRefusedAndNothingLands() throws Exception {
        for (byte kind : new byte[] {TarConstants.LF_SYMLINK, TarConstants.LF_LINK}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                byte[] image = ImageFixtures.jpeg(8, 8, 1);
                TarArchiveEntry first = new TarArchiveEntry("lfw/Ann_Lee/Ann_Lee_0001.jpg");
                first.setSize(image.length);
                tar.putArchiveEntry(first);
                tar.write(image);
                tar.closeArchiveEntry();
                TarArchiveEntry link = new TarArchiveEntry("lfw/Ann_Lee/Ann_Lee_0002.jpg", kind);
                link.setLinkName("/etc/passwd");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            Path archive = Files.write(dir.resolve("links" + kind + ".tgz"), bytes.toByteArray());
            Path target = dir.resolve("negative" + kind);
            DatasetException e = assertThrows(DatasetException.class, () -> importer.importArchive(archive, target));
            assertTrue(e.getMessage().contains("'lfw/Ann_Lee/Ann_Lee_0002.jpg'"), e.getMessage());
            assertTrue(e.getMessage().contains(kind == TarConstants.LF_SYMLINK ? "symbolic link" : "hard link"), e.getMessage());
            assertEquals(List.of(), names(target), "the image before the link is not imported either");
        }
    }

    @Test
    void importingAgainKeepsNamesUniqueAndSkipsWhatIsThere() throws Exception {
        Path archive = Files.write(dir.resolve("lfw.tar.gz"), tgz(lfwEntries()));
        Path target = dir.resolve("negative");
        importer.importArchive(archive, target);
        LfwImporter.Result again = importer.importArchive(archive, target);
        assertEquals(4, again.alreadyPresent());
        assertEquals(0, again.copied() + again.renamed());

        Map<String, byte[]> other = new LinkedHashMap<>();
        other.put("elsewhere/Ann_Lee/Ann_Lee_0001.jpg", ImageFixtures.jpeg(16, 16, 77));
        LfwImporter.Result clash = importer.importArchive(ImageFixtures.zip(dir.resolve("other.zip"), other), target);
        assertEquals(1, clash.renamed());
        assertTrue(names(target).contains("Ann_Lee_0001_2.jpg"));
        assertEquals(5, names(target).size());
    }

    @Test
    void importsALocalFolderFlatPrefixingFilesThatDoNotCarryTheirFolderName() throws Exception {
        Path source = dir.resolve("faces");
        ImageFixtures.write(source.resolve("lfw/Ann_Lee/Ann_Lee_0001.jpg"), ImageFixtures.jpeg(16, 16, 1));
        ImageFixtures.write(source.resolve("s1/1.pgm"), ImageFixtures.jpeg(16, 16, 2));
        ImageFixtures.write(source.resolve("s2/1.pgm"), ImageFixtures.jpeg(16, 16, 3));
        ImageFixtures.write(source.resolve("pairs.txt"), "1\n".getBytes());
        Path target = dir.resolve("negative");
        LfwImporter.Result result = importer.importFrom(source.toString(), target, null);
        assertEquals(3, result.copied());
        assertEquals(1, result.skipped());
        assertEquals(List.of("Ann_Lee_0001.jpg", "s1_1.pgm", "s2_1.pgm"), names(target));
    }

    @Test
    void aLocalArchiveIsCheckedAgainstTheGivenDigest() throws Exception {
        Path archive = Files.write(dir.resolve("lfw.tgz"), tgz(lfwEntries()));
        DatasetException e = assertThrows(DatasetException.class,
                () -> importer.importFrom(archive.toString(), dir.resolve("negative"), "f".repeat(64)));
        assertTrue(e.getMessage().contains("wrong SHA-256"), e.getMessage());
        assertEquals(4, importer.importFrom(archive.toString(), dir.resolve("negative"), sha256(Files.readAllBytes(archive))).copied());
    }

    @Test
    void somethingThatIsNoArchiveOrHoldsNoImagesIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("lfw.tgz"), "not really an archive");
        DatasetException notArchive = assertThrows(DatasetException.class, () -> importer.importArchive(text, dir.resolve("negative")));
        assertTrue(notArchive.getMessage().contains("is not a .tgz"), notArchive.getMessage());
        Path noImages = ImageFixtures.zip(dir.resolve("docs.zip"), Map.of("lfw/README.txt", new byte[] {1}));
        DatasetException empty = assertThrows(DatasetException.class, () -> importer.importArchive(noImages, dir.resolve("negative")));
        assertTrue(empty.getMessage().contains("no images in " + noImages), empty.getMessage());
        assertThrows(DatasetException.class, () -> importer.importFrom(dir.resolve("absent").toString(), dir.resolve("negative"), null));
    }

    @Test
    void importsLfwThatIsAlreadyFlatUnderItsOwnNamesFromAFolderOrAnArchive() throws Exception {
        // The layout of the public GitHub copy: data/negative/Name_0001.jpg, every person in one folder.
        Path source = dir.resolve("copy");
        ImageFixtures.write(source.resolve("data/negative/Ann_Lee_0001.jpg"), ImageFixtures.jpeg(16, 16, 1));
        ImageFixtures.write(source.resolve("data/negative/Ann_Lee_0002.jpg"), ImageFixtures.jpeg(16, 16, 2));
        ImageFixtures.write(source.resolve("data/negative/Bo_Chen_0001.jpg"), ImageFixtures.jpeg(16, 16, 3));
        LfwImporter.Result fromFolder = importer.importFrom(source.toString(), dir.resolve("negative"), null);
        assertEquals(3, fromFolder.copied());
        assertEquals(List.of("Ann_Lee_0001.jpg", "Ann_Lee_0002.jpg", "Bo_Chen_0001.jpg"), names(dir.resolve("negative")));

        Map<String, byte[]> flat = new LinkedHashMap<>();
        flat.put("repo-main/data/negative/Ann_Lee_0001.jpg", ImageFixtures.jpeg(16, 16, 1));
        flat.put("repo-main/data/negative/Cy_Diaz_0001.jpg", ImageFixtures.jpeg(16, 16, 4));
        LfwImporter.Result fromArchive = importer.importArchive(ImageFixtures.zip(dir.resolve("copy.zip"), flat), dir.resolve("negative"));
        assertEquals(1, fromArchive.copied());
        assertEquals(1, fromArchive.alreadyPresent(), "the same image under the same LFW name is recognised");
        assertEquals(List.of("Ann_Lee_0001.jpg", "Ann_Lee_0002.jpg", "Bo_Chen_0001.jpg", "Cy_Diaz_0001.jpg"), names(dir.resolve("negative")));
    }

    @Test
    void flatNamesKeepLfwNamesAndPrefixOthers() {
        assertEquals("Ann_Lee_0001.jpg", LfwImporter.flatName("negative", "Ann_Lee_0001.jpg"));
        assertEquals("Ann_Lee_0001.jpg", LfwImporter.flatName("Ann_Lee", "Ann_Lee_0001.jpg"));
        assertEquals("s1_1.pgm", LfwImporter.flatName("s1", "1.pgm"));
        assertEquals("top.jpg", LfwImporter.flatName(null, "top.jpg"));
        assertEquals("a_b_c.jpg", LfwImporter.flatName("a b", "c.jpg"));
    }
}
