package io.siamese.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zip archive that images are read from without extracting it (Omniglot is published as zips). The archive is
 * opened once, on first use, and shared by all its {@link ZipImage}s; {@link ZipFile} is safe for concurrent reads.
 */
public final class ZipArchive {

    private final Path path;
    private volatile ZipFile zip;

    public ZipArchive(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The bytes of one entry. */
    public byte[] read(String entry) throws IOException {
        ZipFile file = file();
        ZipEntry e = file.getEntry(entry);
        if (e == null) throw new IOException("no entry " + entry);
        try (InputStream in = file.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /** The opened archive. */
    public ZipFile file() throws IOException {
        ZipFile z = zip;
        if (z == null) {
            synchronized (this) {
                if (zip == null) zip = new ZipFile(path.toFile());
                z = zip;
            }
        }
        return z;
    }

    /** Opens the archive now, so a broken one is reported before training starts. */
    public ZipArchive check() {
        try {
            file();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open zip archive " + path + ": " + e.getMessage(), e);
        }
    }

    /** Two archives are equal when they are the same file, so images read twice from one zip compare equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ZipArchive other && path.toAbsolutePath().normalize().equals(other.path.toAbsolutePath().normalize());
    }

    @Override
    public int hashCode() {
        return path.toAbsolutePath().normalize().hashCode();
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
